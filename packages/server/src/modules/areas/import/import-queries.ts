import type { TGridType } from '@onegrid/core/api/grids'
import type { AreaLevel } from '@onegrid/core/codes/area-code'
import { sql } from 'kysely'
import type { Scope } from '../../../platform/auth/principal.ts'
import { inAreaScope } from '../../../platform/auth/scope-sql.ts'
import type { Db } from '../../../platform/db/database.ts'
import type { Position } from './reproject.ts'

export type KnownArea = { code: string; name: string; level: AreaLevel; path: string }

export type GridAttributes = {
  code: string
  name: string
  level: AreaLevel
  path: string
  communityName: string | null
  gridType: TGridType | null
  servedUnit: string | null
  households: number | null
  population: number | null
  responsibleParty: string | null
  areaM2: number | null
}

export type ExportedArea = {
  code: string
  name: string
  level: AreaLevel
  parentCode: string | null
  geometry: string
}

/** Reads for imports and exports of the grid network; every executor may be a transaction. */
export class ImportQueries {
  constructor(private readonly db: Db) {}

  /** Existing areas among `codes` (each code bound on its own: no array parameters). */
  async known(codes: Iterable<string>, executor: Db = this.db): Promise<Map<string, KnownArea>> {
    const list = [...new Set(codes)]
    if (list.length === 0) return new Map()
    const rows = await executor
      .selectFrom('areas')
      .select(['code', 'name', 'level', sql<string>`path::text`.as('path')])
      .where('code', 'in', list)
      .execute()
    return new Map(rows.map((r) => [r.code, r]))
  }

  /** The grid attributes a boundary import must keep, keyed by code. */
  async attributesOf(codes: string[], executor: Db = this.db): Promise<Map<string, GridAttributes>> {
    if (codes.length === 0) return new Map()
    const rows = await this.attributeRows(executor).where('a.code', 'in', codes).execute()
    return new Map(rows.map((r) => [r.code, present(r)]))
  }

  /** PostGIS's verdict on each boundary: the invalid ones with the reason and where. */
  async invalidGeometries(
    features: { index: number; coordinates: Position[][][] }[],
    executor: Db = this.db,
  ): Promise<{ index: number; reason: string; location: Position | null }[]> {
    if (features.length === 0) return []
    const payload = JSON.stringify(
      features.map((f) => ({ i: f.index, g: { type: 'MultiPolygon', coordinates: f.coordinates } })),
    )
    const { rows } = await sql<{ i: number; reason: string; x: number | null; y: number | null }>`
      SELECT (f->>'i')::int AS i, d.reason, ST_X(d.location) AS x, ST_Y(d.location) AS y
      FROM jsonb_array_elements(CAST(${payload} AS jsonb)) f
      CROSS JOIN LATERAL ST_IsValidDetail(ST_GeomFromGeoJSON((f->'g')::text)) d
      WHERE NOT d.valid
      ORDER BY 1`.execute(executor)
    return rows.map((r) => ({
      index: r.i,
      reason: r.reason,
      location: r.x === null || r.y === null ? null : [r.x, r.y],
    }))
  }

  /**
   * Existing areas whose boundary the import would change while their current
   * version began at or after `effectiveFrom` (the new version must begin later).
   */
  async versionsNotBefore(
    features: { code: string; coordinates: Position[][][] }[],
    effectiveFrom: Date,
    executor: Db = this.db,
  ): Promise<{ code: string; validFrom: Date }[]> {
    if (features.length === 0) return []
    const payload = JSON.stringify(
      features.map((f) => ({ c: f.code, g: { type: 'MultiPolygon', coordinates: f.coordinates } })),
    )
    const { rows } = await sql<{ code: string; valid_from: Date | string }>`
      SELECT a.code, b.valid_from
      FROM jsonb_array_elements(CAST(${payload} AS jsonb)) f
      JOIN areas a ON a.code = f->>'c'
      JOIN area_boundaries b ON b.area_code = a.code AND b.valid_to IS NULL
      WHERE b.valid_from >= ${effectiveFrom}
        AND NOT ST_Equals(a.geom, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON((f->'g')::text), 4326)))
      ORDER BY 1`.execute(executor)
    return rows.map((r) => ({ code: r.code, validFrom: new Date(r.valid_from) }))
  }

  private attributeRows(executor: Db) {
    return executor
      .selectFrom('areas as a')
      .leftJoin('areas as c', 'c.code', 'a.parent_code')
      .select([
        'a.code',
        'a.name',
        'a.level',
        sql<string>`a.path::text`.as('path'),
        'c.name as community_name',
        'a.grid_type',
        'a.served_unit',
        'a.households',
        'a.population',
        'a.responsible_party',
        'a.area_m2',
      ])
  }

  /** Grids of the caller's jurisdiction under `underPath` (its whole jurisdiction when null), by code. */
  async gridAttributes(scope: Scope, underPath: string | null): Promise<GridAttributes[]> {
    let q = this.attributeRows(this.db).where('a.level', '=', 'grid').where(inAreaScope('a.path', scope))
    if (underPath) q = q.where(sql<boolean>`a.path <@ CAST(${underPath} AS ltree)`)
    const rows = await q.orderBy('a.code').execute()
    return rows.map(present)
  }

  /**
   * Boundaries of one level in the caller's jurisdiction, as GeoJSON text (WGS84) at full
   * precision: 15 decimals print every double exactly, so an export imports back unchanged.
   */
  async boundaries(scope: Scope, level: AreaLevel, underPath: string | null): Promise<ExportedArea[]> {
    let q = this.db
      .selectFrom('areas')
      .select([
        'code',
        'name',
        'level',
        'parent_code as parentCode',
        sql<string>`ST_AsGeoJSON(geom, 15)`.as('geometry'),
      ])
      .where('level', '=', level)
      .where('geom', 'is not', null)
      .where(inAreaScope('path', scope))
    if (underPath) q = q.where(sql<boolean>`path <@ CAST(${underPath} AS ltree)`)
    return q.orderBy('code').execute()
  }
}

type AttributeRow = {
  code: string
  name: string
  level: AreaLevel
  path: string
  community_name: string | null
  grid_type: TGridType | null
  served_unit: string | null
  households: number | null
  population: number | null
  responsible_party: string | null
  area_m2: number | null
}

function present(r: AttributeRow): GridAttributes {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    path: r.path,
    communityName: r.community_name,
    gridType: r.grid_type,
    servedUnit: r.served_unit,
    households: r.households,
    population: r.population,
    responsibleParty: r.responsible_party,
    areaM2: r.area_m2,
  }
}
