import type { TLineString } from '@onegrid/core/api/patrols'
import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import type { StaffSources } from './patrol-ports.ts'

export type PatrolRow = {
  id: string
  userId: number
  userName: string
  areaCode: string
  areaName: string
  areaPath: string
  startedAt: Date
  endedAt: Date | null
  endReason: 'app' | 'auto' | null
  lastPointAt: Date | null
  pointCount: number
  usablePointCount: number
  distanceM: number
  gridDaysStale: boolean
  lastAt: Date | null
  lastLng: number | null
  lastLat: number | null
  lastAccuracy: number | null
}

export type PatrolWithTrack = PatrolRow & { track: TLineString | null }

export type PointRow = {
  at: Date
  lng: number
  lat: number
  accuracy: number
  kept: boolean
  /** The previous kept point this one is joined to by a walked segment. */
  fromAt: Date | null
}

/** An area a worker is posted to for field work (grid worker or grid leader). */
export type Posting = { code: string; name: string; path: string; level: string }

export type PatrolFilter = {
  userId?: number | undefined
  from?: Date | undefined
  to?: Date | undefined
  areaPath?: string | undefined
  status?: 'open' | 'ended' | undefined
}

/** Roles whose postings are where one does field work. */
export const fieldRoles = ['grid_worker', 'grid_leader'] as const

/** Who sees a patrol (or a check-in): its owner, and whoever holds its area. */
export function fieldworkVisible(scope: Scope, userId: number, alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.user_id`)} = ${userId} OR ${inAreaScope(`${alias}.area_path`, scope)})`
}

const patrolColumns = sql`
  p.id::text AS id, p.user_id AS "userId", coalesce(acc.display_name, '') AS "userName",
  p.area_code AS "areaCode", coalesce(a.name, p.area_code) AS "areaName", p.area_path::text AS "areaPath",
  p.started_at AS "startedAt", p.ended_at AS "endedAt", p.end_reason AS "endReason",
  p.last_point_at AS "lastPointAt", p.point_count AS "pointCount", p.usable_point_count AS "usablePointCount",
  p.distance_m AS "distanceM", p.grid_days_stale AS "gridDaysStale",
  lp.at AS "lastAt", lp.lng AS "lastLng", lp.lat AS "lastLat", lp.accuracy AS "lastAccuracy"`

const lastPoint = sql`LEFT JOIN LATERAL (
    SELECT q.at, ST_X(q.geom) AS lng, ST_Y(q.geom) AS lat, q.accuracy
    FROM patrol_points q WHERE q.patrol_id = p.id ORDER BY q.at DESC LIMIT 1) lp ON true`

const toPatrol = (r: PatrolRow): PatrolRow => ({
  ...r,
  userId: Number(r.userId),
  distanceM: Number(r.distanceM),
  lastLng: r.lastLng === null ? null : Number(r.lastLng),
  lastLat: r.lastLat === null ? null : Number(r.lastLat),
  lastAccuracy: r.lastAccuracy === null ? null : Number(r.lastAccuracy),
})

/** Reads of patrols and their points. SQL stays here; every list takes the caller's scope. */
export class PatrolQueries {
  constructor(
    readonly db: Db,
    private readonly staff: StaffSources,
  ) {}

  private async patrols(where: RawBuilder<unknown>, tail: RawBuilder<unknown>, executor: Db = this.db) {
    const { rows } = await sql<PatrolRow>`
      WITH acc AS ${this.staff.accounts}
      SELECT ${patrolColumns}
      FROM patrols p LEFT JOIN areas a ON a.code = p.area_code LEFT JOIN acc ON acc.id = p.user_id
      ${lastPoint}
      WHERE ${where} ${tail}`.execute(executor)
    return rows.map(toPatrol)
  }

  /** One patrol by id, whoever's it is (the service decides who may see it). */
  async byId(id: string, executor: Db = this.db): Promise<PatrolRow | undefined> {
    return (await this.patrols(sql`p.id = ${id}::uuid`, sql``, executor))[0]
  }

  async withTracks(where: RawBuilder<unknown>, order: RawBuilder<unknown>): Promise<PatrolWithTrack[]> {
    const rows = await this.patrols(where, order)
    if (rows.length === 0) return []
    const tracks = await sql<{ id: string; track: string | null }>`
      SELECT id::text AS id, ST_AsGeoJSON(track, 7) AS track FROM patrols
      WHERE id IN (${sql.join(rows.map((r) => sql`${r.id}::uuid`))})`.execute(this.db)
    const byId = new Map(tracks.rows.map((t) => [t.id, t.track]))
    return rows.map((r) => {
      const track = byId.get(r.id)
      return { ...r, track: track ? (JSON.parse(track) as TLineString) : null }
    })
  }

  async oneWithTrack(id: string): Promise<PatrolWithTrack | undefined> {
    return (await this.withTracks(sql`p.id = ${id}::uuid`, sql``))[0]
  }

  private conditions(scope: Scope, me: number, f: PatrolFilter): RawBuilder<unknown> {
    const where: RawBuilder<unknown>[] = [fieldworkVisible(scope, me, 'p')]
    if (f.userId !== undefined) where.push(sql`p.user_id = ${f.userId}`)
    if (f.from) where.push(sql`p.started_at >= ${f.from}`)
    if (f.to) where.push(sql`p.started_at < ${f.to}`)
    if (f.areaPath) where.push(sql`p.area_path <@ CAST(${f.areaPath} AS ltree)`)
    if (f.status === 'open') where.push(sql`p.ended_at IS NULL`)
    if (f.status === 'ended') where.push(sql`p.ended_at IS NOT NULL`)
    return sql.join(where, sql` AND `)
  }

  async list(scope: Scope, me: number, f: PatrolFilter, limit: number, offset: number) {
    const where = this.conditions(scope, me, f)
    const rows = await this.patrols(
      where,
      sql`ORDER BY p.started_at DESC, p.id LIMIT ${limit} OFFSET ${offset}`,
    )
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM patrols p WHERE ${where}`.execute(
      this.db,
    )
    return { rows, total: Number(count.rows[0]?.n ?? 0) }
  }

  /** A worker's patrols that ran during [from, to), with their tracks. */
  async ofWorker(scope: Scope, me: number, userId: number, from: Date, to: Date): Promise<PatrolWithTrack[]> {
    return this.withTracks(
      sql`${fieldworkVisible(scope, me, 'p')} AND p.user_id = ${userId} AND p.started_at < ${to}
        AND coalesce(greatest(p.ended_at, p.last_point_at), p.started_at) >= ${from}`,
      sql`ORDER BY p.started_at`,
    )
  }

  /** Open patrols in scope whose last point is at or after `since`: the workers on duty. */
  async onDuty(scope: Scope, areaPath: string | undefined, since: Date) {
    const { rows } = await sql<PatrolRow & { gridCode: string | null; gridName: string | null }>`
      WITH acc AS ${this.staff.accounts}
      SELECT ${patrolColumns}, g.code AS "gridCode", g.name AS "gridName"
      FROM patrols p LEFT JOIN areas a ON a.code = p.area_code LEFT JOIN acc ON acc.id = p.user_id
      ${lastPoint}
      LEFT JOIN LATERAL (
        SELECT ga.code, ga.name FROM areas ga
        WHERE ga.level = 'grid' AND ${inAreaScope('ga.path', scope)}
          AND ST_Intersects(ga.geom, ST_SetSRID(ST_MakePoint(lp.lng, lp.lat), 4326))
        ORDER BY ga.code LIMIT 1) g ON true
      WHERE p.ended_at IS NULL AND p.last_point_at >= ${since} AND ${inAreaScope('p.area_path', scope)}
        ${areaPath ? sql`AND p.area_path <@ CAST(${areaPath} AS ltree)` : sql``}
      ORDER BY p.last_point_at DESC`.execute(this.db)
    return rows.map((r) => ({ ...toPatrol(r), gridCode: r.gridCode, gridName: r.gridName }))
  }

  /** Every point of a patrol in time order, with the flags last stored (inside the caller's transaction). */
  async points(executor: Db, patrolId: string): Promise<PointRow[]> {
    const { rows } = await sql<PointRow>`
      SELECT at, ST_X(geom) AS lng, ST_Y(geom) AS lat, accuracy, kept, seg_from AS "fromAt"
      FROM patrol_points WHERE patrol_id = ${patrolId}::uuid ORDER BY at`.execute(executor)
    return rows.map((r) => ({ ...r, lng: Number(r.lng), lat: Number(r.lat), accuracy: Number(r.accuracy) }))
  }

  /** The areas a user is posted to for field work, most specific first. */
  async postings(userId: number): Promise<Posting[]> {
    const { rows } = await sql<Posting>`
      WITH ra AS ${this.staff.assignments}
      SELECT DISTINCT a.code, a.name, a.path::text AS path, a.level, nlevel(a.path) AS depth
      FROM ra JOIN areas a ON a.code = ra.area_code
      WHERE ra.user_id = ${userId} AND ra.role IN (${sql.join(fieldRoles.map((r) => sql`${r}`))})
      ORDER BY depth DESC, a.code`.execute(this.db)
    return rows.map((r) => ({ code: r.code, name: r.name, path: r.path, level: r.level }))
  }

  /**
   * The grid of a worker's postings at a point, or the nearest of them: with the distance in
   * metres to its boundary (0 inside). Null when the postings hold no grid.
   */
  async gridOfPostings(
    postingPaths: readonly string[],
    lng: number,
    lat: number,
  ): Promise<{ code: string; name: string; path: string; distanceM: number } | null> {
    if (postingPaths.length === 0) return null
    const here = sql`ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326)`
    const { rows } = await sql<{ code: string; name: string; path: string; distance: number }>`
      SELECT g.code, g.name, g.path::text AS path, ST_Distance(g.geom::geography, ${here}::geography) AS distance
      FROM (
        SELECT a.code, a.name, a.path, a.geom FROM areas a
        WHERE a.level = 'grid' AND a.geom IS NOT NULL
          AND ${inAreaScope('a.path', { areaPaths: postingPaths, unitIds: [] })}
        ORDER BY a.geom <-> ${here}, a.code LIMIT 5
      ) g
      ORDER BY distance, g.code LIMIT 1`.execute(this.db)
    const r = rows[0]
    return r ? { code: r.code, name: r.name, path: r.path, distanceM: Number(r.distance) } : null
  }

  /** Workers posted in scope (or with patrols in scope), for the console's picker. */
  async workers(scope: Scope, areaPath: string | undefined, q: string | undefined, limit: number) {
    const like = q ? `%${q.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%` : null
    const { rows } = await sql<{ id: number; name: string; code: string; gridName: string }>`
      WITH ra AS ${this.staff.assignments}, acc AS ${this.staff.accounts}
      SELECT acc.id, acc.display_name AS name, a.code, a.name AS "gridName"
      FROM ra JOIN acc ON acc.id = ra.user_id JOIN areas a ON a.code = ra.area_code
      WHERE ra.role IN (${sql.join(fieldRoles.map((r) => sql`${r}`))}) AND acc.status = 'active'
        AND ${inAreaScope('a.path', scope)}
        ${areaPath ? sql`AND a.path <@ CAST(${areaPath} AS ltree)` : sql``}
        ${like ? sql`AND (acc.display_name LIKE ${like} OR acc.username LIKE ${like})` : sql``}
      ORDER BY a.code, acc.id
      LIMIT ${limit}`.execute(this.db)
    return rows.map((r) => ({ ...r, id: Number(r.id) }))
  }

  async accountName(userId: number): Promise<string | null> {
    const { rows } = await sql<{ name: string }>`
      WITH acc AS ${this.staff.accounts}
      SELECT display_name AS name FROM acc WHERE id = ${userId}`.execute(this.db)
    return rows[0]?.name ?? null
  }

  /** Whether a user is posted (in any role) inside the scope: whose field day one may look at. */
  async postedInScope(scope: Scope, userId: number): Promise<boolean> {
    const { rows } = await sql<{ n: number }>`
      WITH ra AS ${this.staff.assignments}
      SELECT count(*)::int AS n FROM ra JOIN areas a ON a.code = ra.area_code
      WHERE ra.user_id = ${userId} AND ${inAreaScope('a.path', scope)}`.execute(this.db)
    return Number(rows[0]?.n ?? 0) > 0
  }
}
