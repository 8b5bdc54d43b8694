import { sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'

export type GridDayRow = {
  code: string
  name: string
  day: string | null
  patrolled: boolean | null
  distanceM: number | null
  durationS: number | null
  coverage: number | null
  workers: number | null
}

/** Reads of the coverage per grid per day, within the caller's scope. */
export class CoverageQueries {
  constructor(readonly db: Db) {}

  /** How many grids of the caller's scope lie under an area. */
  async gridCount(scope: Scope, areaPath: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM areas g
      WHERE g.level = 'grid' AND g.path <@ CAST(${areaPath} AS ltree) AND ${inAreaScope('g.path', scope)}`.execute(
      this.db,
    )
    return Number(rows[0]?.n ?? 0)
  }

  /**
   * Per grid under the area (in scope) with patrol days stored in [from, to]: the sum of the days'
   * coverage (0..1 each; a day without a row is 0), for means over a month (assessment).
   */
  async coverageSums(
    scope: Scope,
    areaPath: string,
    from: string,
    to: string,
  ): Promise<{ gridCode: string; coverageSum: number }[]> {
    const { rows } = await sql<{ gridCode: string; coverageSum: number }>`
      SELECT d.grid_code AS "gridCode", sum(d.coverage)::float8 AS "coverageSum"
      FROM patrol_grid_days d
      WHERE d.day BETWEEN ${from}::date AND ${to}::date
        AND d.area_path <@ CAST(${areaPath} AS ltree) AND ${inAreaScope('d.area_path', scope)}
      GROUP BY d.grid_code ORDER BY d.grid_code`.execute(this.db)
    return rows.map((r) => ({ gridCode: r.gridCode, coverageSum: Number(r.coverageSum) }))
  }

  /** Every grid under the area (in scope) with its stored days in [from, to], grid by grid, day by day. */
  async gridDays(scope: Scope, areaPath: string, from: string, to: string): Promise<GridDayRow[]> {
    const { rows } = await sql<GridDayRow>`
      SELECT g.code, g.name, d.day::text AS day, d.patrolled, d.distance_m AS "distanceM",
        d.duration_s AS "durationS", d.coverage, d.workers
      FROM areas g
      LEFT JOIN patrol_grid_days d ON d.grid_code = g.code AND d.day BETWEEN ${from}::date AND ${to}::date
      WHERE g.level = 'grid' AND g.path <@ CAST(${areaPath} AS ltree) AND ${inAreaScope('g.path', scope)}
      ORDER BY g.code, d.day`.execute(this.db)
    return rows.map((r) => ({
      ...r,
      distanceM: r.distanceM === null ? null : Number(r.distanceM),
      coverage: r.coverage === null ? null : Number(r.coverage),
    }))
  }
}
