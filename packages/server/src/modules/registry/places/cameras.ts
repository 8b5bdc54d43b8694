import type {
  TCamera,
  TCameraList,
  TCameraSummary,
  ZCreateCamera,
  ZPlaceQuery,
  ZUpdateCamera,
} from '@onegrid/core/api/places'
import {
  type CameraKind,
  type CameraStatus,
  cameraKinds,
  cameraStatuses,
  maskStreamUrl,
  streamProtocols,
} from '@onegrid/core/registry/places'
import { sql } from 'kysely'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import type { PiiCipher } from '../../../platform/crypto/pii-cipher.ts'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import type { PlaceRecords } from './place-records.ts'
import { type PlaceRowBase, type PlaceSpec, presentBase } from './place-spec.ts'
import type { PlaceColumns } from './place-store.ts'

type CameraRow = PlaceRowBase & {
  name: string
  nationalCode: string | null
  kind: CameraKind
  status: CameraStatus
  streamMasked: string | null
  ownerUnit: string | null
  address: string | null
}

export const cameraStreamContext = 'camera.stream_url'

export const cameraSpec: PlaceSpec<CameraRow, TCameraSummary> = {
  kind: 'camera',
  table: 'registry_cameras',
  word: text('视频监控', 'Camera'),
  select: sql`
    t.name, t.national_code AS "nationalCode", t.kind, t.status, t.stream_masked AS "streamMasked",
    t.owner_unit AS "ownerUnit", t.address`,
  searchable: ['name', 'address', 'national_code'],
  filters: {
    kind: { column: 'kind', values: cameraKinds },
    state: { column: 'status', values: cameraStatuses },
  },
  order: sql`t.name, t.id`,
  label: sql`t.name`,
  mapState: sql`t.status`,
  present: (r) => ({
    ...presentBase(r),
    name: r.name,
    nationalCode: r.nationalCode,
    kind: r.kind,
    status: r.status,
    streamUrlMasked: r.streamMasked,
    ownerUnit: r.ownerUnit,
    address: r.address,
  }),
  uniques: {
    registry_cameras_national_code_key: {
      field: 'nationalCode',
      message: text('该国标编码已登记', 'A camera with this device code is recorded already'),
    },
  },
  secrets: { streamUrl: { column: 'stream_cipher', context: cameraStreamContext } },
}

/** A camera's columns; the stream URL (credentials and all) only as ciphertext and a masked copy. */
function columnsOf(pii: PiiCipher, input: Partial<z.output<typeof ZCreateCamera>>): PlaceColumns {
  const columns: PlaceColumns = {
    name: input.name,
    national_code: input.nationalCode,
    kind: input.kind,
    status: input.status,
    owner_unit: input.ownerUnit,
    address: input.address,
    tags: input.tags,
    note: input.note,
  }
  if (input.streamUrl === null) {
    columns.stream_cipher = null
    columns.stream_masked = null
  } else if (input.streamUrl !== undefined) {
    const masked = maskStreamUrl(input.streamUrl)
    const protocol = masked ? new URL(input.streamUrl).protocol : null
    if (!masked || !streamProtocols.some((p) => p === protocol))
      throw new ValidationError({
        streamUrl: text(
          '视频流地址应以 rtsp://、rtmp://、http(s):// 或 webrtc:// 开头',
          'A stream URL starts with rtsp://, rtmp://, http(s):// or webrtc://',
        ),
      })
    columns.stream_cipher = pii.encrypt(input.streamUrl, cameraStreamContext)
    columns.stream_masked = masked
  }
  return columns
}

/** 视频监控: where the cameras are and how to reach their streams; a camera without a place is not useful. */
export class CameraService {
  constructor(private readonly records: PlaceRecords) {}

  async create(p: UserPrincipal, actor: Actor, input: z.output<typeof ZCreateCamera>): Promise<TCamera> {
    if (!input.location)
      throw new ValidationError({ location: text('请在地图上标出摄像机位置', 'Mark the camera on the map') })
    const columns = columnsOf(this.records.ports.pii, input)
    const placed = await this.records.placed(p, input)
    if (!placed) throw new Error('a new camera is always placed')
    const id = await this.records.create(p, actor, cameraSpec, columns, placed)
    return this.get(p, id)
  }

  async update(
    p: UserPrincipal,
    actor: Actor,
    id: number,
    input: z.output<typeof ZUpdateCamera>,
  ): Promise<TCamera> {
    const before = await this.records.inScope(p, cameraSpec, id)
    if (input.location === null)
      throw new ValidationError({ location: text('摄像机位置不能清除', 'A camera keeps its place') })
    const columns = columnsOf(this.records.ports.pii, input)
    const placed = await this.records.placed(p, input, before)
    await this.records.update(p, actor, cameraSpec, before, input, columns, placed)
    return this.get(p, id)
  }

  async get(p: UserPrincipal, id: number): Promise<TCamera> {
    const { summary, history, cases, createdAt } = await this.records.detail(p, cameraSpec, id)
    return { ...summary, history, cases, createdAt }
  }

  search(p: UserPrincipal, input: z.output<typeof ZPlaceQuery>): Promise<TCameraList> {
    return this.records.search(p, cameraSpec, input)
  }
}
