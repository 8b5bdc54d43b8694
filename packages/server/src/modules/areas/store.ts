import type { TBoundaryGeometry, TGridType } from '@onegrid/core/api/grids'
import type { AreaLevel } from '@onegrid/core/codes/area-code'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type AreaWrite = {
  code: string
  name: string
  level: AreaLevel
  parentCode: string | null
  path: string
  geometry: TBoundaryGeometry | null
  gridType: TGridType | null
  servedUnit: string | null
  households: number | null
  population: number | null
  responsibleParty: string | null
}

export type BoundaryStamp = { reason: string; effectiveFrom: Date; actorUserId: number | null; now: Date }

export type WriteOutcome = 'created' | 'redrawn' | 'unchanged'

/** Rows per bulk statement: large enough to amortise the round trip, small enough for one JSON text. */
const bulkChunk = 300

/** A GeoJSON boundary as a valid MultiPolygon in SRID 4326. */
const geomOf = (g: TBoundaryGeometry) =>
  sql<string>`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326))`

/** Writes of the area tree and its boundary versions; always inside the caller's transaction. */
export class AreaStore {
  constructor(private readonly db: Db) {}

  /**
   * Inserts or updates one area. A new or different boundary closes the open
   * version at `effectiveFrom` and opens the next one, so history is never lost.
   */
  async write(trx: Db, a: AreaWrite, stamp: BoundaryStamp): Promise<WriteOutcome> {
    const existing = await trx
      .selectFrom('areas')
      .select([
        'boundary_version',
        a.geometry
          ? sql<boolean>`geom IS NOT NULL AND ST_Equals(geom, ${geomOf(a.geometry)})`.as('same')
          : sql<boolean>`geom IS NULL`.as('same'),
      ])
      .where('code', '=', a.code)
      .executeTakeFirst()

    const attributes = {
      name: a.name,
      grid_type: a.gridType,
      served_unit: a.servedUnit,
      households: a.households,
      population: a.population,
      responsible_party: a.responsibleParty,
      updated_at: stamp.now,
    }
    if (!existing) {
      await trx
        .insertInto('areas')
        .values({
          ...attributes,
          code: a.code,
          level: a.level,
          parent_code: a.parentCode,
          path: a.path,
          geom: a.geometry ? geomOf(a.geometry) : null,
          area_m2: a.geometry ? sql<number>`ST_Area(${geomOf(a.geometry)}::geography)` : null,
          boundary_version: a.geometry ? 1 : null,
          created_at: stamp.now,
        })
        .execute()
      if (a.geometry) await this.openVersion(trx, a.code, 1, stamp)
      return 'created'
    }
    const changed = a.geometry !== null && !existing.same
    const version = changed ? (existing.boundary_version ?? 0) + 1 : existing.boundary_version
    await trx
      .updateTable('areas')
      .set({
        ...attributes,
        ...(changed && a.geometry
          ? {
              geom: geomOf(a.geometry),
              area_m2: sql<number>`ST_Area(${geomOf(a.geometry)}::geography)`,
              boundary_version: version,
            }
          : {}),
      })
      .where('code', '=', a.code)
      .execute()
    if (!changed) return 'unchanged'
    await this.closeVersion(trx, a.code, stamp.effectiveFrom)
    await this.openVersion(trx, a.code, version ?? 1, stamp)
    return 'redrawn'
  }

  /** Codes among `codes` that already exist, read through the caller's executor. */
  async existing(executor: Db, codes: string[]): Promise<Set<string>> {
    const found = new Set<string>()
    for (let i = 0; i < codes.length; i += bulkChunk) {
      const { rows } = await sql<{ code: string }>`
        SELECT code FROM areas
        WHERE code IN (SELECT jsonb_array_elements_text(CAST(${JSON.stringify(codes.slice(i, i + bulkChunk))} AS jsonb)))`.execute(
        executor,
      )
      for (const r of rows) found.add(r.code)
    }
    return found
  }

  /**
   * Inserts new areas, parents before children, a few hundred per statement,
   * each with boundary version 1: what a whole district needs on first start.
   * Rows travel as one JSON text (array parameters differ between pg and PGlite).
   */
  async insertMany(trx: Db, areas: AreaWrite[], stamp: BoundaryStamp): Promise<void> {
    for (let i = 0; i < areas.length; i += bulkChunk) {
      const chunk = areas.slice(i, i + bulkChunk)
      await sql`
        INSERT INTO areas (code, name, level, parent_code, path, geom, area_m2, boundary_version, grid_type,
                           served_unit, households, population, responsible_party, created_at, updated_at)
        SELECT x->>'code', x->>'name', x->>'level', x->>'parentCode', CAST(x->>'path' AS ltree), g.geom,
               ST_Area(g.geom::geography), CASE WHEN g.geom IS NULL THEN NULL ELSE 1 END, x->>'gridType',
               x->>'servedUnit', (x->>'households')::int, (x->>'population')::int, x->>'responsibleParty',
               ${stamp.now}, ${stamp.now}
        FROM jsonb_array_elements(CAST(${JSON.stringify(chunk)} AS jsonb)) WITH ORDINALITY AS e(x, n)
        CROSS JOIN LATERAL (
          SELECT CASE WHEN jsonb_typeof(x->'geometry') = 'object'
            THEN ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON((x->'geometry')::text), 4326)) END AS geom
        ) g
        ORDER BY e.n`.execute(trx)
      await sql`
        INSERT INTO area_boundaries (area_code, version, geom, area_m2, valid_from, reason, created_by, created_at)
        SELECT code, 1, geom, area_m2, ${stamp.effectiveFrom}, ${stamp.reason}, ${stamp.actorUserId}, ${stamp.now}
        FROM areas
        WHERE geom IS NOT NULL
          AND code IN (SELECT jsonb_array_elements_text(CAST(${JSON.stringify(chunk.map((a) => a.code))} AS jsonb)))`.execute(
        trx,
      )
    }
  }

  /** Replaces the boundary of an existing area with a geometry already in the database's terms. */
  async redraw(trx: Db, code: string, geomSql: ReturnType<typeof sql<string>>, stamp: BoundaryStamp) {
    const row = await trx
      .updateTable('areas')
      .set({
        geom: geomSql,
        area_m2: sql<number>`ST_Area((${geomSql})::geography)`,
        boundary_version: sql<number>`coalesce(boundary_version, 0) + 1`,
        updated_at: stamp.now,
      })
      .where('code', '=', code)
      .returning(['boundary_version', 'area_m2'])
      .executeTakeFirstOrThrow()
    await this.closeVersion(trx, code, stamp.effectiveFrom)
    await this.openVersion(trx, code, row.boundary_version ?? 1, stamp)
    return { version: row.boundary_version ?? 1, areaM2: row.area_m2 ?? 0 }
  }

  /** Levels and paths of existing areas, read through the caller's executor. */
  async lookup(executor: Db, codes: string[]): Promise<Map<string, { level: AreaLevel; path: string }>> {
    if (codes.length === 0) return new Map()
    const rows = await executor
      .selectFrom('areas')
      .select(['code', 'level', sql<string>`path::text`.as('path')])
      .where('code', 'in', codes)
      .execute()
    return new Map(rows.map((r) => [r.code, { level: r.level, path: r.path }]))
  }

  private async closeVersion(trx: Db, code: string, at: Date): Promise<void> {
    await trx
      .updateTable('area_boundaries')
      .set({ valid_to: at })
      .where('area_code', '=', code)
      .where('valid_to', 'is', null)
      .execute()
  }

  /** Copies the area's current boundary into its history as the open version. */
  private async openVersion(trx: Db, code: string, version: number, stamp: BoundaryStamp): Promise<void> {
    await sql`
      INSERT INTO area_boundaries (area_code, version, geom, area_m2, valid_from, reason, created_by, created_at)
      SELECT code, ${version}, geom, area_m2, ${stamp.effectiveFrom}, ${stamp.reason}, ${stamp.actorUserId}, ${stamp.now}
      FROM areas WHERE code = ${code}`.execute(trx)
  }

  /**
   * A grid's household count where the registry keeps its households: the
   * planning figure of the attribute import gives way to the records.
   */
  async deriveHouseholds(executor: Db, gridCodes: readonly string[]): Promise<void> {
    if (gridCodes.length === 0) return
    await sql`
      UPDATE areas a SET households = c.n, updated_at = now()
      FROM (SELECT grid_code, count(*)::int AS n FROM registry_households
            WHERE grid_code IN (${sql.join(gridCodes.map((c) => sql`${c}`))}) GROUP BY grid_code) c
      WHERE a.code = c.grid_code AND a.households IS DISTINCT FROM c.n`.execute(executor)
  }

  async transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work)
  }
}
