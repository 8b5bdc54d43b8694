import {
  gridStaffRoles,
  qualificationGaps,
  type TEmployment,
  type TGridStaffRole,
  type TQualification,
  type TQualificationStatus,
  type TTraining,
  type TWorkerPosting,
} from '@onegrid/core/api/grid-staff'
import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import { escapeLike } from '../../platform/db/sql-text.ts'
import type { IdentityQueries } from '../identity/queries.ts'

/** What the qualification rule is measured against: today (China time) and the hours needed. */
export type QualificationRule = { today: string; minTrainingHours: number }

export type StaffingRow = {
  code: string
  name: string
  households: number | null
  workers: number
  leaders: number
  supervisors: number
  liaisons: number
  unqualified: number
  maxWorkerLoad: number | null
}

export type StaffMemberRow = {
  assignmentId: number
  userId: number
  username: string
  displayName: string
  status: 'active' | 'disabled'
  role: TGridStaffRole
  units: { id: number; name: string }[]
  employment: TEmployment | null
  load: number | null
  gridCount: number
  qualification: TQualificationStatus
}

export type WorkerRow = {
  userId: number
  /** The first of their postings in the scope: where their records are audited. */
  firstPath: string
  username: string
  displayName: string
  status: 'active' | 'disabled'
  employment: TEmployment | null
  hiredOn: string | null
  note: string | null
  load: number | null
  qualification: TQualificationStatus
  postings: TWorkerPosting[]
}

export type WorkerFilter = {
  under: string | null
  userId?: number
  q?: string | undefined
  qualified?: boolean | undefined
  role?: 'grid_leader' | 'grid_worker' | undefined
  employment?: TEmployment | undefined
  limit: number
  offset: number
}

const roleList = sql.join(gridStaffRoles.map((r) => sql.lit(r)))

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

/** The qualification rule applied to what the query found for one person. */
export function qualificationStatus(
  row: { has_valid: boolean; valid_until: string | null; hours: number | null },
  minTrainingHours: number,
): TQualificationStatus {
  const hours = Math.round(Number(row.hours ?? 0) * 10) / 10
  const gaps: TQualificationStatus['gaps'] = []
  if (!row.has_valid) gaps.push(qualificationGaps[0])
  if (hours < minTrainingHours) gaps.push(qualificationGaps[1])
  return {
    qualified: gaps.length === 0,
    hasValidQualification: row.has_valid,
    validUntil: row.has_valid ? row.valid_until : null,
    trainingHours12m: hours,
    gaps,
  }
}

/**
 * Reads of grid staffing. Postings and accounts come from identity's read-model sources (never its
 * tables by name); grids and their households from the area tree. Each answer is one statement.
 */
export class GridStaffQueries {
  constructor(
    private readonly db: Db,
    private readonly identity: IdentityQueries,
  ) {}

  /**
   * Common parts: `ra` assignments, `acc` accounts, `gp` postings on grids with the grid's households,
   * `wc` grid workers per grid, `wl` each grid worker's household load over all their grids, `tr`
   * training hours of the last 12 months, `qv` valid qualifications.
   */
  private ctes(rule: QualificationRule): RawBuilder<unknown> {
    const { assignments, accounts, units } = this.identity.readModelSources()
    const today = sql`CAST(${rule.today} AS date)`
    return sql`
      ra AS ${assignments},
      acc AS ${accounts},
      un AS ${units},
      gp AS (
        SELECT ra.id, ra.user_id, ra.role, ra.area_code, a.households
        FROM ra JOIN areas a ON a.code = ra.area_code
        WHERE a.level = 'grid' AND ra.role IN (${roleList})
      ),
      wc AS (SELECT area_code, count(*) AS workers FROM gp WHERE role = 'grid_worker' GROUP BY area_code),
      wl AS (
        SELECT gp.user_id, sum(coalesce(gp.households, 0)::float8 / wc.workers) AS load
        FROM gp JOIN wc ON wc.area_code = gp.area_code
        WHERE gp.role = 'grid_worker'
        GROUP BY gp.user_id
      ),
      tr AS (
        SELECT user_id, sum(hours) AS hours FROM grid_worker_trainings
        WHERE completed_on > (${today} - interval '12 months') AND completed_on <= ${today}
        GROUP BY user_id
      ),
      qv AS (
        SELECT user_id, min(expires_on)::text AS valid_until FROM grid_worker_qualifications
        WHERE issued_on <= ${today} AND (expires_on IS NULL OR expires_on >= ${today})
        GROUP BY user_id
      )`
  }

  /** A grid's code, name, level, path and households; null when it does not exist. */
  async area(code: string) {
    const row = await this.db
      .selectFrom('areas')
      .select(['code', 'name', 'level', sql<string>`path::text`.as('path'), 'households'])
      .where('code', '=', code)
      .executeTakeFirst()
    return row ?? null
  }

  /** Grids (with households) under an area, in code order; for the demo and the staffing map. */
  async gridsUnder(underPath: string) {
    return this.db
      .selectFrom('areas')
      .select(['code', 'name', sql<string>`path::text`.as('path'), 'households'])
      .where('level', '=', 'grid')
      .where(sql<boolean>`path <@ CAST(${underPath} AS ltree)`)
      .orderBy('code')
      .execute()
  }

  /** Per grid under `underPath` and in the scope: who is posted, households, loads. One statement. */
  async staffing(scope: Scope, underPath: string | null, rule: QualificationRule): Promise<StaffingRow[]> {
    const { rows } = await sql<{
      code: string
      name: string
      households: number | null
      workers: number
      leaders: number
      supervisors: number
      liaisons: number
      unqualified: number
      max_load: number | null
    }>`
      WITH ${this.ctes(rule)},
      grids AS (
        SELECT code, name, households, path FROM areas
        WHERE level = 'grid' AND ${inAreaScope('path', scope)}
          ${underPath === null ? sql`` : sql`AND path <@ CAST(${underPath} AS ltree)`}
      )
      SELECT g.code, g.name, g.households,
        count(gp.user_id) FILTER (WHERE gp.role = 'grid_worker')::int AS workers,
        count(gp.user_id) FILTER (WHERE gp.role = 'grid_leader')::int AS leaders,
        count(gp.user_id) FILTER (WHERE gp.role = 'supervisor')::int AS supervisors,
        count(gp.user_id) FILTER (WHERE gp.role = 'dept_handler')::int AS liaisons,
        count(gp.user_id) FILTER (
          WHERE gp.role IN ('grid_worker', 'grid_leader')
            AND (qv.user_id IS NULL OR coalesce(tr.hours, 0) < ${rule.minTrainingHours})
        )::int AS unqualified,
        max(wl.load) AS max_load
      FROM grids g
      LEFT JOIN gp ON gp.area_code = g.code
      LEFT JOIN wl ON wl.user_id = gp.user_id AND gp.role = 'grid_worker'
      LEFT JOIN tr ON tr.user_id = gp.user_id
      LEFT JOIN qv ON qv.user_id = gp.user_id
      GROUP BY g.code, g.name, g.households, g.path
      ORDER BY g.path`.execute(this.db)
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      households: r.households,
      workers: Number(r.workers),
      leaders: Number(r.leaders),
      supervisors: Number(r.supervisors),
      liaisons: Number(r.liaisons),
      unqualified: Number(r.unqualified),
      maxWorkerLoad: r.max_load === null ? null : Number(r.max_load),
    }))
  }

  /** Everyone posted to one grid, with their load and qualification. One statement. */
  async staffOf(code: string, rule: QualificationRule): Promise<StaffMemberRow[]> {
    const { rows } = await sql<{
      id: number
      user_id: number
      username: string
      display_name: string
      status: string
      role: TGridStaffRole
      employment: TEmployment | null
      load: number | null
      grid_count: number
      units: unknown
      has_valid: boolean
      valid_until: string | null
      hours: number | null
    }>`
      WITH ${this.ctes(rule)}
      SELECT p.id, p.user_id, acc.username, acc.display_name, acc.status, p.role, pr.employment,
        wl.load, tr.hours, qv.user_id IS NOT NULL AS has_valid, qv.valid_until,
        (SELECT count(*) FROM gp g2 WHERE g2.user_id = p.user_id AND g2.role = p.role)::int AS grid_count,
        (SELECT coalesce(json_agg(json_build_object('id', un.id, 'name', un.name) ORDER BY un.id), '[]'::json)
           FROM ra r2 JOIN un ON un.id = r2.unit_id
           WHERE r2.user_id = p.user_id AND r2.role = 'dept_handler' AND p.role = 'dept_handler') AS units
      FROM ra p
      JOIN acc ON acc.id = p.user_id
      LEFT JOIN grid_worker_profiles pr ON pr.user_id = p.user_id
      LEFT JOIN wl ON wl.user_id = p.user_id AND p.role = 'grid_worker'
      LEFT JOIN tr ON tr.user_id = p.user_id
      LEFT JOIN qv ON qv.user_id = p.user_id
      WHERE p.area_code = ${code} AND p.role IN (${roleList})
      ORDER BY array_position(ARRAY[${roleList}]::text[], p.role), acc.username`.execute(this.db)
    return rows.map((r) => ({
      assignmentId: r.id,
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      status: r.status as StaffMemberRow['status'],
      role: r.role,
      units: json<{ id: number; name: string }[]>(r.units),
      employment: r.employment,
      load: r.load === null ? null : Number(r.load),
      gridCount: Number(r.grid_count),
      qualification: qualificationStatus(r, rule.minTrainingHours),
    }))
  }

  /** Qualification of some accounts (before they are put on a grid). */
  async qualificationOf(
    userIds: number[],
    rule: QualificationRule,
  ): Promise<Map<number, TQualificationStatus>> {
    if (userIds.length === 0) return new Map()
    const { rows } = await sql<{
      id: number
      has_valid: boolean
      valid_until: string | null
      hours: number | null
    }>`
      WITH ${this.ctes(rule)}
      SELECT acc.id, tr.hours, qv.user_id IS NOT NULL AS has_valid, qv.valid_until
      FROM acc
      LEFT JOIN tr ON tr.user_id = acc.id
      LEFT JOIN qv ON qv.user_id = acc.id
      WHERE acc.id IN (${sql.join(userIds.map((id) => sql`${id}`))})`.execute(this.db)
    return new Map(rows.map((r) => [r.id, qualificationStatus(r, rule.minTrainingHours)]))
  }

  /**
   * Grid workers and leaders posted in the scope (and under an area), with employment, load and
   * qualification: the roster, or one worker's profile head. One statement, `total` by window.
   */
  async workers(
    scope: Scope,
    filter: WorkerFilter,
    rule: QualificationRule,
  ): Promise<{ rows: WorkerRow[]; total: number }> {
    const like = filter.q ? `%${escapeLike(filter.q)}%` : null
    const { rows } = await sql<{
      id: number
      username: string
      display_name: string
      status: string
      employment: TEmployment | null
      hired_on: string | null
      note: string | null
      load: number | null
      hours: number | null
      has_valid: boolean
      valid_until: string | null
      postings: unknown
      first_path: string
      total: number
    }>`
      WITH ${this.ctes(rule)},
      posts AS (
        SELECT p.id, p.user_id, p.role, p.area_code, a.name AS area_name, a.level, a.path,
          CASE WHEN a.level = 'grid' THEN a.households END AS households
        FROM ra p JOIN areas a ON a.code = p.area_code
        WHERE p.role IN ('grid_worker', 'grid_leader') AND ${inAreaScope('a.path', scope)}
          ${filter.under === null ? sql`` : sql`AND a.path <@ CAST(${filter.under} AS ltree)`}
          ${filter.userId === undefined ? sql`` : sql`AND p.user_id = ${filter.userId}`}
      ),
      people AS (
        SELECT user_id, min(path::text) AS first_path, array_agg(DISTINCT role) AS roles
        FROM posts GROUP BY user_id
      ),
      page AS (
        SELECT acc.id, acc.username, acc.display_name, acc.status, pr.employment,
          pr.hired_on::text AS hired_on, pr.note, wl.load, tr.hours, qv.user_id IS NOT NULL AS has_valid,
          qv.valid_until, people.first_path, count(*) OVER () AS total
        FROM people
        JOIN acc ON acc.id = people.user_id
        LEFT JOIN grid_worker_profiles pr ON pr.user_id = acc.id
        LEFT JOIN wl ON wl.user_id = acc.id
        LEFT JOIN tr ON tr.user_id = acc.id
        LEFT JOIN qv ON qv.user_id = acc.id
        WHERE true
          ${like === null ? sql`` : sql`AND (acc.username ILIKE ${like} OR acc.display_name ILIKE ${like})`}
          ${filter.role === undefined ? sql`` : sql`AND ${filter.role} = ANY (people.roles)`}
          ${filter.employment === undefined ? sql`` : sql`AND pr.employment = ${filter.employment}`}
          ${
            filter.qualified === undefined
              ? sql``
              : filter.qualified
                ? sql`AND qv.user_id IS NOT NULL AND coalesce(tr.hours, 0) >= ${rule.minTrainingHours}`
                : sql`AND (qv.user_id IS NULL OR coalesce(tr.hours, 0) < ${rule.minTrainingHours})`
          }
        ORDER BY people.first_path, acc.username
        LIMIT ${filter.limit} OFFSET ${filter.offset}
      )
      -- Postings only for the page's people.
      SELECT page.*,
        (SELECT json_agg(json_build_object(
            'assignmentId', x.id, 'role', x.role, 'areaCode', x.area_code,
            'areaName', x.area_name, 'households', x.households) ORDER BY x.path, x.role)
         FROM posts x WHERE x.user_id = page.id) AS postings
      FROM page
      ORDER BY page.first_path, page.username`.execute(this.db)
    return {
      total: Number(rows[0]?.total ?? 0),
      rows: rows.map((r) => ({
        userId: r.id,
        firstPath: r.first_path,
        username: r.username,
        displayName: r.display_name,
        status: r.status as WorkerRow['status'],
        employment: r.employment,
        hiredOn: r.hired_on,
        note: r.note,
        load: r.load === null ? null : Number(r.load),
        qualification: qualificationStatus(r, rule.minTrainingHours),
        postings: json<TWorkerPosting[]>(r.postings),
      })),
    }
  }

  async trainings(userId: number, rule: QualificationRule): Promise<TTraining[]> {
    const rows = await this.db
      .selectFrom('grid_worker_trainings')
      .select([
        'id',
        'course',
        'hours',
        sql<string>`completed_on::text`.as('completed_on'),
        sql<boolean>`completed_on > (CAST(${rule.today} AS date) - interval '12 months')
          AND completed_on <= CAST(${rule.today} AS date)`.as('recent'),
        'created_at',
      ])
      .where('user_id', '=', userId)
      .orderBy('completed_on', 'desc')
      .orderBy('id', 'desc')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      course: r.course,
      hours: Number(r.hours),
      completedOn: r.completed_on,
      recent: r.recent,
      createdAt: r.created_at.toISOString(),
    }))
  }

  async qualifications(userId: number, rule: QualificationRule): Promise<TQualification[]> {
    const rows = await this.db
      .selectFrom('grid_worker_qualifications')
      .select([
        'id',
        'name',
        'certificate_no',
        sql<string>`issued_on::text`.as('issued_on'),
        sql<string | null>`expires_on::text`.as('expires_on'),
        sql<boolean>`issued_on <= CAST(${rule.today} AS date)
          AND (expires_on IS NULL OR expires_on >= CAST(${rule.today} AS date))`.as('valid'),
        'created_at',
      ])
      .where('user_id', '=', userId)
      .orderBy('issued_on', 'desc')
      .orderBy('id', 'desc')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      certificateNo: r.certificate_no,
      issuedOn: r.issued_on,
      expiresOn: r.expires_on,
      valid: r.valid,
      createdAt: r.created_at.toISOString(),
    }))
  }
}
