import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import type { IdentityQueries } from '../identity/queries.ts'

/** Grid postings and accounts, from identity's read-model sources (never its tables by name). */
export type StaffSources = Pick<ReturnType<IdentityQueries['readModelSources']>, 'assignments' | 'accounts'>

export type SpotCheckRow = {
  id: number
  name: string
  areaCode: string
  areaName: string
  areaPath: string
  samplePerGrid: number
  method: 'phone' | 'visit' | 'either'
  dueOn: string | null
  status: 'open' | 'closed'
  seed: number
  createdBy: number | null
  createdAt: Date
  closedBy: number | null
  closedAt: Date | null
  /** Items inside the caller's jurisdiction, and of them those with a result. */
  itemCount: number
  checkedCount: number
  /** Of those with a result, what it was. */
  correctCount: number
  correctedCount: number
  wrongCount: number
  unreachableCount: number
}

export type SpotCheckItemRow = {
  id: number
  spotCheckId: number
  personId: number
  gridCode: string
  gridName: string
  areaPath: string
  assigneeId: number | null
  result: 'correct' | 'corrected' | 'wrong' | 'unreachable' | null
  methodUsed: 'phone' | 'visit' | null
  fieldsWrong: string[]
  note: string | null
  checkedBy: number | null
  checkedAt: Date | null
  version: number
}

/** Counts of one group of items (a grid, an assignee, or all when both keys are null). */
export type AccuracyRow = {
  gridCode: string | null
  assigneeId: number | null
  /** 0: per grid, 1: per assignee, 2: overall. */
  level: 0 | 1 | 2
  items: number
  checked: number
  correct: number
  corrected: number
  wrong: number
  unreachable: number
}

const checkColumns = sql`
  sc.id, sc.name, sc.area_code AS "areaCode", coalesce(a.name, sc.area_code) AS "areaName",
  sc.area_path::text AS "areaPath", sc.sample_per_grid AS "samplePerGrid", sc.method,
  sc.due_on::text AS "dueOn", sc.status, sc.seed, sc.created_by AS "createdBy", sc.created_at AS "createdAt",
  sc.closed_by AS "closedBy", sc.closed_at AS "closedAt"`

const itemColumns = sql`
  i.id, i.spot_check_id AS "spotCheckId", i.person_id AS "personId", i.grid_code AS "gridCode",
  coalesce(g.name, i.grid_code) AS "gridName", i.area_path::text AS "areaPath", i.assignee_id AS "assigneeId",
  i.result, i.method_used AS "methodUsed", i.fields_wrong AS "fieldsWrong", i.note,
  i.checked_by AS "checkedBy", i.checked_at AS "checkedAt", i.version`

/**
 * A spot check is visible where its area is in the caller's jurisdiction, or where
 * some of its items are (a grid worker sees the street's spot check for their grid).
 */
function visible(scope: Scope): RawBuilder<boolean> {
  return sql<boolean>`(${inAreaScope('sc.area_path', scope)} OR EXISTS (
    SELECT 1 FROM registry_spot_check_items vi
    WHERE vi.spot_check_id = sc.id AND ${inAreaScope('vi.area_path', scope)}))`
}

/** Reads and writes of spot checks. Every read takes the caller's scope; SQL stays here. */
export class SpotCheckQueries {
  constructor(
    readonly db: Db,
    private readonly staff: StaffSources,
  ) {}

  private async checks(scope: Scope, where: RawBuilder<unknown>, limit: number, offset: number) {
    const r = await sql<SpotCheckRow>`
      SELECT ${checkColumns}, c.*
      FROM registry_spot_checks sc LEFT JOIN areas a ON a.code = sc.area_code
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS "itemCount", count(i.result)::int AS "checkedCount",
          count(*) FILTER (WHERE i.result = 'correct')::int AS "correctCount",
          count(*) FILTER (WHERE i.result = 'corrected')::int AS "correctedCount",
          count(*) FILTER (WHERE i.result = 'wrong')::int AS "wrongCount",
          count(*) FILTER (WHERE i.result = 'unreachable')::int AS "unreachableCount"
        FROM registry_spot_check_items i
        WHERE i.spot_check_id = sc.id AND ${inAreaScope('i.area_path', scope)}) c
      WHERE ${visible(scope)} AND ${where}
      ORDER BY sc.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(this.db)
    return r.rows
  }

  async list(f: { scope: Scope; status?: string | undefined; limit: number; offset: number }) {
    const where = f.status ? sql`sc.status = ${f.status}` : sql`true`
    const rows = await this.checks(f.scope, where, f.limit, f.offset)
    const total = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM registry_spot_checks sc WHERE ${visible(f.scope)} AND ${where}`.execute(
      this.db,
    )
    return { rows, total: total.rows[0]?.n ?? 0 }
  }

  /** One spot check, undefined when it does not exist or the caller sees none of it. */
  async get(scope: Scope, id: number): Promise<SpotCheckRow | undefined> {
    return (await this.checks(scope, sql`sc.id = ${id}`, 1, 0))[0]
  }

  async items(f: {
    scope: Scope
    spotCheckId: number
    gridCode?: string | undefined
    pending?: boolean | undefined
    assigneeId?: number | undefined
    limit: number
    offset: number
  }): Promise<{ rows: SpotCheckItemRow[]; total: number }> {
    const where: RawBuilder<unknown>[] = [
      sql`i.spot_check_id = ${f.spotCheckId}`,
      inAreaScope('i.area_path', f.scope),
    ]
    if (f.gridCode) where.push(sql`i.grid_code = ${f.gridCode}`)
    if (f.pending) where.push(sql`i.result IS NULL`)
    if (f.assigneeId !== undefined) where.push(sql`i.assignee_id = ${f.assigneeId}`)
    const condition = sql.join(where, sql` AND `)
    const page = await sql<SpotCheckItemRow>`
      SELECT ${itemColumns} FROM registry_spot_check_items i LEFT JOIN areas g ON g.code = i.grid_code
      WHERE ${condition} ORDER BY i.grid_code, i.id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(this.db)
    const total = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM registry_spot_check_items i WHERE ${condition}`.execute(this.db)
    return { rows: page.rows, total: total.rows[0]?.n ?? 0 }
  }

  /** One item (unscoped: the service checks the path), with its spot check's status. */
  async item(
    spotCheckId: number,
    itemId: number,
  ): Promise<(SpotCheckItemRow & { status: 'open' | 'closed' }) | undefined> {
    const r = await sql<SpotCheckItemRow & { status: 'open' | 'closed' }>`
      SELECT ${itemColumns}, sc.status FROM registry_spot_check_items i
      JOIN registry_spot_checks sc ON sc.id = i.spot_check_id
      LEFT JOIN areas g ON g.code = i.grid_code
      WHERE i.id = ${itemId} AND i.spot_check_id = ${spotCheckId}`.execute(this.db)
    return r.rows[0]
  }

  /** The counts per grid, per assignee and overall, of the items inside the caller's jurisdiction, in one statement. */
  async accuracy(scope: Scope, spotCheckId: number): Promise<AccuracyRow[]> {
    const r = await sql<AccuracyRow>`
      SELECT i.grid_code AS "gridCode", i.assignee_id AS "assigneeId",
        (CASE WHEN GROUPING(i.grid_code) = 0 THEN 0 WHEN GROUPING(i.assignee_id) = 0 THEN 1 ELSE 2 END)::int AS level,
        count(*)::int AS items,
        count(i.result)::int AS checked,
        count(*) FILTER (WHERE i.result = 'correct')::int AS correct,
        count(*) FILTER (WHERE i.result = 'corrected')::int AS corrected,
        count(*) FILTER (WHERE i.result = 'wrong')::int AS wrong,
        count(*) FILTER (WHERE i.result = 'unreachable')::int AS unreachable
      FROM registry_spot_check_items i
      WHERE i.spot_check_id = ${spotCheckId} AND ${inAreaScope('i.area_path', scope)}
      GROUP BY GROUPING SETS ((i.grid_code), (i.assignee_id), ())
      ORDER BY level, i.grid_code, i.assignee_id NULLS LAST`.execute(this.db)
    return r.rows
  }

  async gridNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map()
    const rows = await this.db
      .selectFrom('areas')
      .select(['code', 'name'])
      .where('code', 'in', codes)
      .execute()
    return new Map(rows.map((r) => [r.code, r.name]))
  }

  async insertSpotCheck(
    trx: Db,
    row: {
      name: string
      areaCode: string
      areaPath: string
      samplePerGrid: number
      method: string
      dueOn: string | null
      seed: number
      createdBy: number | null
    },
    at: Date,
  ): Promise<number> {
    const inserted = await trx
      .insertInto('registry_spot_checks')
      .values({
        name: row.name,
        area_code: row.areaCode,
        area_path: row.areaPath,
        sample_per_grid: row.samplePerGrid,
        method: row.method,
        due_on: row.dueOn,
        seed: row.seed,
        created_by: row.createdBy,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return inserted.id
  }

  /**
   * Draws the sample in one INSERT … SELECT: in every grid under the spot check's area,
   * the active persons inside the caller's jurisdiction ordered by md5(seed:id) — uniform,
   * and the same for the same seed — the first `sample_per_grid` of them. The items of a
   * grid go round robin to its active grid workers (by user id); none when it has none.
   * Returns how many items were drawn.
   */
  async drawSample(trx: Db, spotCheckId: number, scope: Scope): Promise<number> {
    const r = await sql<{ id: number }>`
      WITH sc AS (SELECT * FROM registry_spot_checks WHERE id = ${spotCheckId}),
      sample AS (
        SELECT p.id, p.grid_code, p.area_path,
          row_number() OVER (PARTITION BY p.grid_code ORDER BY md5(sc.seed::text || ':' || p.id::text), p.id) AS rn
        FROM registry_persons p, sc
        WHERE p.status = 'active' AND p.area_path <@ sc.area_path AND ${inAreaScope('p.area_path', scope)}
      ),
      ra AS ${this.staff.assignments},
      acc AS ${this.staff.accounts},
      workers AS (
        SELECT DISTINCT ra.area_code, ra.user_id FROM ra JOIN acc ON acc.id = ra.user_id
        WHERE ra.role = 'grid_worker' AND acc.status = 'active'
      ),
      ranked AS (
        SELECT area_code, user_id, row_number() OVER (PARTITION BY area_code ORDER BY user_id) - 1 AS k,
          count(*) OVER (PARTITION BY area_code) AS n
        FROM workers
      )
      INSERT INTO registry_spot_check_items (spot_check_id, person_id, grid_code, area_path, assignee_id)
      SELECT ${spotCheckId}, s.id, s.grid_code, s.area_path, w.user_id
      FROM sample s
      LEFT JOIN ranked w ON w.area_code = s.grid_code AND w.k = (s.rn - 1) % w.n
      CROSS JOIN sc
      WHERE s.rn <= sc.sample_per_grid
      RETURNING id`.execute(trx)
    return r.rows.length
  }

  /**
   * Closes a spot check that is still open; false when it was closed already (by somebody
   * else meanwhile: the status is compared in the UPDATE itself, so two closings never both pass).
   */
  async close(trx: Db, spotCheckId: number, closedBy: number, at: Date): Promise<boolean> {
    const row = await trx
      .updateTable('registry_spot_checks')
      .set({ status: 'closed', closed_at: at, closed_by: closedBy })
      .where('id', '=', spotCheckId)
      .where('status', '=', 'open')
      .returning('id')
      .executeTakeFirst()
    return row !== undefined
  }

  /**
   * Whether the spot check is still open, holding a share lock on its row until the
   * transaction ends: a closing (an UPDATE of that row) waits for a result being
   * recorded, and a result recorded after a closing sees it closed.
   */
  async lockOpen(trx: Db, spotCheckId: number): Promise<boolean> {
    const row = await trx
      .selectFrom('registry_spot_checks')
      .select('status')
      .where('id', '=', spotCheckId)
      .forShare()
      .executeTakeFirst()
    return row?.status === 'open'
  }

  /** Records a result at the version the caller read; undefined when somebody else recorded first. */
  async recordResult(
    trx: Db,
    itemId: number,
    version: number,
    set: {
      result: string
      methodUsed: string
      fieldsWrong: string[]
      note: string | null
      checkedBy: number
    },
    at: Date,
  ): Promise<number | undefined> {
    const row = await trx
      .updateTable('registry_spot_check_items')
      .set({
        result: set.result,
        method_used: set.methodUsed,
        fields_wrong: set.fieldsWrong,
        note: set.note,
        checked_by: set.checkedBy,
        checked_at: at,
        version: sql`version + 1`,
      })
      .where('id', '=', itemId)
      .where('version', '=', version)
      .returning('version')
      .executeTakeFirst()
    return row?.version
  }
}
