import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import type { StaffSources } from './patrol-ports.ts'
import { fieldworkVisible } from './patrol-queries.ts'

export type CheckInRow = {
  id: number
  userId: number
  userName: string
  kind: 'on' | 'off'
  at: Date
  receivedAt: Date
  lng: number
  lat: number
  accuracy: number
  inside: boolean
  gridCode: string | null
  gridName: string | null
  distanceM: number
}

export type NewCheckIn = {
  userId: number
  districtCode: string
  areaPath: string
  kind: 'on' | 'off'
  at: Date
  day: string
  lng: number
  lat: number
  accuracy: number
  inside: boolean
  gridCode: string | null
  distanceM: number
}

export type CheckInFilter = {
  userId?: number | undefined
  from?: Date | undefined
  to?: Date | undefined
  areaPath?: string | undefined
  inside?: boolean | undefined
}

const columns = sql`
  c.id, c.user_id AS "userId", coalesce(acc.display_name, '') AS "userName", c.kind, c.at,
  c.received_at AS "receivedAt", ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat, c.accuracy, c.inside,
  c.grid_code AS "gridCode", g.name AS "gridName", c.distance_m AS "distanceM"`

const toRow = (r: CheckInRow): CheckInRow => ({
  ...r,
  id: Number(r.id),
  userId: Number(r.userId),
  lng: Number(r.lng),
  lat: Number(r.lat),
  accuracy: Number(r.accuracy),
  distanceM: Number(r.distanceM),
})

/** Reads and the one write of attendance check-ins (签到). */
export class CheckInQueries {
  constructor(
    readonly db: Db,
    private readonly staff: StaffSources,
  ) {}

  async insert(executor: Db, c: NewCheckIn, now: Date): Promise<number> {
    const { rows } = await sql<{ id: number }>`
      INSERT INTO check_ins
        (user_id, district_code, area_path, kind, at, day, received_at, geom, accuracy, inside, grid_code, distance_m)
      VALUES (${c.userId}, ${c.districtCode}, CAST(${c.areaPath} AS ltree), ${c.kind}, ${c.at}, ${c.day}::date, ${now},
        ST_SetSRID(ST_MakePoint(${c.lng}, ${c.lat}), 4326), ${c.accuracy}, ${c.inside}, ${c.gridCode}, ${c.distanceM})
      RETURNING id`.execute(executor)
    const id = rows[0]?.id
    if (id === undefined) throw new Error('check-in not inserted')
    return Number(id)
  }

  private where(scope: Scope, me: number, f: CheckInFilter): RawBuilder<unknown> {
    const where: RawBuilder<unknown>[] = [fieldworkVisible(scope, me, 'c')]
    if (f.userId !== undefined) where.push(sql`c.user_id = ${f.userId}`)
    if (f.from) where.push(sql`c.at >= ${f.from}`)
    if (f.to) where.push(sql`c.at < ${f.to}`)
    if (f.areaPath) where.push(sql`c.area_path <@ CAST(${f.areaPath} AS ltree)`)
    if (f.inside !== undefined) where.push(sql`c.inside = ${f.inside}`)
    return sql.join(where, sql` AND `)
  }

  async list(scope: Scope, me: number, f: CheckInFilter, limit: number, offset: number) {
    const where = this.where(scope, me, f)
    const { rows } = await sql<CheckInRow>`
      WITH acc AS ${this.staff.accounts}
      SELECT ${columns}
      FROM check_ins c LEFT JOIN acc ON acc.id = c.user_id LEFT JOIN areas g ON g.code = c.grid_code
      WHERE ${where}
      ORDER BY c.at DESC, c.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(this.db)
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM check_ins c WHERE ${where}`.execute(
      this.db,
    )
    return { rows: rows.map(toRow), total: Number(count.rows[0]?.n ?? 0) }
  }

  async byId(id: number): Promise<CheckInRow | undefined> {
    const { rows } = await sql<CheckInRow>`
      WITH acc AS ${this.staff.accounts}
      SELECT ${columns}
      FROM check_ins c LEFT JOIN acc ON acc.id = c.user_id LEFT JOIN areas g ON g.code = c.grid_code
      WHERE c.id = ${id}`.execute(this.db)
    return rows[0] ? toRow(rows[0]) : undefined
  }
}
