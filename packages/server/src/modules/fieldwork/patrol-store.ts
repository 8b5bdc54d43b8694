import type { TTrackPoint } from '@onegrid/core/api/patrols'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type NewPatrol = {
  id: string
  userId: number
  districtCode: string
  areaCode: string
  areaPath: string
  startedAt: Date
}

/** A point's stored flags after the distance rule ran: kept, and the walked segment into it. */
export type PointFlags = {
  at: string
  kept: boolean
  /** The previous kept point when joined to it, and the seconds between. */
  from: { at: string; lng: number; lat: number } | null
  seconds: number | null
}

/** Writes of patrols and their points, inside the caller's transaction. */
export class PatrolStore {
  /** Inserts the patrol unless its id exists; true when this call created it. */
  async insert(trx: Db, p: NewPatrol, now: Date): Promise<boolean> {
    const r = await trx
      .insertInto('patrols')
      .values({
        id: p.id,
        user_id: p.userId,
        district_code: p.districtCode,
        area_code: p.areaCode,
        area_path: p.areaPath,
        started_at: p.startedAt,
        track: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst()
    return r !== undefined
  }

  /** Locks the patrol's row for this transaction; its owner, start and end. */
  async lock(
    trx: Db,
    id: string,
  ): Promise<
    | {
        userId: number
        startedAt: Date
        endedAt: Date | null
        endReason: string | null
        districtCode: string
      }
    | undefined
  > {
    const row = await trx
      .selectFrom('patrols')
      .select(['user_id', 'started_at', 'ended_at', 'end_reason', 'district_code'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    return row
      ? {
          userId: Number(row.user_id),
          startedAt: row.started_at,
          endedAt: row.ended_at,
          endReason: row.end_reason,
          districtCode: row.district_code,
        }
      : undefined
  }

  async moveStart(trx: Db, id: string, startedAt: Date, now: Date): Promise<void> {
    await trx
      .updateTable('patrols')
      .set({ started_at: startedAt, updated_at: now })
      .where('id', '=', id)
      .where('started_at', '>', startedAt)
      .execute()
  }

  /** Adds the points not yet there (same patrol, same time); how many were new. */
  async insertPoints(
    trx: Db,
    patrolId: string,
    districtCode: string,
    points: readonly TTrackPoint[],
    now: Date,
  ): Promise<number> {
    if (points.length === 0) return 0
    const rows = points.map((p) => ({
      at: p.at,
      day: shanghaiDate(new Date(p.at)),
      lng: p.lng,
      lat: p.lat,
      accuracy: p.accuracy,
      speed: p.speed ?? null,
      heading: p.heading ?? null,
    }))
    const r = await sql<{ at: Date }>`
      INSERT INTO patrol_points (patrol_id, at, day, district_code, geom, accuracy, speed, heading, received_at)
      SELECT ${patrolId}::uuid, x.at, x.day, ${districtCode}, ST_SetSRID(ST_MakePoint(x.lng, x.lat), 4326),
        x.accuracy, x.speed, x.heading, ${now}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x(at timestamptz, day date, lng double precision, lat double precision, accuracy real, speed real, heading real)
      ON CONFLICT (patrol_id, at) DO NOTHING
      RETURNING at`.execute(trx)
    return r.rows.length
  }

  /** Stores changed flags and segments (only the points whose flags changed are passed). */
  async setFlags(trx: Db, patrolId: string, changes: readonly PointFlags[]): Promise<void> {
    if (changes.length === 0) return
    const rows = changes.map((c) => ({
      at: c.at,
      kept: c.kept,
      fat: c.from?.at ?? null,
      flng: c.from?.lng ?? null,
      flat: c.from?.lat ?? null,
      seconds: c.seconds,
    }))
    await sql`
      UPDATE patrol_points p SET
        kept = x.kept,
        seg = CASE WHEN x.flng IS NULL THEN NULL
                   ELSE ST_MakeLine(ST_SetSRID(ST_MakePoint(x.flng, x.flat), 4326), p.geom) END,
        seg_from = CASE WHEN x.flng IS NULL THEN NULL ELSE x.fat END,
        seg_s = CASE WHEN x.flng IS NULL THEN NULL ELSE x.seconds END
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x(at timestamptz, kept boolean, fat timestamptz, flng double precision, flat double precision, seconds real)
      WHERE p.patrol_id = ${patrolId}::uuid AND p.at = x.at`.execute(trx)
  }

  /** The patrol's figures from its points: counts, distance, last point, track of the kept points. */
  async summarize(
    trx: Db,
    patrolId: string,
    figures: { distanceM: number; usable: number; stale: boolean },
    now: Date,
  ): Promise<void> {
    await sql`
      UPDATE patrols p SET
        point_count = s.n, usable_point_count = ${figures.usable}, distance_m = ${figures.distanceM},
        last_point_at = s.last_at, track = s.track, grid_days_stale = ${figures.stale}, updated_at = ${now}
      FROM (
        SELECT count(*)::int AS n, max(at) AS last_at,
          CASE WHEN count(*) FILTER (WHERE kept) >= 2
               THEN ST_MakeLine(geom ORDER BY at) FILTER (WHERE kept) END AS track
        FROM patrol_points WHERE patrol_id = ${patrolId}::uuid
      ) s
      WHERE p.id = ${patrolId}::uuid`.execute(trx)
  }

  async end(trx: Db, id: string, endedAt: Date, reason: 'app' | 'auto', now: Date): Promise<void> {
    await trx
      .updateTable('patrols')
      .set({ ended_at: endedAt, end_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute()
  }

  /** The caller's other open patrols (a phone that lost its state started anew), locked. */
  async otherOpen(
    trx: Db,
    userId: number,
    except: string,
  ): Promise<{ id: string; startedAt: Date; lastPointAt: Date | null }[]> {
    const rows = await trx
      .selectFrom('patrols')
      .select(['id', 'started_at', 'last_point_at'])
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where('id', '<>', except)
      .forUpdate()
      .execute()
    return rows.map((r) => ({ id: r.id, startedAt: r.started_at, lastPointAt: r.last_point_at }))
  }
}
