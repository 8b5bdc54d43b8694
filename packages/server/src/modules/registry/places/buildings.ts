import type {
  TBuilding,
  TBuildingList,
  TBuildingSummary,
  ZCreateBuilding,
  ZPlaceQuery,
  ZUpdateBuilding,
} from '@onegrid/core/api/places'
import { type BuildingUse, buildingUses } from '@onegrid/core/registry/places'
import { sql } from 'kysely'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../../platform/auth/principal.ts'
import { text } from '../../../platform/http/errors.ts'
import type { HouseService } from './houses.ts'
import type { PlaceRecords } from './place-records.ts'
import { type PlaceRowBase, type PlaceSpec, presentBase } from './place-spec.ts'
import type { PlaceColumns } from './place-store.ts'

type BuildingRow = PlaceRowBase & {
  communityCode: string
  number: string
  name: string | null
  address: string
  floorsAbove: number
  floorsBelow: number
  use: BuildingUse
  builtYear: number | null
  houses: number
}

export const buildingSpec: PlaceSpec<BuildingRow, TBuildingSummary> = {
  kind: 'building',
  table: 'registry_buildings',
  word: text('楼栋', 'Building'),
  select: sql`
    t.community_code AS "communityCode", t.number, t.name, t.address, t.floors_above AS "floorsAbove",
    t.floors_below AS "floorsBelow", t.use, t.built_year AS "builtYear",
    (SELECT count(*)::int FROM registry_houses h WHERE h.building_id = t.id) AS houses`,
  searchable: ['address', 'name', 'number'],
  filters: { use: { column: 'use', values: buildingUses } },
  order: sql`t.community_code, t.number`,
  label: sql`coalesce(t.name, t.address)`,
  mapState: sql`t.use`,
  present: (r) => ({
    ...presentBase(r),
    number: r.number,
    code: `${r.communityCode}${r.number}`,
    name: r.name,
    address: r.address,
    floorsAbove: r.floorsAbove,
    floorsBelow: r.floorsBelow,
    use: r.use,
    builtYear: r.builtYear,
    houses: r.houses,
  }),
  uniques: {
    registry_buildings_community_code_number_key: {
      field: 'number',
      message: text('本社区已有该楼栋编码', 'The community has a building with this number already'),
    },
  },
}

/** The community of a grid's area path (district.street.community.grid). */
function communityOf(areaPath: string): string {
  const community = areaPath.split('.')[2]
  if (!community) throw new Error(`area path ${areaPath} has no community`)
  return community
}

function columnsOf(input: Partial<z.output<typeof ZCreateBuilding>>): PlaceColumns {
  return {
    number: input.number,
    name: input.name,
    address: input.address,
    floors_above: input.floorsAbove,
    floors_below: input.floorsBelow,
    use: input.use,
    built_year: input.builtYear,
    tags: input.tags,
    note: input.note,
  }
}

/** 楼栋: numbered within their community, placed on the map; their houses listed on their page. */
export class BuildingService {
  constructor(
    private readonly records: PlaceRecords,
    private readonly houses: () => HouseService,
  ) {}

  async create(p: UserPrincipal, actor: Actor, input: z.output<typeof ZCreateBuilding>): Promise<TBuilding> {
    const placed = await this.records.placed(p, input)
    if (!placed) throw new Error('a new building is always placed')
    const id = await this.records.create(
      p,
      actor,
      buildingSpec,
      {
        ...columnsOf(input),
        community_code: communityOf(placed.areaPath),
      },
      placed,
    )
    return this.get(p, id)
  }

  async update(
    p: UserPrincipal,
    actor: Actor,
    id: number,
    input: z.output<typeof ZUpdateBuilding>,
  ): Promise<TBuilding> {
    const before = await this.records.inScope(p, buildingSpec, id)
    const placed = await this.records.placed(p, input, before)
    await this.records.update(
      p,
      actor,
      buildingSpec,
      before,
      input,
      { ...columnsOf(input), ...(placed ? { community_code: communityOf(placed.areaPath) } : {}) },
      placed,
    )
    return this.get(p, id)
  }

  async get(p: UserPrincipal, id: number): Promise<TBuilding> {
    const { summary, history, cases, createdAt } = await this.records.detail(p, buildingSpec, id)
    return { ...summary, history, cases, createdAt, houseList: await this.houses().ofBuilding(p, id) }
  }

  search(p: UserPrincipal, input: z.output<typeof ZPlaceQuery>): Promise<TBuildingList> {
    return this.records.search(p, buildingSpec, input)
  }
}
