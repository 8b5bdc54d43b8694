import type { WhistleResponseStatus } from '@onegrid/core/api/whistles'
import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope, inUnitScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'

export type ResponseRow = {
  unitId: number
  unitName: string
  status: WhistleResponseStatus
  ackDueAt: Date
  arriveDueAt: Date
  acknowledgedAt: Date | null
  acknowledgedBy: number | null
  ackNote: string | null
  arrivedAt: Date | null
  arrivedBy: number | null
  arrivalSource: 'check_in' | 'recorded' | null
  distanceM: number | null
}

export type WhistleRow = {
  id: number
  districtCode: string
  code: string
  title: string
  description: string
  caseId: number | null
  location: { lng: number; lat: number }
  address: string | null
  gridCode: string
  areaName: string
  areaPath: string
  raisedBy: number
  raisedAt: Date
  ackMinutes: number
  arriveMinutes: number
  checkInRadiusM: number
  status: 'open' | 'closed'
  escalatedAt: Date | null
  escalatedBy: number | null
  escalationNote: string | null
  outcome: string | null
  closedAt: Date | null
  closedBy: number | null
  version: number
  responses: ResponseRow[]
}

type RawResponse = {
  unit_id: number
  unit_name: string
  status: WhistleResponseStatus
  ack_due_at: string
  arrive_due_at: string
  acknowledged_at: string | null
  acknowledged_by: number | null
  ack_note: string | null
  arrived_at: string | null
  arrived_by: number | null
  arrival_source: 'check_in' | 'recorded' | null
  distance_m: number | null
}

type RawWhistle = {
  id: number
  district_code: string
  code: string
  title: string
  description: string
  case_id: number | null
  lng: number
  lat: number
  address: string | null
  grid_code: string
  area_name: string
  area_path: string
  raised_by: number
  raised_at: Date
  ack_minutes: number
  arrive_minutes: number
  check_in_radius_m: number
  status: 'open' | 'closed'
  escalated_at: Date | null
  escalated_by: number | null
  escalation_note: string | null
  outcome: string | null
  closed_at: Date | null
  closed_by: number | null
  version: number
  responses: RawResponse[] | string
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v))
const date = (v: string | Date | null): Date | null => (v === null ? null : new Date(v))

function toRow(r: RawWhistle): WhistleRow {
  const responses = typeof r.responses === 'string' ? (JSON.parse(r.responses) as RawResponse[]) : r.responses
  return {
    id: Number(r.id),
    districtCode: r.district_code,
    code: r.code,
    title: r.title,
    description: r.description,
    caseId: num(r.case_id),
    location: { lng: Number(r.lng), lat: Number(r.lat) },
    address: r.address,
    gridCode: r.grid_code,
    areaName: r.area_name,
    areaPath: r.area_path,
    raisedBy: Number(r.raised_by),
    raisedAt: new Date(r.raised_at),
    ackMinutes: Number(r.ack_minutes),
    arriveMinutes: Number(r.arrive_minutes),
    checkInRadiusM: Number(r.check_in_radius_m),
    status: r.status,
    escalatedAt: date(r.escalated_at),
    escalatedBy: num(r.escalated_by),
    escalationNote: r.escalation_note,
    outcome: r.outcome,
    closedAt: date(r.closed_at),
    closedBy: num(r.closed_by),
    version: Number(r.version),
    responses: responses.map((x) => ({
      unitId: Number(x.unit_id),
      unitName: x.unit_name,
      status: x.status,
      ackDueAt: new Date(x.ack_due_at),
      arriveDueAt: new Date(x.arrive_due_at),
      acknowledgedAt: date(x.acknowledged_at),
      acknowledgedBy: num(x.acknowledged_by),
      ackNote: x.ack_note,
      arrivedAt: date(x.arrived_at),
      arrivedBy: num(x.arrived_by),
      arrivalSource: x.arrival_source,
      distanceM: x.distance_m === null ? null : Math.round(Number(x.distance_m) * 10) / 10,
    })),
  }
}

/** A whistle's columns with its responses (in unit order) as one JSON array. */
const columns = sql`
  w.id, w.district_code, w.code, w.title, w.description, w.case_id,
  ST_X(w.location) AS lng, ST_Y(w.location) AS lat, w.address, w.grid_code, g.name AS area_name,
  w.area_path::text AS area_path, w.raised_by, w.raised_at, w.ack_minutes, w.arrive_minutes,
  w.check_in_radius_m, w.status, w.escalated_at, w.escalated_by, w.escalation_note, w.outcome,
  w.closed_at, w.closed_by, w.version,
  (SELECT coalesce(json_agg(json_build_object(
            'unit_id', r.unit_id, 'unit_name', u.name, 'status', r.status,
            'ack_due_at', r.ack_due_at, 'arrive_due_at', r.arrive_due_at,
            'acknowledged_at', r.acknowledged_at, 'acknowledged_by', r.acknowledged_by, 'ack_note', r.ack_note,
            'arrived_at', r.arrived_at, 'arrived_by', r.arrived_by, 'arrival_source', r.arrival_source,
            'distance_m', r.distance_m) ORDER BY r.unit_id), '[]'::json)
     FROM whistle_responses r JOIN units u ON u.id = r.unit_id
    WHERE r.whistle_id = w.id) AS responses`

/** Whistles the scope sees: raised in its areas, or summoning one of its units. */
function visibleTo(scope: Scope): RawBuilder<boolean> {
  if (scope.unitIds.length === 0) return inAreaScope('w.area_path', scope)
  return sql<boolean>`(${inAreaScope('w.area_path', scope)} OR EXISTS (
    SELECT 1 FROM whistle_responses s WHERE s.whistle_id = w.id AND ${inUnitScope('s.unit_id', scope)}))`
}

export type ListFilter = {
  scope: Scope
  status?: 'open' | 'closed'
  /** Only whistles whose response of one of these units still waits (summoned or acknowledged). */
  waitingForUnits?: readonly number[]
  caseId?: number
  limit: number
  offset: number
}

/** Reads of whistles: one, a page of a board, the sweep's due responses. */
export class WhistleQueries {
  constructor(private readonly db: Db) {}

  async whistle(id: number, executor: Db = this.db): Promise<WhistleRow | undefined> {
    const { rows } = await sql<RawWhistle>`
      SELECT ${columns} FROM whistles w JOIN areas g ON g.code = w.grid_code
      WHERE w.id = ${id}`.execute(executor)
    const r = rows[0]
    return r ? toRow(r) : undefined
  }

  async list(f: ListFilter): Promise<{ rows: WhistleRow[]; total: number }> {
    const where = [visibleTo(f.scope)]
    if (f.status) where.push(sql`w.status = ${f.status}`)
    if (f.caseId !== undefined) where.push(sql`w.case_id = ${f.caseId}`)
    if (f.waitingForUnits !== undefined) {
      if (f.waitingForUnits.length === 0) return { rows: [], total: 0 }
      where.push(sql`w.status = 'open' AND EXISTS (
        SELECT 1 FROM whistle_responses s WHERE s.whistle_id = w.id
          AND s.status IN ('summoned', 'acknowledged')
          AND s.unit_id IN (${sql.join(f.waitingForUnits.map((u) => sql`${u}`))}))`)
    }
    const condition = sql.join(where, sql` AND `)
    const { rows } = await sql<RawWhistle & { total: number }>`
      SELECT ${columns}, count(*) OVER () AS total
      FROM whistles w JOIN areas g ON g.code = w.grid_code
      WHERE ${condition}
      ORDER BY (w.status = 'open') DESC, w.raised_at DESC, w.id DESC
      LIMIT ${f.limit} OFFSET ${f.offset}`.execute(this.db)
    if (rows.length === 0 && f.offset > 0) {
      const { rows: counted } = await sql<{ n: number }>`
        SELECT count(*) AS n FROM whistles w WHERE ${condition}`.execute(this.db)
      return { rows: [], total: Number(counted[0]?.n ?? 0) }
    }
    return { rows: rows.map(toRow), total: Number(rows[0]?.total ?? 0) }
  }

  /** Metres from the whistle's place to a point, on the spheroid (PostGIS geography). */
  async distance(id: number, point: { lng: number; lat: number }): Promise<number | undefined> {
    const { rows } = await sql<{ d: number }>`
      SELECT ST_Distance(location::geography,
                         ST_SetSRID(ST_MakePoint(${point.lng}, ${point.lat}), 4326)::geography) AS d
      FROM whistles WHERE id = ${id}`.execute(this.db)
    const d = rows[0]?.d
    return d === undefined ? undefined : Number(d)
  }

  /**
   * Per unit of a district, responses whose arrival limit fell in [from, to) and whose fate is
   * known by `cutoff` (the limit passed, or it arrived or was missed already): summoned, and of
   * those arrived by the limit (docs/KPI.md, 吹哨报到率).
   */
  async byUnit(
    district: string,
    from: Date,
    to: Date,
    cutoff: Date,
  ): Promise<{ unitId: number; summoned: number; arrived: number }[]> {
    const { rows } = await sql<{ unit_id: number; summoned: number; arrived: number }>`
      SELECT unit_id, count(*) AS summoned,
             count(*) FILTER (WHERE arrived_at IS NOT NULL AND arrived_at <= arrive_due_at) AS arrived
      FROM whistle_responses
      WHERE district_code = ${district} AND arrive_due_at >= ${from} AND arrive_due_at < ${to}
        AND (arrive_due_at <= ${cutoff} OR status IN ('arrived', 'missed'))
      GROUP BY unit_id ORDER BY unit_id`.execute(this.db)
    return rows.map((r) => ({
      unitId: Number(r.unit_id),
      summoned: Number(r.summoned),
      arrived: Number(r.arrived),
    }))
  }
}
