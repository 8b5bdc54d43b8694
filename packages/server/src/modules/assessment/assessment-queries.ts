import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import type { IdentityQueries } from '../identity/queries.ts'

/** Identity's read-model sources: postings and accounts, never its tables by name. */
export type StaffSources = Pick<ReturnType<IdentityQueries['readModelSources']>, 'assignments' | 'accounts'>

export type AreaRef = { code: string; name: string; path: string }
export type WorkerPosting = {
  userId: number
  name: string
  grid: AreaRef
  households: number | null
  /** Grid workers posted to that grid (its households are shared among them). */
  workers: number
}
export type Posting = { userId: number; name: string; area: AreaRef }
export type GridCount = { gridCode: string; due: number; onTime: number }
export type ActorCount = { userId: number; count: number; onTime: number; accurate: number }

/**
 * Who is assessed and the figures that no rollup keeps: verifications, intake and dispatch
 * steps, counted from the case timelines by action and time (case_events_assessed_idx) and the
 * stage clocks stored on each case (the latest run of each stage, as the statistics' facts use).
 * Everything is district-wide: the jurisdiction only decides which rows a caller reads.
 */
export class AssessmentQueries {
  constructor(
    private readonly db: Db,
    private readonly staff: StaffSources,
  ) {}

  /** Every grid worker posting on a grid of the district, with the grid's households and workers. */
  async gridWorkers(district: string): Promise<WorkerPosting[]> {
    const { rows } = await sql<{
      user_id: number
      name: string
      code: string
      grid_name: string
      path: string
      households: number | null
      workers: number
      status: string
    }>`
      WITH ra AS ${this.staff.assignments},
      acc AS ${this.staff.accounts},
      gp AS (
        SELECT ra.user_id, a.code, a.name AS grid_name, CAST(a.path AS text) AS path, a.households
        FROM ra JOIN areas a ON a.code = ra.area_code
        WHERE ra.role = 'grid_worker' AND a.level = 'grid' AND a.path <@ CAST(${district} AS ltree)),
      wc AS (SELECT code, count(*)::int AS workers FROM gp GROUP BY code)
      SELECT gp.user_id, acc.display_name AS name, gp.code, gp.grid_name, gp.path, gp.households, wc.workers,
        acc.status
      FROM gp JOIN wc ON wc.code = gp.code JOIN acc ON acc.id = gp.user_id
      ORDER BY gp.user_id, gp.code`.execute(this.db)
    return rows
      .filter((r) => r.status === 'active')
      .map((r) => ({
        userId: Number(r.user_id),
        name: r.name,
        grid: { code: r.code, name: r.grid_name, path: r.path },
        households: r.households === null ? null : Number(r.households),
        workers: Number(r.workers),
      }))
  }

  /** Active accounts posted with a role to an area of the district. */
  async postings(role: 'supervisor' | 'operator' | 'dispatcher', district: string): Promise<Posting[]> {
    const { rows } = await sql<{
      user_id: number
      name: string
      code: string
      area_name: string
      path: string
    }>`
      WITH ra AS ${this.staff.assignments},
      acc AS ${this.staff.accounts}
      SELECT ra.user_id, acc.display_name AS name, a.code, a.name AS area_name, CAST(a.path AS text) AS path
      FROM ra JOIN acc ON acc.id = ra.user_id JOIN areas a ON a.code = ra.area_code
      WHERE ra.role = ${role} AND acc.status = 'active' AND a.path <@ CAST(${district} AS ltree)
      ORDER BY ra.user_id, a.path`.execute(this.db)
    return rows.map((r) => ({
      userId: Number(r.user_id),
      name: r.name,
      area: { code: r.code, name: r.area_name, path: r.path },
    }))
  }

  /** The grids of the district. */
  async grids(district: string): Promise<AreaRef[]> {
    const { rows } = await sql<AreaRef>`
      SELECT code, name, CAST(path AS text) AS path FROM areas
      WHERE level = 'grid' AND path <@ CAST(${district} AS ltree) ORDER BY path`.execute(this.db)
    return rows
  }

  /** The areas of a level in the district with how many grids each has. */
  async areasAt(level: string, district: string): Promise<(AreaRef & { grids: number })[]> {
    const { rows } = await sql<AreaRef & { grids: number }>`
      SELECT a.code, a.name, CAST(a.path AS text) AS path,
        (SELECT count(*) FROM areas g WHERE g.level = 'grid' AND g.path <@ a.path)::int AS grids
      FROM areas a WHERE a.level = ${level} AND a.path <@ CAST(${district} AS ltree)
      ORDER BY a.path`.execute(this.db)
    return rows.map((r) => ({ ...r, grids: Number(r.grids) }))
  }

  /** The units (departments, platforms, teams) of the district. */
  async units(district: string): Promise<{ id: number; name: string; path: string }[]> {
    const { rows } = await sql<{ id: number; name: string; path: string }>`
      SELECT id, name, CAST(area_path AS text) AS path FROM units
      WHERE area_path <@ CAST(${district} AS ltree) ORDER BY id`.execute(this.db)
    return rows.map((r) => ({ ...r, id: Number(r.id) }))
  }

  /**
   * Verifications (核查) per grid counted in [from, to): those done in it (the case's latest verify
   * run stopped in it), on time when stopped by its deadline; and those still waiting (status
   * handled) whose deadline passed in it before `now`, not on time. The cases are found through
   * the verify steps of the month (case_events_assessed_idx) and the waiting status
   * (cases_status_idx), never by reading every case.
   */
  async verifications(district: string, from: Date, to: Date, now: Date): Promise<GridCount[]> {
    const { rows } = await sql<{ grid_code: string; due: number; on_time: number }>`
      WITH touched AS (
        SELECT e.case_id FROM case_events e
        WHERE e.action = 'verify' AND e.at >= ${from} AND e.at < ${to} AND e.district_code = ${district}
        UNION
        SELECT c.id FROM cases c WHERE c.status = 'handled' AND c.district_code = ${district}),
      v AS (
        SELECT c.grid_code, (x->>'stoppedAt')::timestamptz AS stopped, (x->>'deadline')::timestamptz AS deadline
        FROM cases c CROSS JOIN LATERAL jsonb_array_elements(c.clocks) x
        WHERE c.id IN (SELECT case_id FROM touched) AND x->>'stage' = 'verify' AND c.grid_code IS NOT NULL)
      SELECT grid_code,
        count(*) FILTER (WHERE (stopped >= ${from} AND stopped < ${to})
          OR (stopped IS NULL AND deadline >= ${from} AND deadline < ${to} AND deadline < ${now}))::int AS due,
        count(*) FILTER (WHERE stopped >= ${from} AND stopped < ${to} AND stopped <= deadline)::int AS on_time
      FROM v GROUP BY grid_code`.execute(this.db)
    return rows
      .map((r) => ({ gridCode: r.grid_code, due: Number(r.due), onTime: Number(r.on_time) }))
      .filter((r) => r.due > 0)
  }

  /**
   * Intake decisions (受理 and 不予受理) per person in [from, to); on time when taken by the
   * deadline of the case's acceptance stage.
   */
  async decisions(district: string, from: Date, to: Date): Promise<ActorCount[]> {
    const { rows } = await sql<{ user_id: number; n: number; on_time: number }>`
      SELECT e.actor_id AS user_id, count(*)::int AS n,
        count(*) FILTER (WHERE k.deadline IS NULL OR e.at <= k.deadline)::int AS on_time
      FROM case_events e
      JOIN cases c ON c.id = e.case_id
      LEFT JOIN LATERAL (
        SELECT max((x->>'deadline')::timestamptz) AS deadline FROM jsonb_array_elements(c.clocks) x
        WHERE x->>'stage' = 'accept') k ON true
      WHERE e.action IN ('accept', 'reject') AND e.at >= ${from} AND e.at < ${to}
        AND e.district_code = ${district} AND e.actor_id IS NOT NULL
      GROUP BY e.actor_id`.execute(this.db)
    return rows.map((r) => ({
      userId: Number(r.user_id),
      count: Number(r.n),
      onTime: Number(r.on_time),
      accurate: Number(r.n),
    }))
  }

  /**
   * Dispatches (派遣, and reassignment after a return: 审定改派) per person in [from, to); on time
   * when made by the deadline of the case's dispatch stage (its latest run); accurate unless the
   * case's next dispatching step after it is a return ruled justified (reassigned).
   */
  async dispatches(district: string, from: Date, to: Date): Promise<ActorCount[]> {
    const { rows } = await sql<{ user_id: number; n: number; on_time: number; accurate: number }>`
      SELECT e.actor_id AS user_id, count(*)::int AS n,
        count(*) FILTER (WHERE k.deadline IS NULL OR e.at <= k.deadline)::int AS on_time,
        count(*) FILTER (WHERE NOT coalesce(nx.action = 'rule_return' AND nx.data->>'ruling' = 'reassign', false))::int
          AS accurate
      FROM case_events e
      JOIN cases c ON c.id = e.case_id
      LEFT JOIN LATERAL (
        SELECT max((x->>'deadline')::timestamptz) AS deadline FROM jsonb_array_elements(c.clocks) x
        WHERE x->>'stage' = 'dispatch') k ON true
      LEFT JOIN LATERAL (
        SELECT n.action, n.data FROM case_events n
        WHERE n.case_id = e.case_id AND n.id > e.id AND n.action IN ('dispatch', 'rule_return', 'escalate', 'reopen')
        ORDER BY n.id LIMIT 1) nx ON true
      WHERE e.action IN ('dispatch', 'rule_return') AND (e.action = 'dispatch' OR e.data->>'ruling' = 'reassign')
        AND e.at >= ${from} AND e.at < ${to} AND e.district_code = ${district} AND e.actor_id IS NOT NULL
      GROUP BY e.actor_id`.execute(this.db)
    return rows.map((r) => ({
      userId: Number(r.user_id),
      count: Number(r.n),
      onTime: Number(r.on_time),
      accurate: Number(r.accurate),
    }))
  }
}
