import { caseStatusNames } from '@onegrid/core/cases/states'
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { BulletinCase } from './bulletin-model.ts'

/** Where the cases lie: the statistics' filter (areas, and a department's cases only). */
export type CaseScope = { areaPaths: readonly string[]; unitIds: readonly number[] | null }

/** Not yet 办结: the statuses the open-case index (cases_open_idx) covers, less 待回访. */
const open = sql`c.status IN ('reported', 'accepted', 'registered', 'dispatched', 'handling', 'returned', 'handled', 'verified')`
const dayMs = 86_400_000

function scoped(s: CaseScope): RawBuilder<boolean> {
  const areas = s.areaPaths.length
    ? sql`(${sql.join(
        s.areaPaths.map((p) => sql`c.area_path <@ CAST(${p} AS ltree)`),
        sql` OR `,
      )})`
    : sql`false`
  if (!s.unitIds) return sql<boolean>`${areas}`
  return sql<boolean>`${areas} AND c.handler_unit_id IN (${sql.join(s.unitIds.length ? s.unitIds.map((id) => sql`${id}`) : [sql`NULL`])})`
}

type CaseDbRow = {
  code: string
  title: string
  area_name: string
  street_name: string | null
  handler_name: string | null
  due_at: Date | string | null
  supervised: boolean
  supervised_at: Date | string | null
  status: string
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/**
 * The cases a bulletin names: those still open past their deadline at a cut-off
 * (the period's end, or now if earlier), the most overdue first, and those under
 * supervision (督办). The live state of the cases, read through the open-case and
 * supervised indexes; a bulletin lists at most `limit` of each with their totals.
 */
export class BulletinQueries {
  constructor(private readonly db: Db) {}

  async overdue(
    s: CaseScope,
    cutoff: Date,
    limit: number,
  ): Promise<{ cases: BulletinCase[]; total: number }> {
    const where = sql`${open} AND ${scoped(s)} AND c.due_at < ${cutoff}`
    const [rows, count] = await Promise.all([
      this.cases(where, sql`c.due_at, c.id`, limit),
      sql<{ n: string | number }>`SELECT count(*) AS n FROM cases c WHERE ${where}`.execute(this.db),
    ])
    return { cases: rows.map((r) => present(r, cutoff)), total: Number(count.rows[0]?.n ?? 0) }
  }

  async supervised(
    s: CaseScope,
    now: Date,
    limit: number,
  ): Promise<{ cases: BulletinCase[]; total: number }> {
    const where = sql`c.supervised AND ${open} AND ${scoped(s)}`
    const [rows, count] = await Promise.all([
      this.cases(where, sql`c.due_at NULLS LAST, c.id`, limit),
      sql<{ n: string | number }>`SELECT count(*) AS n FROM cases c WHERE ${where}`.execute(this.db),
    ])
    return { cases: rows.map((r) => present(r, now)), total: Number(count.rows[0]?.n ?? 0) }
  }

  /** The name of an area by its code (the district a bulletin is issued in). */
  async areaName(code: string): Promise<string | null> {
    const r = await sql<{ name: string }>`SELECT name FROM areas WHERE code = ${code}`.execute(this.db)
    return r.rows[0]?.name ?? null
  }

  async areaPath(code: string): Promise<string | null> {
    const r = await sql<{
      path: string
    }>`SELECT CAST(path AS text) AS path FROM areas WHERE code = ${code}`.execute(this.db)
    return r.rows[0]?.path ?? null
  }

  /** The name a user is shown under (who generated a bulletin). */
  async userName(id: number): Promise<string | null> {
    const r = await sql<{ display_name: string }>`SELECT display_name FROM users WHERE id = ${id}`.execute(
      this.db,
    )
    return r.rows[0]?.display_name ?? null
  }

  private async cases(where: RawBuilder<unknown>, order: RawBuilder<unknown>, limit: number) {
    const r = await sql<CaseDbRow>`
      SELECT c.code, c.title, a.name AS area_name, st.name AS street_name,
             coalesce(u.name, us.display_name) AS handler_name, c.due_at, c.supervised, c.status,
             (SELECT min(e.at) FROM case_events e
               WHERE e.case_id = c.id
                 AND (e.action = 'supervise' OR (e.action = 'alarm' AND e.data->>'step' IN ('supervised', 'bulletin')))
             ) AS supervised_at
      FROM cases c
      JOIN areas a ON a.code = c.area_code
      LEFT JOIN areas st ON nlevel(c.area_path) > 2 AND st.path = subpath(c.area_path, 0, 2)
      LEFT JOIN units u ON u.id = c.handler_unit_id
      LEFT JOIN users us ON us.id = c.handler_user_id
      WHERE ${where}
      ORDER BY ${order}
      LIMIT ${limit}`.execute(this.db)
    return r.rows
  }
}

function present(r: CaseDbRow, at: Date): BulletinCase {
  const due = r.due_at === null ? null : new Date(r.due_at)
  const late = due ? at.getTime() - due.getTime() : 0
  return {
    code: r.code,
    title: r.title,
    areaName:
      r.street_name && !r.area_name.startsWith(r.street_name)
        ? `${r.street_name}${r.area_name}`
        : r.area_name,
    handlerName: r.handler_name,
    dueAt: iso(r.due_at),
    // Late by any part of a day counts as a day (超期 1 天).
    daysOverdue: late > 0 ? Math.ceil(late / dayMs) : 0,
    supervised: r.supervised,
    supervisedAt: iso(r.supervised_at),
    statusName: caseStatusNames[r.status as keyof typeof caseStatusNames]?.zh ?? r.status,
  }
}
