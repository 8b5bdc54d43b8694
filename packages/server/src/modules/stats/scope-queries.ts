import type { PeriodKind } from '@onegrid/core/stats/periods'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type AreaRef = { code: string; name: string; level: string; path: string }

/** The areas, units and settings a statistics query is resolved against. */
export class StatScopeQueries {
  constructor(private readonly db: Db) {}

  async area(code: string): Promise<AreaRef | null> {
    const r =
      await sql<AreaRef>`SELECT code, name, level, CAST(path AS text) AS path FROM areas WHERE code = ${code}`.execute(
        this.db,
      )
    return r.rows[0] ?? null
  }

  async areaByPath(path: string): Promise<AreaRef | null> {
    const r = await sql<AreaRef>`
      SELECT code, name, level, CAST(path AS text) AS path FROM areas WHERE path = CAST(${path} AS ltree)`.execute(
      this.db,
    )
    return r.rows[0] ?? null
  }

  /** Areas of a level under these paths (rankings list those with no cases too). */
  async areasAt(level: string, under: readonly string[]): Promise<AreaRef[]> {
    if (under.length === 0) return []
    const r = await sql<AreaRef>`
      SELECT code, name, level, CAST(path AS text) AS path FROM areas
      WHERE level = ${level} AND (${sql.join(
        under.map((p) => sql`path <@ CAST(${p} AS ltree)`),
        sql` OR `,
      )})
      ORDER BY code`.execute(this.db)
    return r.rows
  }

  /** The tops of the area tree: what a department's staff count over (their cases lie anywhere). */
  async roots(): Promise<string[]> {
    const r = await sql<{
      path: string
    }>`SELECT CAST(path AS text) AS path FROM areas WHERE nlevel(path) = 1`.execute(this.db)
    return r.rows.map((x) => x.path)
  }

  async unit(id: number): Promise<{ id: number; name: string; path: string } | null> {
    const r = await sql<{ id: number; name: string; path: string }>`
      SELECT id, name, CAST(area_path AS text) AS path FROM units WHERE id = ${id}`.execute(this.db)
    const row = r.rows[0]
    return row ? { ...row, id: Number(row.id) } : null
  }

  async settings(district: string): Promise<{ minSample: number; closureRateKey: string } | null> {
    const r = await sql<{ min_sample: number; closure_rate_key: string }>`
      SELECT min_sample, closure_rate_key FROM stat_settings WHERE district_code = ${district}`.execute(
      this.db,
    )
    const row = r.rows[0]
    return row ? { minSample: row.min_sample, closureRateKey: row.closure_rate_key } : null
  }

  async saveSettings(district: string, minSample: number, closureRateKey: string, at: Date): Promise<void> {
    await sql`
      INSERT INTO stat_settings (district_code, min_sample, closure_rate_key, updated_at)
      VALUES (${district}, ${minSample}, ${closureRateKey}, ${at})
      ON CONFLICT (district_code) DO UPDATE SET min_sample = excluded.min_sample,
        closure_rate_key = excluded.closure_rate_key, updated_at = excluded.updated_at`.execute(this.db)
  }

  /**
   * Open cases of a scope now by the light of the clock that runs out first, and the
   * most overdue: the live state (index cases_open_idx), not statistics.
   */
  async openCases(paths: readonly string[], unitIds: readonly number[] | null, now: Date, limit: number) {
    const scope = sql`(${sql.join(
      paths.map((p) => sql`c.area_path <@ CAST(${p} AS ltree)`),
      sql` OR `,
    )})${unitIds ? sql` AND c.handler_unit_id IN (${sql.join(unitIds.length ? unitIds.map((id) => sql`${id}`) : [sql`NULL`])})` : sql``}`
    const open = sql`c.status IN ('reported', 'accepted', 'registered', 'dispatched', 'handling', 'returned', 'handled', 'verified')`
    const counts = await sql<{
      green: string
      yellow: string
      red: string
      none: string
      supervised: string
    }>`
      SELECT count(*) FILTER (WHERE c.due_at IS NOT NULL AND c.due_at < ${now}) AS red,
             count(*) FILTER (WHERE c.due_at >= ${now} AND c.warn_at <= ${now}) AS yellow,
             count(*) FILTER (WHERE c.due_at >= ${now} AND (c.warn_at IS NULL OR c.warn_at > ${now})) AS green,
             count(*) FILTER (WHERE c.due_at IS NULL) AS none,
             count(*) FILTER (WHERE c.supervised) AS supervised
      FROM cases c WHERE ${open} AND ${scope}`.execute(this.db)
    const overdue = await sql<{
      id: string
      code: string
      title: string
      area_name: string
      handler_name: string | null
      due_at: Date
      supervised: boolean
    }>`
      SELECT c.id, c.code, c.title, a.name AS area_name, coalesce(u.name, us.display_name) AS handler_name, c.due_at,
             c.supervised
      FROM cases c JOIN areas a ON a.code = c.area_code
      LEFT JOIN units u ON u.id = c.handler_unit_id LEFT JOIN users us ON us.id = c.handler_user_id
      WHERE ${open} AND ${scope} AND c.due_at < ${now}
      ORDER BY c.due_at LIMIT ${limit}`.execute(this.db)
    const c = counts.rows[0]
    return {
      open: {
        green: Number(c?.green ?? 0),
        yellow: Number(c?.yellow ?? 0),
        red: Number(c?.red ?? 0),
        none: Number(c?.none ?? 0),
        supervised: Number(c?.supervised ?? 0),
      },
      overdue: overdue.rows.map((r) => ({
        id: Number(r.id),
        code: r.code,
        title: r.title,
        areaName: r.area_name,
        handlerName: r.handler_name,
        dueAt: new Date(r.due_at).toISOString(),
        supervised: r.supervised,
      })),
    }
  }
}

export type { PeriodKind }
