import {
  type CameraKind,
  type CameraStatus,
  maskStreamUrl,
  streamProtocols,
} from '@onegrid/core/registry/places'
import type { TCamera, TCreateCamera, TUpdateCamera } from '../../../shared/api/places.ts'
import {
  blankCommon,
  type CommonForm,
  checkPlacing,
  commonBody,
  commonOf,
  isBlank,
  orNull,
  type PlaceFormSpec,
  type Problems,
  updateBody,
  withoutEmpty,
} from './place-form-common.ts'

export const cameraFields = [
  'name',
  'nationalCode',
  'kind',
  'status',
  'streamUrl',
  'ownerUnit',
  'address',
  'gridCode',
  'location',
  'tags',
  'note',
  'reason',
] as const
export type CameraField = (typeof cameraFields)[number]

export interface CameraForm extends CommonForm {
  name: string
  nationalCode: string
  kind: CameraKind
  status: CameraStatus
  /** Travels masked: typed anew to change it, left empty to keep it. */
  streamUrl: string
  ownerUnit: string
  address: string
}

export const blankCamera = (): CameraForm => ({
  name: '',
  nationalCode: '',
  kind: 'bullet',
  status: 'online',
  streamUrl: '',
  ownerUnit: '',
  address: '',
  ...blankCommon(),
})

export function cameraFormOf(c: TCamera): CameraForm {
  return {
    name: c.name,
    nationalCode: c.nationalCode ?? '',
    kind: c.kind,
    status: c.status,
    streamUrl: '',
    ownerUnit: c.ownerUnit ?? '',
    address: c.address ?? '',
    ...commonOf(c),
  }
}

/** A stream URL the server takes: a URL of a streaming protocol. */
export function isStreamUrl(raw: string): boolean {
  const value = raw.trim()
  if (!maskStreamUrl(value)) return false
  const protocol = new URL(value).protocol
  return streamProtocols.some((p) => p === protocol)
}

export function checkCamera(form: CameraForm): Problems<CameraField> {
  const problems: Problems<CameraField> = {}
  if (isBlank(form.name)) problems.name = 'required'
  if (!isBlank(form.nationalCode) && !/^\d{20}$/.test(form.nationalCode.trim()))
    problems.nationalCode = 'nationalCode'
  if (!isBlank(form.streamUrl) && !isStreamUrl(form.streamUrl)) problems.streamUrl = 'streamUrl'
  const placing = checkPlacing(form, true)
  if (placing) problems.location = placing
  return problems
}

function fullBody(form: CameraForm): TCreateCamera {
  return {
    name: form.name.trim(),
    nationalCode: orNull(form.nationalCode),
    kind: form.kind,
    status: form.status,
    ...(isBlank(form.streamUrl) ? {} : { streamUrl: form.streamUrl.trim() }),
    ownerUnit: orNull(form.ownerUnit),
    address: orNull(form.address),
    ...commonBody(form),
  }
}

export const cameraCreateBody = (form: CameraForm): TCreateCamera => withoutEmpty(fullBody(form))

export const cameraUpdateBody = (form: CameraForm, before: TCamera): TUpdateCamera =>
  updateBody(fullBody(form), fullBody(cameraFormOf(before)), before.version, form.reason)

/** The camera form, for usePlaceRecordForm. */
export const cameraForm: PlaceFormSpec<'camera', CameraField, CameraForm> = {
  kind: 'camera',
  fields: cameraFields,
  blank: blankCamera,
  formOf: cameraFormOf,
  check: checkCamera,
  createBody: cameraCreateBody,
  updateBody: cameraUpdateBody,
}
