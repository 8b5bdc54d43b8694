import type { TTopologyKind, TTopologyProblem, TTopologyReport } from '@onegrid/core/api/grids'
import { parentLevelOf } from '@onegrid/core/codes/area-code'
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type TopologyOptions = {
  /** The area whose subtree is checked; when it is itself at `level`, its parent's subtree. */
  underCode: string
  level: 'street' | 'community' | 'grid'
  /** Parts smaller than this are slivers. */
  sliverM2: number
}

/**
 * Overlaps and gaps below this are floating-point residue of the polygon
 * overlay (shared edges computed twice), not drawing errors: about a hand's
 * width over a kilometre of boundary.
 */
export const noiseM2 = 0.5

/**
 * Overlay in fixed precision (0.1 µm in degrees): floating-point overlay of
 * shared edges can fail inside GEOS, and the embedded database turns such a
 * failure into an empty answer instead of an error, which would read as "no
 * problems". With a grid size the overlay is robust.
 */
export const gridSize = sql.raw('1e-12::float8')

/**
 * Problem areas are measured planar, in degrees scaled to metres at their
 * latitude: geodesic area is unstable for the thread-thin slivers a check
 * finds (it reports thousands of m² for a micrometre-wide strip).
 */
const m2PerSquareDegree = 111_320 * 110_574

/** Planar area of a small geometry in m² (see `m2PerSquareDegree`). */
export const smallAreaM2 = (g: RawBuilder<unknown>) =>
  sql<number>`(ST_Area(${g}) * ${m2PerSquareDegree} * cos(radians((ST_YMin(${g}) + ST_YMax(${g})) / 2)))`

type Row = {
  kind: TTopologyKind
  codes: string[] | string
  area_m2: number | null
  x: number | null
  y: number | null
  geometry: string | null
  detail: string | null
}

/**
 * The topology check of one level of the network (validateGrids): every problem
 * found by PostGIS over the areas table, so it sees uncommitted writes of the
 * caller's transaction (an import's dry run, a redraw) exactly like committed ones.
 */
export class TopologyChecker {
  async check(executor: Db, options: TopologyOptions): Promise<TTopologyReport> {
    const started = performance.now()
    const scope = await this.scopeOf(executor, options)
    const parentLevel = parentLevelOf(options.level)
    const kids = sql`(SELECT code, parent_code, geom FROM areas
      WHERE level = ${options.level} AND path <@ CAST(${scope} AS ltree))`
    const parents = sql`(SELECT code, geom FROM areas
      WHERE level = ${parentLevel} AND path <@ CAST(${scope} AS ltree) AND geom IS NOT NULL)`
    const shape = (g: ReturnType<typeof sql>) => sql`ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(${g}, 3)), 6)`
    const m2 = smallAreaM2

    const counted = await executor
      .selectFrom(sql`${kids}`.as('k'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()

    const queries = [
      sql<Row>`SELECT 'missing_geometry' AS kind, code AS codes, NULL::float8 AS area_m2,
          NULL::float8 AS x, NULL::float8 AS y, NULL AS geometry, NULL AS detail
        FROM ${kids} k WHERE geom IS NULL`,
      sql<Row>`SELECT 'invalid_geometry' AS kind, code AS codes, NULL::float8 AS area_m2,
          ST_X(d.location) AS x, ST_Y(d.location) AS y, NULL AS geometry, d.reason AS detail
        FROM ${kids} k CROSS JOIN LATERAL ST_IsValidDetail(k.geom) d
        WHERE k.geom IS NOT NULL AND NOT d.valid`,
      sql<Row>`SELECT 'overlap' AS kind, a.code || ',' || b.code AS codes, ${m2(sql`o.g`)} AS area_m2,
          ST_X(ST_PointOnSurface(o.g)) AS x, ST_Y(ST_PointOnSurface(o.g)) AS y,
          ${shape(sql`o.g`)} AS geometry, NULL AS detail
        FROM ${kids} a JOIN areas b ON b.parent_code = a.parent_code AND b.level = ${options.level}
          AND b.code <> a.code AND (b.code > a.code OR NOT b.path <@ CAST(${scope} AS ltree))
          AND b.geom && a.geom AND ST_IsValid(b.geom)
        CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(a.geom, b.geom, ${gridSize}), 3) AS g) o
        WHERE a.geom IS NOT NULL AND ST_IsValid(a.geom) AND ST_Relate(a.geom, b.geom, '2********')
          AND ${m2(sql`o.g`)} > ${noiseM2}`,
      sql<Row>`SELECT 'outside_parent' AS kind, k.code AS codes, ${m2(sql`o.g`)} AS area_m2,
          ST_X(ST_PointOnSurface(o.g)) AS x, ST_Y(ST_PointOnSurface(o.g)) AS y,
          ${shape(sql`o.g`)} AS geometry, NULL AS detail
        FROM ${kids} k JOIN areas p ON p.code = k.parent_code AND p.geom IS NOT NULL
        CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Difference(k.geom, p.geom, ${gridSize}), 3) AS g) o
        WHERE k.geom IS NOT NULL AND ST_IsValid(k.geom) AND ST_IsValid(p.geom)
          AND NOT ST_CoveredBy(k.geom, p.geom) AND ${m2(sql`o.g`)} > ${noiseM2}`,
      // One problem per uncovered piece of each parent; a parent without any children is one gap.
      sql<Row>`SELECT 'gap' AS kind, p.code AS codes, ${m2(sql`piece.geom`)} AS area_m2,
          ST_X(ST_PointOnSurface(piece.geom)) AS x, ST_Y(ST_PointOnSurface(piece.geom)) AS y,
          ${shape(sql`piece.geom`)} AS geometry, NULL AS detail
        FROM ${parents} p
        CROSS JOIN LATERAL (
          SELECT ST_Union(c.geom, ${gridSize}) AS covered FROM areas c
          WHERE c.parent_code = p.code AND c.level = ${options.level} AND c.geom IS NOT NULL AND ST_IsValid(c.geom)
        ) u
        CROSS JOIN LATERAL ST_Dump(ST_CollectionExtract(
          CASE WHEN u.covered IS NULL THEN p.geom ELSE ST_Difference(p.geom, u.covered, ${gridSize}) END, 3)) piece
        WHERE ST_IsValid(p.geom) AND ${m2(sql`piece.geom`)} > ${noiseM2}`,
      sql<Row>`SELECT 'sliver' AS kind, k.code AS codes, ${m2(sql`part.geom`)} AS area_m2,
          ST_X(ST_PointOnSurface(part.geom)) AS x, ST_Y(ST_PointOnSurface(part.geom)) AS y,
          ${shape(sql`part.geom`)} AS geometry,
          CASE WHEN ${m2(sql`part.geom`)} < ${options.sliverM2} THEN 'small' ELSE 'thin' END AS detail
        FROM ${kids} k CROSS JOIN LATERAL ST_Dump(k.geom) part
        WHERE k.geom IS NOT NULL AND ST_IsValid(k.geom) AND (
          ${m2(sql`part.geom`)} < ${options.sliverM2}
          -- Isoperimetric ratio: 1 for a circle, ~0.0x for a thread-like strip.
          OR 4 * pi() * ST_Area(part.geom) / power(ST_Perimeter(part.geom), 2) < 0.02)`,
    ]

    const problems: TTopologyProblem[] = []
    for (const query of queries) {
      const { rows } = await query.execute(executor)
      for (const r of rows) problems.push(present(r))
    }
    const counts = Object.fromEntries(
      (['invalid_geometry', 'overlap', 'gap', 'outside_parent', 'sliver', 'missing_geometry'] as const).map(
        (k) => [k, problems.filter((p) => p.kind === k).length],
      ),
    ) as TTopologyReport['counts']
    return {
      level: options.level,
      under: options.underCode,
      checked: Number(counted?.n ?? 0),
      ok: problems.length === 0,
      counts,
      problems,
      durationMs: Math.round(performance.now() - started),
    }
  }

  /** The ltree path whose subtree is checked. */
  private async scopeOf(executor: Db, options: TopologyOptions): Promise<string> {
    const row = await executor
      .selectFrom('areas as a')
      .leftJoin('areas as p', 'p.code', 'a.parent_code')
      .select([
        'a.level',
        sql<string>`a.path::text`.as('path'),
        sql<string | null>`p.path::text`.as('parent_path'),
      ])
      .where('a.code', '=', options.underCode)
      .executeTakeFirstOrThrow()
    return row.level === options.level && row.parent_path ? row.parent_path : row.path
  }
}

function present(r: Row): TTopologyProblem {
  return {
    kind: r.kind,
    codes: typeof r.codes === 'string' ? r.codes.split(',') : r.codes,
    areaM2: r.area_m2 === null ? null : Math.round(r.area_m2 * 100) / 100,
    location: r.x === null || r.y === null ? null : [r.x, r.y],
    geometry: r.geometry ? (JSON.parse(r.geometry) as TTopologyProblem['geometry']) : null,
    detail: r.detail,
  }
}
