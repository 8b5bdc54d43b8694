import { type RawBuilder, sql } from 'kysely'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'

/**
 * The grid network's side of campaigns whose targets are grids (汛期巡查 of every
 * grid): the grids under some areas, optionally of one type, as `target_id (the
 * code), target_label, target_address, grid_code, area_path, location (the
 * boundary's centre)`, for the campaigns module's set-based INSERT … SELECT.
 */
export function campaignGridSource(paths: readonly string[], gridType?: string): RawBuilder<unknown> {
  return sql`
    SELECT g.code AS target_id, c.name || g.name AS target_label, NULL::text AS target_address,
      g.code AS grid_code, g.path AS area_path,
      CASE WHEN g.geom IS NULL THEN NULL ELSE ST_PointOnSurface(g.geom) END AS location
    FROM areas g
    LEFT JOIN areas c ON c.code = g.parent_code
    WHERE g.level = 'grid' AND ${inAreaScope('g.path', { areaPaths: paths, unitIds: [] })}
      ${gridType ? sql`AND g.grid_type = ${gridType}` : sql``}`
}
