import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

/** The channels whose cases are public through Open311: residents' own reports, not staff's or callers'. */
export const publicChannels = ['open311', 'citizen'] as const

/** A case as Open311 shows it: no reporter, the handling unit, the point rounded to about 100 m. */
export type PublicRequestRow = {
  code: string
  status: string
  description: string
  address: string | null
  item_code: string
  service_name: string
  agency: string | null
  reported_at: Date
  updated_at: Date
  closed_at: Date | null
  due_at: Date | null
  lat: string | null
  lng: string | null
  media_url: string | null
}

export type UpdateRow = {
  id: string | number
  code: string
  action: string
  to_status: string
  at: Date
  unit: string | null
}

export type RequestFilter =
  | { codes: readonly string[] }
  | {
      serviceCodes: readonly string[] | null
      from: Date
      to: Date
      status: 'open' | 'closed' | null
      limit: number
    }

export const closedStatuses = ['closed', 'archived', 'rejected', 'merged'] as const

/** A public case a client may comment on. */
export type UpdatableCase = { id: number; district_code: string; area_path: string }

/** A client's update as posted, less the resident's contact details (which are not kept). */
export type NewUpdate = {
  apiKeyId: number
  updateId: string
  caseId: number
  districtCode: string
  status: string
  updatedAt: Date
  description: string
  mediaUrl: string | null
  /** Who the timeline names: the client, not the resident. */
  actorName: string
  at: Date
}

export class Open311Queries {
  constructor(private readonly db: Db) {}

  async requests(districtCodes: readonly string[], filter: RequestFilter): Promise<PublicRequestRow[]> {
    const conditions = [
      sql`c.channel = ANY(${publicChannels as unknown as string[]}::text[])`,
      sql`c.district_code = ANY(${districtCodes as string[]}::text[])`,
    ]
    let limit = 1000
    if ('codes' in filter) {
      conditions.push(sql`c.code = ANY(${filter.codes as string[]}::text[])`)
    } else {
      conditions.push(sql`c.reported_at >= ${filter.from}`, sql`c.reported_at < ${filter.to}`)
      if (filter.serviceCodes)
        conditions.push(sql`c.item_code = ANY(${filter.serviceCodes as string[]}::text[])`)
      if (filter.status === 'closed')
        conditions.push(sql`c.status = ANY(${closedStatuses as unknown as string[]}::text[])`)
      if (filter.status === 'open')
        conditions.push(sql`NOT (c.status = ANY(${closedStatuses as unknown as string[]}::text[]))`)
      limit = filter.limit
    }
    // Rounded in SQL to three decimals (about 100 m): the exact point never leaves the database.
    const { rows } = await sql<PublicRequestRow>`
      SELECT c.code, c.status, c.description, c.address, c.item_code, v.name AS service_name,
             u.name AS agency, c.reported_at, c.updated_at, c.closed_at, c.due_at,
             round(ST_Y(c.location)::numeric, 3)::text AS lat,
             round(ST_X(c.location)::numeric, 3)::text AS lng,
             r.media_url
      FROM cases c
      JOIN catalog_item_versions v ON v.id = c.item_version_id
      LEFT JOIN units u ON u.id = c.handler_unit_id
      LEFT JOIN open311_requests r ON r.case_id = c.id
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY c.reported_at DESC, c.id DESC
      LIMIT ${limit}`.execute(this.db)
    return rows
  }

  /** Status changes of public cases in a window, oldest first (mySociety's servicerequestupdates). */
  async updates(districtCodes: readonly string[], from: Date, to: Date, limit: number): Promise<UpdateRow[]> {
    const { rows } = await sql<UpdateRow>`
      SELECT e.id, c.code, e.action, e.to_status, e.at, u.name AS unit
      FROM case_events e
      JOIN cases c ON c.id = e.case_id
      LEFT JOIN units u ON u.id = c.handler_unit_id
      WHERE c.channel = ANY(${publicChannels as unknown as string[]}::text[])
        AND c.district_code = ANY(${districtCodes as string[]}::text[])
        AND e.at >= ${from} AND e.at < ${to}
        AND e.to_status IS NOT NULL
        AND (e.from_status IS NULL OR e.from_status <> e.to_status OR e.action = 'reopen')
      ORDER BY e.at, e.id
      LIMIT ${limit}`.execute(this.db)
    return rows
  }

  /** A registry building by id or by its standard address: where an address-only request is placed. */
  async building(by: { id: number } | { address: string }): Promise<{ lng: number; lat: number } | null> {
    const where = 'id' in by ? sql`id = ${by.id}` : sql`address = ${by.address}`
    const { rows } = await sql<{ lng: number; lat: number }>`
      SELECT ST_X(location) AS lng, ST_Y(location) AS lat FROM registry_buildings
      WHERE ${where} AND location IS NOT NULL
      ORDER BY id LIMIT 1`.execute(this.db)
    return rows[0] ?? null
  }

  async districts(): Promise<string[]> {
    const rows = await this.db.selectFrom('areas').select('code').where('level', '=', 'district').execute()
    return rows.map((r) => r.code)
  }

  /** A public case by its code, within the districts served; null when there is none to update. */
  async updatableCase(code: string, districtCodes: readonly string[]): Promise<UpdatableCase | null> {
    const { rows } = await sql<UpdatableCase>`
      SELECT id, district_code, area_path FROM cases
      WHERE code = ${code}
        AND channel = ANY(${publicChannels as unknown as string[]}::text[])
        AND district_code = ANY(${districtCodes as string[]}::text[])`.execute(this.db)
    const r = rows[0]
    return r ? { ...r, id: Number(r.id) } : null
  }

  /**
   * Records a client's update once per (key, update_id) and puts it on the case's
   * timeline as a `resident_update` step that changes no status; returns the
   * update's id here, the first one's when the client sends it again. The row is
   * claimed before the step is written, so two concurrent resends cannot both add a step.
   */
  async recordUpdate(u: NewUpdate): Promise<{ id: number; created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const claimed = await sql<{ id: string | number }>`
        INSERT INTO open311_updates
          (api_key_id, update_id, case_id, status, updated_at, description, media_url, created_at)
        VALUES (${u.apiKeyId}, ${u.updateId}, ${u.caseId}, ${u.status}, ${u.updatedAt},
                ${u.description}, ${u.mediaUrl}, ${u.at})
        ON CONFLICT (api_key_id, update_id) DO NOTHING
        RETURNING id`.execute(trx)
      const mine = claimed.rows[0]
      if (!mine) {
        const { rows } = await sql<{ id: string | number }>`
          SELECT id FROM open311_updates
          WHERE api_key_id = ${u.apiKeyId} AND update_id = ${u.updateId}`.execute(trx)
        return { id: Number(rows[0]?.id), created: false }
      }
      const data = {
        source: 'open311',
        updateId: u.updateId,
        status: u.status,
        updatedAt: u.updatedAt,
        mediaUrl: u.mediaUrl,
      }
      const event = await sql<{ id: string | number }>`
        INSERT INTO case_events
          (case_id, district_code, at, action, actor_id, actor_name, role, from_status, to_status, note, data, clock)
        VALUES (${u.caseId}, ${u.districtCode}, ${u.at}, 'resident_update', NULL, ${u.actorName}, 'resident',
                NULL, NULL, ${u.description}, ${JSON.stringify(data)}::jsonb, NULL)
        RETURNING id`.execute(trx)
      await sql`UPDATE open311_updates SET event_id = ${event.rows[0]?.id} WHERE id = ${mine.id}`.execute(trx)
      return { id: Number(mine.id), created: true }
    })
  }

  async recordRequest(r: {
    caseId: number
    apiKeyId: number
    mediaUrl: string | null
    deviceId: string | null
    accountId: string | null
    at: Date
  }): Promise<void> {
    await sql`
      INSERT INTO open311_requests (case_id, api_key_id, media_url, device_id, account_id, created_at)
      VALUES (${r.caseId}, ${r.apiKeyId}, ${r.mediaUrl}, ${r.deviceId}, ${r.accountId}, ${r.at})
      ON CONFLICT (case_id) DO NOTHING`.execute(this.db)
  }
}
