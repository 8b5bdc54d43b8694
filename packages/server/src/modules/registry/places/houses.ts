import type {
  THouse,
  THouseList,
  THouseSummary,
  ZCreateHouse,
  ZPlaceQuery,
  ZUpdateHouse,
} from '@onegrid/core/api/places'
import { type HouseUse, houseAddress, houseUses } from '@onegrid/core/registry/places'
import { type RawBuilder, sql } from 'kysely'
import type { z } from 'zod'
import { type Actor, pathInScope, type UserPrincipal } from '../../../platform/auth/principal.ts'
import { maskName } from '../../../platform/crypto/mask.ts'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import { buildingSpec } from './buildings.ts'
import { organizationSpec } from './organizations.ts'
import type { PlaceRecords } from './place-records.ts'
import { type PlaceRowBase, type PlaceSpec, type PresentContext, presentBase } from './place-spec.ts'
import type { PlaceColumns } from './place-store.ts'
import type { TenancyService } from './tenancies.ts'

type HouseRow = PlaceRowBase & {
  buildingId: number | null
  buildingName: string | null
  buildingNumber: string | null
  unit: string | null
  floor: number | null
  roomNo: string
  address: string
  areaM2: number | null
  use: HouseUse
  rooms: number | null
  ownerPersonId: number | null
  ownerPersonName: string | null
  ownerPersonPath: string | null
  ownerOrganizationId: number | null
  ownerOrganizationName: string | null
  ownerName: string | null
  /** End dates of its tenancies (null: open-ended), to count the current ones on the reader's day. */
  tenancyEnds: Array<string | null>
}

/** A tenancy is current on `today` when it has no end or ends today or later. */
export const isCurrent = (end: string | null, today: string) => end === null || end >= today

function ownerOf(r: HouseRow, { p }: PresentContext): string | null {
  if (r.ownerPersonId !== null && r.ownerPersonName !== null)
    // A person outside the caller's jurisdiction is named masked, as a case names its parties.
    return r.ownerPersonPath && pathInScope(r.ownerPersonPath, p.scope)
      ? r.ownerPersonName
      : maskName(r.ownerPersonName)
  return r.ownerOrganizationName ?? r.ownerName
}

export const houseSpec: PlaceSpec<HouseRow, THouseSummary> = {
  kind: 'house',
  table: 'registry_houses',
  word: text('房屋', 'House'),
  select: sql`
    t.building_id AS "buildingId", b.name AS "buildingName", b.number AS "buildingNumber",
    t.unit, t.floor, t.room_no AS "roomNo", t.address, t.area_m2 AS "areaM2",
    t.use, t.rooms, t.owner_person_id AS "ownerPersonId", op.name AS "ownerPersonName",
    op.area_path::text AS "ownerPersonPath", t.owner_organization_id AS "ownerOrganizationId",
    oo.name AS "ownerOrganizationName", t.owner_name AS "ownerName",
    coalesce((SELECT array_agg(r.end_date::text) FROM registry_tenancies r WHERE r.house_id = t.id),
      CAST('{}' AS text[])) AS "tenancyEnds"`,
  // The building is joined, not looked up per row: a list names each house's building in the same read.
  joins: sql`
    LEFT JOIN registry_buildings b ON b.id = t.building_id
    LEFT JOIN registry_persons op ON op.id = t.owner_person_id
    LEFT JOIN registry_organizations oo ON oo.id = t.owner_organization_id`,
  searchable: ['address', 'room_no', 'owner_name'],
  filters: { use: { column: 'use', values: houseUses } },
  order: sql`t.building_id NULLS LAST, t.unit NULLS FIRST, t.floor NULLS FIRST, t.room_no, t.id`,
  label: sql`t.address`,
  mapState: sql`t.use`,
  present: (r, ctx) => ({
    ...presentBase(r),
    buildingId: r.buildingId,
    buildingName: r.buildingName,
    buildingNumber: r.buildingNumber,
    unit: r.unit,
    floor: r.floor,
    roomNo: r.roomNo,
    address: r.address,
    areaM2: r.areaM2,
    use: r.use,
    rooms: r.rooms,
    owner: ownerOf(r, ctx),
    ownerPersonId: r.ownerPersonId,
    ownerOrganizationId: r.ownerOrganizationId,
    currentTenants: r.tenancyEnds.filter((end) => isCurrent(end, ctx.today)).length,
  }),
  uniques: {
    registry_houses_room_idx: {
      field: 'roomNo',
      message: text('该楼栋单元已有此房号', 'The building’s unit has this room already'),
    },
  },
}

type HouseInput = Partial<z.output<typeof ZCreateHouse>>

function columnsOf(input: HouseInput): PlaceColumns {
  return {
    building_id: input.buildingId,
    unit: input.unit,
    floor: input.floor,
    room_no: input.roomNo,
    address: input.address,
    area_m2: input.areaM2,
    use: input.use,
    rooms: input.rooms,
    owner_person_id: input.ownerPersonId,
    owner_organization_id: input.ownerOrganizationId,
    owner_name: input.ownerName,
    tags: input.tags,
    note: input.note,
  }
}

/** 房屋: a room of a building or a house standing alone; its owner, use, tenants and households. */
export class HouseService {
  constructor(
    private readonly records: PlaceRecords,
    private readonly tenancies: TenancyService,
  ) {}

  /** The owner must be a record the caller may see: a person or an organization in scope. */
  private async checkOwner(p: UserPrincipal, input: HouseInput): Promise<void> {
    const { registryQueries, queries } = this.records.ports
    if (input.ownerPersonId) {
      const owner = await registryQueries.person(input.ownerPersonId)
      if (!owner || !pathInScope(owner.areaPath, p.scope))
        throw new ValidationError({
          ownerPersonId: text('产权人不存在或不在您的辖区内', 'No such owner in your jurisdiction'),
        })
    }
    if (input.ownerOrganizationId) {
      const owner = await queries.row(organizationSpec, input.ownerOrganizationId)
      if (!owner || !pathInScope(owner.areaPath, p.scope))
        throw new ValidationError({
          ownerOrganizationId: text(
            '产权单位不存在或不在您的辖区内',
            'No such organization in your jurisdiction',
          ),
        })
    }
  }

  /** The building named, in scope; its address and place are the house's defaults. */
  private async buildingOf(p: UserPrincipal, id: number) {
    const building = await this.records.ports.queries.row(buildingSpec, id)
    if (!building || !pathInScope(building.areaPath, p.scope))
      throw new ValidationError({
        buildingId: text('楼栋不存在或不在您的辖区内', 'No such building in your jurisdiction'),
      })
    return building
  }

  async create(p: UserPrincipal, actor: Actor, input: z.output<typeof ZCreateHouse>): Promise<THouse> {
    await this.checkOwner(p, input)
    const building = input.buildingId ? await this.buildingOf(p, input.buildingId) : null
    const address =
      input.address ?? (building ? houseAddress(building.address, input.unit, input.roomNo) : undefined)
    if (!address)
      throw new ValidationError({
        address: text('独立房屋请填写地址', 'A house outside a building needs its address'),
      })
    const location =
      input.location !== undefined
        ? input.location
        : building && building.lng !== null && building.lat !== null
          ? { lng: building.lng, lat: building.lat }
          : undefined
    const placed = await this.records.placed(p, {
      // A house in a building is in the building's grid unless another is chosen.
      gridCode: input.gridCode ?? building?.gridCode,
      location,
    })
    if (!placed) throw new Error('a new house is always placed')
    const id = await this.records.create(p, actor, houseSpec, { ...columnsOf(input), address }, placed)
    return this.get(p, id)
  }

  async update(
    p: UserPrincipal,
    actor: Actor,
    id: number,
    input: z.output<typeof ZUpdateHouse>,
  ): Promise<THouse> {
    const before = await this.records.inScope(p, houseSpec, id)
    await this.checkOwner(p, input)
    if (input.buildingId) await this.buildingOf(p, input.buildingId)
    const placed = await this.records.placed(p, input, before)
    await this.records.update(p, actor, houseSpec, before, input, columnsOf(input), placed)
    return this.get(p, id)
  }

  async get(p: UserPrincipal, id: number): Promise<THouse> {
    const { summary, history, cases, createdAt } = await this.records.detail(p, houseSpec, id)
    const [tenancies, households] = await Promise.all([this.tenancies.ofHouse(p, id), this.householdsOf(id)])
    return { ...summary, history, cases, createdAt, tenancies, households }
  }

  /** The registry's households living in the house: size and householder. */
  private async householdsOf(id: number): Promise<THouse['households']> {
    const { rows } = await sql<{ id: number; members: number; head: string | null }>`
      SELECT h.id, count(m.id)::int AS members,
        (array_agg(m.name ORDER BY m.relation NULLS LAST, m.id))[1] AS head
      FROM registry_households h LEFT JOIN registry_persons m ON m.household_id = h.id AND m.status = 'active'
      WHERE h.house_id = ${id} GROUP BY h.id ORDER BY h.id`.execute(this.records.ports.db)
    return rows
  }

  /** Houses of a building, for its page (all of them: a building has a few hundred at most). */
  async ofBuilding(p: UserPrincipal, buildingId: number): Promise<THouseSummary[]> {
    const rows = await this.records.ports.queries.rows(
      houseSpec,
      sql<boolean>`t.building_id = ${buildingId}`,
      1000,
    )
    const ctx = this.records.context(p)
    return rows.filter((r) => pathInScope(r.areaPath, p.scope)).map((r) => houseSpec.present(r, ctx))
  }

  /** Houses an organization owns. */
  async ofOrganization(p: UserPrincipal, organizationId: number): Promise<THouseSummary[]> {
    const rows = await this.records.ports.queries.rows(
      houseSpec,
      sql<boolean>`t.owner_organization_id = ${organizationId}`,
      200,
    )
    const ctx = this.records.context(p)
    return rows.filter((r) => pathInScope(r.areaPath, p.scope)).map((r) => houseSpec.present(r, ctx))
  }

  search(p: UserPrincipal, input: z.output<typeof ZPlaceQuery>): Promise<THouseList> {
    const where: RawBuilder<boolean>[] = []
    if (input.buildingId) where.push(sql<boolean>`t.building_id = ${input.buildingId}`)
    if (input.rented !== undefined) {
      const today = this.records.context(p).today
      const current = sql<boolean>`EXISTS (SELECT 1 FROM registry_tenancies r WHERE r.house_id = t.id
        AND (r.end_date IS NULL OR r.end_date >= CAST(${today} AS date)))`
      where.push(input.rented ? current : sql<boolean>`NOT ${current}`)
    }
    return this.records.search(p, houseSpec, input, where)
  }
}
