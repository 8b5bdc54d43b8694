import type { TArea, TAreaFeatureCollection } from '@onegrid/core/api/areas'
import type {
  TAreaDetail,
  TAreaTreeNode,
  TGridFeature,
  TGridListQuery,
  TGridRow,
} from '@onegrid/core/api/grids'
import type { AreaLevel } from '@onegrid/core/codes/area-code'
import { sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'

export type AreaFilter = {
  code?: string
  under?: string | undefined
  level?: AreaLevel | undefined
  /** Map zoom: boundaries are simplified to about a pixel at this zoom. */
  zoom?: number | undefined
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** Degrees per screen pixel at a web-map zoom level (256-pixel tiles). */
const degreesPerPixel = (zoom: number) => 360 / (256 * 2 ** zoom)

/** Reads of the area tree; `under` is resolved to an ltree path and matched with <@. */
export class AreaQueries {
  constructor(private readonly db: Db) {}

  private base(filter: AreaFilter) {
    let q = this.db.selectFrom('areas')
    if (filter.under) {
      q = q.where(sql<boolean>`path <@ (SELECT path FROM areas WHERE code = ${filter.under})`)
    }
    if (filter.level) q = q.where('level', '=', filter.level)
    if (filter.code) q = q.where('code', '=', filter.code)
    return q
  }

  async list(filter: AreaFilter): Promise<TArea[]> {
    const rows = await this.base(filter)
      .select([
        'code',
        'name',
        'level',
        'parent_code',
        sql<string>`path::text`.as('path'),
        sql<boolean>`geom IS NOT NULL`.as('has_geometry'),
      ])
      .orderBy('path')
      .execute()
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parent_code,
      path: r.path,
      hasGeometry: r.has_geometry,
    }))
  }

  /** Names and levels of some areas by code (a list's grid, street and community names). */
  async names(codes: readonly string[]): Promise<Map<string, { name: string; level: string }>> {
    if (codes.length === 0) return new Map()
    const rows = await this.db
      .selectFrom('areas')
      .select(['code', 'name', 'level'])
      .where('code', 'in', [...new Set(codes)])
      .execute()
    return new Map(rows.map((r) => [r.code, { name: r.name, level: r.level }]))
  }

  async find(code: string): Promise<TArea | undefined> {
    const [area] = await this.list({ code })
    return area
  }

  /** Which of these codes are areas. */
  async existing(codes: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>()
    const unique = [...new Set(codes)]
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await this.db
        .selectFrom('areas')
        .select('code')
        .where('code', 'in', unique.slice(i, i + 1000))
        .execute()
      for (const r of rows) found.add(r.code)
    }
    return found
  }

  async pathOf(code: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('areas')
      .select(sql<string>`path::text`.as('path'))
      .where('code', '=', code)
      .executeTakeFirst()
    return row?.path
  }

  /** One area with ancestors, counts, figures summed over its grids, and its current boundary's facts. */
  async detail(code: string): Promise<TAreaDetail | undefined> {
    const row = await this.db
      .selectFrom('areas as a')
      .leftJoin('area_boundaries as b', (j) =>
        j.onRef('b.area_code', '=', 'a.code').on('b.valid_to', 'is', null),
      )
      .select([
        'a.code',
        'a.name',
        'a.level',
        'a.parent_code',
        sql<string>`a.path::text`.as('path'),
        sql<boolean>`a.geom IS NOT NULL`.as('has_geometry'),
        'a.grid_type',
        'a.served_unit',
        'a.households',
        'a.population',
        'a.responsible_party',
        'a.area_m2',
        'a.boundary_version',
        'b.valid_from',
        sql<number | null>`ST_XMin(a.geom)`.as('west'),
        sql<number | null>`ST_YMin(a.geom)`.as('south'),
        sql<number | null>`ST_XMax(a.geom)`.as('east'),
        sql<number | null>`ST_YMax(a.geom)`.as('north'),
        sql<number>`(SELECT count(*) FROM areas c WHERE c.parent_code = a.code)`.as('child_count'),
        sql<number>`(SELECT count(*) FROM areas g WHERE g.level = 'grid' AND g.path <@ a.path)`.as(
          'grid_count',
        ),
        sql<
          number | null
        >`(SELECT sum(g.households) FROM areas g WHERE g.level = 'grid' AND g.path <@ a.path)`.as(
          'sum_households',
        ),
        sql<
          number | null
        >`(SELECT sum(g.population) FROM areas g WHERE g.level = 'grid' AND g.path <@ a.path)`.as(
          'sum_population',
        ),
      ])
      .where('a.code', '=', code)
      .executeTakeFirst()
    if (!row) return undefined
    const ancestors = await this.db
      .selectFrom('areas')
      .select(['code', 'name', 'level'])
      .where(sql<boolean>`path @> (SELECT path FROM areas WHERE code = ${code})`)
      .where('code', '<>', code)
      .orderBy(sql`nlevel(path)`)
      .execute()
    const isGrid = row.level === 'grid'
    const num = (v: number | string | null) => (v === null ? null : Number(v))
    return {
      code: row.code,
      name: row.name,
      level: row.level,
      parentCode: row.parent_code,
      path: row.path,
      hasGeometry: row.has_geometry,
      ancestors,
      childCount: Number(row.child_count),
      gridCount: Number(row.grid_count),
      gridType: row.grid_type,
      servedUnit: row.served_unit,
      households: isGrid ? row.households : num(row.sum_households),
      population: isGrid ? row.population : num(row.sum_population),
      responsibleParty: row.responsible_party,
      areaM2: row.area_m2 === null ? null : Math.round(row.area_m2),
      boundaryVersion: row.boundary_version,
      validFrom: iso(row.valid_from),
      bbox:
        row.west === null || row.south === null || row.east === null || row.north === null
          ? null
          : [row.west, row.south, row.east, row.north],
    }
  }

  /**
   * The tree under `root` (or from the top), `depth` levels down, with grid
   * counts and households summed bottom-up over the whole subtree.
   */
  async tree(root: string | undefined, depth: number): Promise<TAreaTreeNode[]> {
    const rows = await this.db
      .selectFrom('areas')
      .select(['code', 'name', 'level', 'parent_code', 'households', sql<number>`nlevel(path)`.as('depth')])
      .$if(root !== undefined, (q) =>
        q.where(sql<boolean>`path <@ (SELECT path FROM areas WHERE code = ${root})`),
      )
      .orderBy('path')
      .execute()
    const nodes = new Map<string, TAreaTreeNode & { depth: number }>()
    const tops: (TAreaTreeNode & { depth: number })[] = []
    for (const r of rows) {
      const node = {
        code: r.code,
        name: r.name,
        level: r.level,
        gridCount: r.level === 'grid' ? 1 : 0,
        households: r.level === 'grid' ? r.households : null,
        children: [],
        depth: Number(r.depth),
      }
      nodes.set(r.code, node)
      const parent = r.parent_code ? nodes.get(r.parent_code) : undefined
      if (parent) parent.children.push(node)
      else tops.push(node)
    }
    // Rows come in path order, so walking them backwards visits children before parents.
    for (const r of [...rows].reverse()) {
      const node = nodes.get(r.code)
      const parent = r.parent_code ? nodes.get(r.parent_code) : undefined
      if (!node || !parent) continue
      parent.gridCount += node.gridCount
      if (node.households !== null) parent.households = (parent.households ?? 0) + node.households
    }
    const cut = (node: TAreaTreeNode & { depth: number }, left: number): TAreaTreeNode => ({
      code: node.code,
      name: node.name,
      level: node.level,
      gridCount: node.gridCount,
      households: node.households,
      children:
        left > 0 ? node.children.map((c) => cut(c as TAreaTreeNode & { depth: number }, left - 1)) : [],
    })
    return tops.map((t) => cut(t, depth))
  }

  async listGrids(scope: Scope, query: TGridListQuery): Promise<{ items: TGridRow[]; total: number }> {
    let q = this.db
      .selectFrom('areas as g')
      .innerJoin('areas as c', 'c.code', 'g.parent_code')
      .innerJoin('areas as s', 's.code', 'c.parent_code')
      .where('g.level', '=', 'grid')
      .where(inAreaScope('g.path', scope))
    if (query.under) q = q.where(sql<boolean>`g.path <@ (SELECT path FROM areas WHERE code = ${query.under})`)
    if (query.type) q = q.where('g.grid_type', '=', query.type)
    if (query.q) {
      const term = query.q
      q = /^\d+$/.test(term)
        ? q.where('g.code', 'like', `${term}%`)
        : q.where((eb) =>
            eb.or([
              eb('g.name', 'ilike', `%${term}%`),
              eb('c.name', 'ilike', `%${term}%`),
              eb('g.served_unit', 'ilike', `%${term}%`),
            ]),
          )
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
    const rows = await q
      .select([
        'g.code',
        'g.name',
        'g.grid_type',
        'g.served_unit',
        'g.households',
        'g.population',
        'g.responsible_party',
        'g.area_m2',
        'g.boundary_version',
        'c.code as community_code',
        'c.name as community_name',
        's.code as street_code',
        's.name as street_name',
      ])
      .orderBy('g.code')
      .limit(query.limit)
      .offset(query.offset)
      .execute()
    return {
      total: Number(total?.n ?? 0),
      items: rows.map((r) => ({
        code: r.code,
        name: r.name,
        community: { code: r.community_code, name: r.community_name, level: 'community' },
        street: { code: r.street_code, name: r.street_name, level: 'street' },
        gridType: r.grid_type ?? 'basic',
        servedUnit: r.served_unit,
        households: r.households,
        population: r.population,
        responsibleParty: r.responsible_party,
        areaM2: r.area_m2 === null ? null : Math.round(r.area_m2),
        boundaryVersion: r.boundary_version,
      })),
    }
  }

  /** A grid's boundary valid at `at` (now when absent), at full precision for editing. */
  async gridFeature(code: string, at: Date | null): Promise<TGridFeature | undefined> {
    const row = await this.db
      .selectFrom('area_boundaries as b')
      .innerJoin('areas as a', 'a.code', 'b.area_code')
      .select([
        'a.code',
        'a.name',
        'b.version',
        'b.valid_from',
        'b.valid_to',
        'b.area_m2',
        sql<string>`ST_AsGeoJSON(b.geom, 15)`.as('geometry'),
      ])
      .where('a.code', '=', code)
      .$if(at === null, (q) => q.where('b.valid_to', 'is', null))
      .$if(at !== null, (q) =>
        q
          .where('b.valid_from', '<=', at as Date)
          .where((eb) => eb.or([eb('b.valid_to', 'is', null), eb('b.valid_to', '>', at as Date)])),
      )
      .executeTakeFirst()
    if (!row) return undefined
    return {
      type: 'Feature',
      properties: {
        code: row.code,
        name: row.name,
        version: row.version,
        validFrom: new Date(row.valid_from).toISOString(),
        validTo: iso(row.valid_to),
        areaM2: Math.round(row.area_m2),
      },
      geometry: JSON.parse(row.geometry) as TGridFeature['geometry'],
    }
  }

  async history(code: string) {
    return this.db
      .selectFrom('area_boundaries')
      .select(['version', 'valid_from', 'valid_to', 'reason', 'area_m2', 'created_by', 'created_at'])
      .where('area_code', '=', code)
      .orderBy('version', 'desc')
      .execute()
  }

  /**
   * Boundaries for the map. With a zoom, each boundary is simplified to about
   * half a pixel and printed with no more decimals than that pixel needs, which
   * keeps the whole district's 1,809 grids small on the wire.
   */
  async geojson(filter: AreaFilter): Promise<TAreaFeatureCollection> {
    const zoom = filter.zoom
    const tolerance = zoom === undefined ? 0 : degreesPerPixel(zoom) / 2
    const digits = zoom === undefined ? 6 : Math.min(6, Math.max(3, Math.ceil(-Math.log10(tolerance)) + 1))
    const geometry =
      tolerance > 0
        ? sql<string>`ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(geom, ${tolerance})), ${digits})`
        : sql<string>`ST_AsGeoJSON(geom, ${digits})`
    const rows = await this.base(filter)
      .where('geom', 'is not', null)
      .select(['code', 'name', 'level', 'grid_type', 'households', geometry.as('geometry')])
      .orderBy('path')
      .execute()
    return {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature',
        properties: {
          code: r.code,
          name: r.name,
          level: r.level,
          ...(r.grid_type ? { gridType: r.grid_type } : {}),
          ...(r.households !== null ? { households: r.households } : {}),
        },
        geometry: JSON.parse(r.geometry) as TAreaFeatureCollection['features'][number]['geometry'],
      })),
    }
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('areas')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }
}
