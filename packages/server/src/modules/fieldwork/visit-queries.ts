import type { TVisitFinding, TVisitPlanRates } from '@onegrid/core/api/visits'
import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import type { RegistryVisitTargets, VisitSourceFilter } from '../registry/visit-targets.ts'

export type VisitRow = {
  id: number
  targetKind: 'household' | 'person'
  targetId: number
  householdId: number | null
  gridCode: string
  gridName: string
  areaPath: string
  visitorId: number
  visitedAt: Date
  method: 'door' | 'phone' | 'other'
  notes: string
  findings: TVisitFinding[]
  lng: number | null
  lat: number | null
  accuracy: number | null
  createdAt: Date
  attachmentIds: number[]
}

export type VisitFilter = {
  scope: Scope
  areaPath?: string
  workerId?: number
  /** [from, to) instants. */
  from?: Date
  to?: Date
  personId?: number
  householdId?: number
  flag?: string
  limit: number
  offset: number
}

export type DueRow = {
  kind: 'household' | 'person'
  id: number
  gridCode: string
  gridName: string
  areaPath: string
  name: string
  address: string | null
  householdId: number | null
  rule: 'ordinary_household' | 'special_family' | 'special_group'
  everyDays: number
  groups: { group: string; riskLevel: string }[]
  riskRank: number | null
  lastVisitedAt: Date | null
  lastVisitorId: number | null
  dueOn: string
  daysOverdue: number
  status: 'overdue' | 'due' | 'upcoming'
}

export type DueFilter = {
  sources: VisitSourceFilter
  rates: TVisitPlanRates
  /** Today (Asia/Shanghai), from the injected clock. */
  today: string
  /** Special-group persons are targets only for callers who may see special groups. */
  withPersons: boolean
  /** Only visits before this instant count as a target's last (the plan as it stood then). */
  lastBefore?: Date
}

export type GridCountRow = {
  gridCode: string
  gridName: string
  targets: number
  overdue: number
  due: number
  visits: number
  visitedTargets: number
}

const visitColumns = sql`
  v.id, v.target_kind AS "targetKind", v.target_id AS "targetId", v.household_id AS "householdId",
  v.grid_code AS "gridCode", coalesce(a.name, v.grid_code) AS "gridName", v.area_path::text AS "areaPath",
  v.visitor_id AS "visitorId", v.visited_at AS "visitedAt", v.method, v.notes, v.findings,
  ST_X(v.location) AS lng, ST_Y(v.location) AS lat, v.location_accuracy AS accuracy, v.created_at AS "createdAt",
  coalesce((SELECT array_agg(va.attachment_id ORDER BY va.position) FROM visit_attachments va
    WHERE va.visit_id = v.id), '{}') AS "attachmentIds"`

const int = (n: number) => sql`CAST(${n} AS int)`

/** Reads of visits and of the plan; SQL stays here. The registry's side comes from its sources. */
export class VisitQueries {
  constructor(
    readonly db: Db,
    private readonly targets: RegistryVisitTargets,
  ) {}

  private conditions(f: Omit<VisitFilter, 'limit' | 'offset'>): RawBuilder<unknown>[] {
    const where: RawBuilder<unknown>[] = [inAreaScope('v.area_path', f.scope)]
    if (f.areaPath) where.push(sql`v.area_path <@ CAST(${f.areaPath} AS ltree)`)
    if (f.workerId !== undefined) where.push(sql`v.visitor_id = ${f.workerId}`)
    if (f.from) where.push(sql`v.visited_at >= ${f.from}`)
    if (f.to) where.push(sql`v.visited_at < ${f.to}`)
    if (f.personId !== undefined) where.push(sql`v.target_kind = 'person' AND v.target_id = ${f.personId}`)
    if (f.householdId !== undefined) where.push(sql`v.household_id = ${f.householdId}`)
    if (f.flag) where.push(sql`v.flags @> ARRAY[${f.flag}]::text[]`)
    return where
  }

  async list(f: VisitFilter): Promise<{ rows: VisitRow[]; total: number }> {
    const where = sql.join(this.conditions(f), sql` AND `)
    const { rows } = await sql<VisitRow>`
      SELECT ${visitColumns} FROM visits v LEFT JOIN areas a ON a.code = v.grid_code
      WHERE ${where} ORDER BY v.visited_at DESC, v.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`.execute(
      this.db,
    )
    const { rows: count } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM visits v WHERE ${where}`.execute(this.db)
    return { rows, total: count[0]?.n ?? 0 }
  }

  async visit(id: number): Promise<VisitRow | undefined> {
    const { rows } = await sql<VisitRow>`
      SELECT ${visitColumns} FROM visits v LEFT JOIN areas a ON a.code = v.grid_code WHERE v.id = ${id}`.execute(
      this.db,
    )
    return rows[0]
  }

  /** Attachments already taken by a visit (a photo belongs to one visit). */
  async takenAttachments(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return []
    const rows = await this.db
      .selectFrom('visit_attachments')
      .select('attachment_id')
      .where('attachment_id', 'in', [...ids])
      .execute()
    return rows.map((r) => Number(r.attachment_id))
  }

  /** Whether an attachment belongs to a visit inside the scope, or to one the user made. */
  async attachmentVisible(
    attachmentId: number,
    scope: Scope,
    userId: number,
    reads: boolean,
  ): Promise<boolean> {
    const { rows } = await sql<{ ok: boolean }>`
      SELECT EXISTS (
        SELECT 1 FROM visit_attachments va JOIN visits v ON v.id = va.visit_id
        WHERE va.attachment_id = ${attachmentId}
          AND (v.visitor_id = ${userId} OR (${reads} AND ${inAreaScope('v.area_path', scope)}))
      ) AS ok`.execute(this.db)
    return rows[0]?.ok === true
  }

  /**
   * Every target of the plan within the sources' reach, with its rule, interval, last visit,
   * due date and status: the registry's households and memberships joined to the last visit
   * per target (visits_target_idx), all in SQL. See docs/KPI.md (走访) for the rules.
   */
  private dueSql(f: DueFilter): RawBuilder<DueRow> {
    const r = f.rates
    const families =
      r.specialFamilyGroups.length === 0
        ? sql`false`
        : sql`m.group_key IN (${sql.join(r.specialFamilyGroups.map((g) => sql`${g}`))})`
    const rank = sql`CASE m.risk_level WHEN 'red' THEN 3 WHEN 'yellow' THEN 2 ELSE 1 END`
    const persons = f.withPersons
      ? sql`
        UNION ALL
        SELECT 'person', per.id, per.grid_code, per.area_path, per.name, per.address, per.household_id,
          'special_group', per.every_days, per.groups, per.risk_rank, per.entered_at
        FROM per`
      : sql``
    return sql<DueRow>`
      WITH hh AS (${this.targets.households(f.sources)}),
      mem AS (${this.targets.memberships(f.sources)}),
      rd (risk_level, days) AS (VALUES ('red', ${int(r.riskLevelDays.red)}),
        ('yellow', ${int(r.riskLevelDays.yellow)}), ('green', ${int(r.riskLevelDays.green)})),
      fam AS (
        SELECT m.household_id,
          min(m.visit_every_days) FILTER (WHERE NOT m.follows_default) AS own_days,
          jsonb_agg(jsonb_build_object('group', m.group_key, 'riskLevel', m.risk_level)
            ORDER BY m.group_key, m.person_id) AS groups,
          max(${rank}) AS risk_rank
        FROM mem m WHERE m.household_id IS NOT NULL AND ${families}
        GROUP BY m.household_id),
      per AS (
        SELECT m.person_id AS id, m.name, m.household_id, m.grid_code, m.area_path, m.address,
          min(CASE WHEN m.follows_default THEN rd.days ELSE m.visit_every_days END) AS every_days,
          jsonb_agg(jsonb_build_object('group', m.group_key, 'riskLevel', m.risk_level) ORDER BY m.group_key) AS groups,
          max(${rank}) AS risk_rank, min(m.entered_at) AS entered_at
        FROM mem m JOIN rd ON rd.risk_level = m.risk_level
        WHERE m.household_id IS NULL OR NOT (${families})
        GROUP BY m.person_id, m.name, m.household_id, m.grid_code, m.area_path, m.address),
      targets AS (
        SELECT 'household' AS kind, hh.id, hh.grid_code, hh.area_path, hh.head_name AS name, hh.address,
          hh.id AS household_id,
          CASE WHEN fam.household_id IS NULL THEN 'ordinary_household' ELSE 'special_family' END AS rule,
          CASE WHEN fam.household_id IS NULL THEN ${int(r.ordinaryHouseholdDays)}
            ELSE least(${int(r.specialFamilyDays)}, coalesce(fam.own_days, ${int(r.specialFamilyDays)})) END AS every_days,
          coalesce(fam.groups, '[]'::jsonb) AS groups, fam.risk_rank, hh.entered_at
        FROM hh LEFT JOIN fam ON fam.household_id = hh.id
        ${persons}),
      due AS (
        SELECT t.*, lv.visited_at AS last_visited_at, lv.visitor_id AS last_visitor_id,
          CAST(coalesce(lv.visited_at, t.entered_at) AT TIME ZONE 'Asia/Shanghai' AS date) + t.every_days AS due_on
        FROM targets t
        LEFT JOIN LATERAL (
          SELECT v.visited_at, v.visitor_id FROM visits v
          WHERE v.target_kind = t.kind AND v.target_id = t.id
            ${f.lastBefore ? sql`AND v.visited_at < ${f.lastBefore}` : sql``}
          ORDER BY v.visited_at DESC LIMIT 1) lv ON true)
      SELECT due.kind, due.id, due.grid_code AS "gridCode", coalesce(a.name, due.grid_code) AS "gridName",
        due.area_path::text AS "areaPath", due.name, due.address, due.household_id AS "householdId",
        due.rule, due.every_days AS "everyDays", due.groups, due.risk_rank AS "riskRank",
        due.last_visited_at AS "lastVisitedAt", due.last_visitor_id AS "lastVisitorId",
        due.due_on::text AS "dueOn", CAST(${f.today} AS date) - due.due_on AS "daysOverdue",
        CASE WHEN due.due_on < CAST(${f.today} AS date) THEN 'overdue'
          WHEN due.due_on <= CAST(${f.today} AS date) + ${int(r.dueSoonDays)} THEN 'due'
          ELSE 'upcoming' END AS status
      FROM due LEFT JOIN areas a ON a.code = due.grid_code`
  }

  /** One page of the plan, most urgent first, and the counts per status (of the kind asked for). */
  async due(
    f: DueFilter,
    page: { status?: string; kind?: string; limit: number; offset: number },
  ): Promise<{ rows: DueRow[]; total: number; counts: Record<'overdue' | 'due' | 'upcoming', number> }> {
    const kind = page.kind ? sql`d.kind = ${page.kind}` : sql`true`
    const status = page.status ? sql`d.status = ${page.status}` : sql`true`
    const { rows } = await sql<DueRow>`
      WITH d AS (${this.dueSql(f)})
      SELECT d.* FROM d WHERE ${kind} AND ${status}
      ORDER BY CASE d.status WHEN 'overdue' THEN 0 WHEN 'due' THEN 1 ELSE 2 END,
        d."daysOverdue" DESC, d."riskRank" DESC NULLS LAST, d."dueOn", d.kind, d.id
      LIMIT ${page.limit} OFFSET ${page.offset}`.execute(this.db)
    const { rows: c } = await sql<{ status: 'overdue' | 'due' | 'upcoming'; n: number }>`
      WITH d AS (${this.dueSql(f)})
      SELECT d.status, count(*)::int AS n FROM d WHERE ${kind} GROUP BY d.status`.execute(this.db)
    const counts = { overdue: 0, due: 0, upcoming: 0 }
    for (const row of c) counts[row.status] = row.n
    const total = page.status
      ? counts[page.status as keyof typeof counts]
      : counts.overdue + counts.due + counts.upcoming
    return { rows, total, counts }
  }

  /**
   * Per grid under the area, for a month (assessment, docs/KPI.md 考核): the targets due by `today`
   * (the month's last day, or today while it runs) by the plan as it stood when the month began
   * (their last visit before `from`), and of those the ones visited in [from, to). Grids without
   * targets are left out.
   */
  async monthByGrid(
    f: DueFilter & { areaPath: string; from: Date; to: Date },
  ): Promise<{ gridCode: string; due: number; done: number }[]> {
    const { rows } = await sql<{ gridCode: string; due: number; done: number }>`
      WITH d AS (${this.dueSql({ ...f, lastBefore: f.from })}),
      due AS (
        SELECT d."gridCode", d.kind, d.id FROM d
        WHERE CAST(d."dueOn" AS date) <= CAST(${f.today} AS date)
          AND d."areaPath"::ltree <@ CAST(${f.areaPath} AS ltree))
      SELECT due."gridCode", count(*)::int AS due,
        count(*) FILTER (WHERE EXISTS (
          SELECT 1 FROM visits v WHERE v.target_kind = due.kind AND v.target_id = due.id
            AND v.visited_at >= ${f.from} AND v.visited_at < ${f.to}))::int AS done
      FROM due GROUP BY due."gridCode" ORDER BY due."gridCode"`.execute(this.db)
    return rows
  }

  /** The caller's visits of a day: all of them, and distinct households reached in person. */
  async progress(userId: number, from: Date, to: Date): Promise<{ visits: number; households: number }> {
    const { rows } = await sql<{ visits: number; households: number }>`
      SELECT count(*)::int AS visits,
        count(DISTINCT v.household_id) FILTER (WHERE v.method = 'door')::int AS households
      FROM visits v WHERE v.visitor_id = ${userId} AND v.visited_at >= ${from} AND v.visited_at < ${to}`.execute(
      this.db,
    )
    return rows[0] ?? { visits: 0, households: 0 }
  }

  /**
   * Per grid under the area (inside the scope): targets, overdue and due now, and the visits of
   * [from, to) with the distinct targets they reached. Grids without targets are listed too.
   */
  async perGrid(f: DueFilter & { areaPath: string; from: Date; to: Date }): Promise<GridCountRow[]> {
    const { rows } = await sql<GridCountRow>`
      WITH d AS (${this.dueSql(f)}),
      g AS (
        SELECT a.code, a.name FROM areas a
        WHERE a.level = 'grid' AND a.path <@ CAST(${f.areaPath} AS ltree) AND ${inAreaScope('a.path', f.sources.scope)}),
      tc AS (
        SELECT d."gridCode" AS grid_code, count(*)::int AS targets,
          count(*) FILTER (WHERE d.status = 'overdue')::int AS overdue,
          count(*) FILTER (WHERE d.status = 'due')::int AS due
        FROM d GROUP BY d."gridCode"),
      vc AS (
        SELECT v.grid_code, count(*)::int AS visits,
          count(DISTINCT v.target_kind || ':' || v.target_id)::int AS visited
        FROM visits v
        WHERE ${inAreaScope('v.area_path', f.sources.scope)} AND v.area_path <@ CAST(${f.areaPath} AS ltree)
          AND v.visited_at >= ${f.from} AND v.visited_at < ${f.to}
        GROUP BY v.grid_code)
      SELECT g.code AS "gridCode", g.name AS "gridName", coalesce(tc.targets, 0) AS targets,
        coalesce(tc.overdue, 0) AS overdue, coalesce(tc.due, 0) AS due,
        coalesce(vc.visits, 0) AS visits, coalesce(vc.visited, 0) AS "visitedTargets"
      FROM g LEFT JOIN tc ON tc.grid_code = g.code LEFT JOIN vc ON vc.grid_code = g.code
      ORDER BY coalesce(tc.overdue, 0) DESC, g.code`.execute(this.db)
    return rows
  }
}
