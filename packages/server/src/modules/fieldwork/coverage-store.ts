import { coverageBufferM } from '@onegrid/core/api/patrols'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type GridDayKey = { code: string; day: string }

/**
 * How far (degrees) around a grid a segment may lie and still count for its coverage: at
 * least 30 m in both directions up to latitude 54° (0.0005° of longitude is 33 m there).
 */
const nearDegrees = 0.0005

/** A grid counts as patrolled on a day when at least this many metres were walked in it. */
export const patrolledMinM = 100

/** Snap-rounding precision (metres) of the overlays: OverlayNG with a fixed precision never fails. */
const gridSizeM = 0.01

const idList = (ids: readonly string[]) => sql`ARRAY[${sql.join(ids.map((id) => sql`${id}::uuid`))}]::uuid[]`

/**
 * Writes of `patrol_grid_days`: the figures of a grid on a day, from every patrol's walked
 * segments that day (all workers' tracks together).
 *
 * - distance: metres (geodesic) of the segments whose middle lies inside the grid: segments
 *   are a few tens of metres, so a boundary crossing errs by half of one at most;
 * - duration: the seconds of those segments;
 * - patrolled: at least `patrolledMinM` (100 m) walked inside the grid that day;
 * - coverage: area of (grid ∩ 30 m buffer of the union of the segments) ÷ area of the grid;
 *   segments up to 30 m outside the grid count for the strip they cover inside.
 *
 * Everything is measured in the grid's own metric frame: metres east and north of its
 * centroid, from the WGS84 lengths of a degree at its latitude (an equirectangular frame:
 * over a grid's extent of a few kilometres its scale errs by less than 0.01 %). The buffer
 * is the union of each segment's buffer, and the overlays snap-round to 1 cm: each segment's
 * buffer is simple, and OverlayNG with a fixed precision is robust, so no step can hit a
 * topology exception (in PGlite's WebAssembly build GEOS cannot recover from one, and a
 * statement that meets one returns no rows instead of failing: buffering a multi-line whole,
 * or a geography buffer, did that for realistic tracks).
 */
export class CoverageStore {
  /**
   * The grids and days the given patrols' segments touch, and those their earlier figures were
   * counted in (a late point may have moved a segment away). All patrols when `ids` is null.
   */
  async targets(executor: Db, ids: readonly string[] | null): Promise<GridDayKey[]> {
    if (ids !== null && ids.length === 0) return []
    const { rows } = await sql<GridDayKey>`
      SELECT DISTINCT a.code, pp.day::text AS day
      FROM patrol_points pp
      JOIN areas a ON a.level = 'grid' AND a.geom IS NOT NULL AND a.geom && ST_Expand(pp.seg, ${nearDegrees})
      WHERE pp.seg IS NOT NULL ${ids === null ? sql`` : sql`AND pp.patrol_id = ANY(${idList(ids)})`}
      UNION
      SELECT grid_code AS code, day::text AS day FROM patrol_grid_days
      ${ids === null ? sql`` : sql`WHERE patrol_ids && ${idList(ids)}`}`.execute(executor)
    return rows
  }

  /** Recomputes the figures of these grid days (delete, then insert those with any segment near). */
  async recompute(executor: Db, keys: readonly GridDayKey[], now: Date): Promise<number> {
    if (keys.length === 0) return 0
    const t = JSON.stringify(keys)
    await sql`
      DELETE FROM patrol_grid_days d
      USING jsonb_to_recordset(${t}::jsonb) AS t(code text, day date)
      WHERE d.grid_code = t.code AND d.day = t.day`.execute(executor)
    const r = await sql<{ code: string }>`
      WITH t AS (
        SELECT DISTINCT x.code, x.day FROM jsonb_to_recordset(${t}::jsonb) AS x(code text, day date)
      ),
      f0 AS (
        -- Each grid's local metric frame: metres east and north of its centroid.
        SELECT t.code, t.day, a.geom, c.x0, c.y0,
          111412.84 * cos(radians(c.y0)) - 93.5 * cos(3 * radians(c.y0)) + 0.118 * cos(5 * radians(c.y0)) AS kx,
          111132.954 - 559.822 * cos(2 * radians(c.y0)) + 1.175 * cos(4 * radians(c.y0)) AS ky
        FROM t JOIN areas a ON a.code = t.code AND a.geom IS NOT NULL
        CROSS JOIN LATERAL (SELECT ST_X(ST_Centroid(a.geom)) AS x0, ST_Y(ST_Centroid(a.geom)) AS y0) c
      ),
      f AS (
        SELECT f0.*, ST_Scale(ST_Translate(f0.geom, -f0.x0, -f0.y0), f0.kx, f0.ky) AS grid FROM f0
      ),
      s0 AS (
        SELECT f.code, f.day, f.grid, pp.patrol_id, pa.user_id, pp.seg_s,
          ST_Scale(ST_Translate(pp.seg, -f.x0, -f.y0), f.kx, f.ky) AS seg,
          -- A segment (a few tens of metres) counts for the grid its middle lies in.
          CASE WHEN ST_Intersects(f.geom, ST_LineInterpolatePoint(pp.seg, 0.5))
               THEN ST_Length(pp.seg::geography) ELSE 0 END AS inside_m
        FROM f
        JOIN patrol_points pp ON pp.day = f.day AND pp.seg IS NOT NULL AND pp.seg && ST_Expand(f.geom, ${nearDegrees})
        JOIN patrols pa ON pa.id = pp.patrol_id
      ),
      s AS (SELECT * FROM s0 WHERE ST_DWithin(seg, grid, ${coverageBufferM})),
      agg AS (
        SELECT code, day,
          sum(inside_m) AS distance,
          sum(CASE WHEN inside_m > 0 THEN seg_s ELSE 0 END) AS duration,
          count(DISTINCT user_id) FILTER (WHERE inside_m > 0) AS workers,
          array_agg(DISTINCT patrol_id) AS patrols,
          ST_UnaryUnion(ST_Collect(ST_Buffer(seg, ${coverageBufferM}, 'quad_segs=4')), ${gridSizeM}) AS swept
        FROM s GROUP BY code, day
      )
      INSERT INTO patrol_grid_days
        (grid_code, day, district_code, area_path, patrolled, distance_m, duration_s, coverage, workers, patrol_ids, computed_at)
      SELECT agg.code, agg.day, split_part(a.path::text, '.', 1), a.path,
        agg.distance >= ${patrolledMinM}, agg.distance, round(agg.duration)::int,
        least(1, greatest(0, coalesce(
          ST_Area(ST_Intersection(f.grid, agg.swept, ${gridSizeM})) / nullif(ST_Area(f.grid), 0), 0))),
        agg.workers, agg.patrols, ${now}
      FROM agg JOIN f ON f.code = agg.code AND f.day = agg.day JOIN areas a ON a.code = agg.code
      RETURNING grid_code AS code`.execute(executor)
    if (r.rows.length === 0 && keys.length > 0) await this.checkNotSilentlyFailed(executor, t)
    return r.rows.length
  }

  /**
   * A statement that met a geometry error on the embedded database answers no rows instead of
   * failing: when segments lie near the grid days, nothing computed is an error, not zero.
   */
  private async checkNotSilentlyFailed(executor: Db, t: string): Promise<void> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n
      FROM jsonb_to_recordset(${t}::jsonb) AS x(code text, day date)
      JOIN areas a ON a.code = x.code
      JOIN patrol_points pp ON pp.day = x.day AND pp.seg IS NOT NULL AND pp.seg && ST_Expand(a.geom, ${nearDegrees})`.execute(
      executor,
    )
    if (Number(rows[0]?.n ?? 0) > 0)
      throw new Error('patrol coverage: the geometry statement returned nothing')
  }

  /** Marks the patrols' grid days as computed now. */
  async markComputed(executor: Db, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return
    await sql`
      UPDATE patrols SET grid_days_stale = false, grid_days_at = ${now}
      WHERE id = ANY(${idList(ids)})`.execute(executor)
  }

  /**
   * Open patrols whose points arrived since their grid days were computed (and not in the
   * last `throttleMs`), that ran in [from, to) near an area: what a read recomputes first.
   */
  async staleNear(executor: Db, areaCode: string, from: Date, to: Date, before: Date): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      SELECT p.id::text AS id FROM patrols p, areas a
      WHERE a.code = ${areaCode} AND p.grid_days_stale
        AND p.last_point_at >= ${from} AND p.started_at < ${to}
        AND (p.grid_days_at IS NULL OR p.grid_days_at <= ${before})
        AND p.track && ST_Expand(a.geom, ${nearDegrees})
      ORDER BY p.id LIMIT 200`.execute(executor)
    return rows.map((r) => r.id)
  }
}
