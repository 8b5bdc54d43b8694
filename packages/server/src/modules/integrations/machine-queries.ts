import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type MachineAlert = {
  apiKeyId: number
  alertId: string
  caseId: number
  source: string
  sourceId: string
  confidence: number | null
  evidenceUrl: string | null
  at: Date
}

/** Machine alerts and the open case a repeat belongs to. */
export class MachineQueries {
  constructor(private readonly db: Db) {}

  async caseOfAlert(apiKeyId: number, alertId: string): Promise<number | null> {
    const { rows } = await sql<{ case_id: string }>`
      SELECT case_id FROM machine_alerts WHERE api_key_id = ${apiKeyId} AND alert_id = ${alertId}`.execute(
      this.db,
    )
    return rows[0] ? Number(rows[0].case_id) : null
  }

  /** The latest open case of the item this key's source raised near the point, within the window. */
  async openRepeat(q: {
    apiKeyId: number
    sourceId: string
    itemCode: string
    lng: number
    lat: number
    radiusMeters: number
    since: Date
  }): Promise<number | null> {
    const { rows } = await sql<{ id: string }>`
      SELECT c.id FROM cases c
      WHERE c.item_code = ${q.itemCode}
        AND c.reported_at >= ${q.since}
        AND c.status NOT IN ('closed', 'archived', 'rejected', 'merged')
        AND ST_DWithin(c.location::geography,
                       ST_SetSRID(ST_MakePoint(${q.lng}, ${q.lat}), 4326)::geography, ${q.radiusMeters})
        AND EXISTS (SELECT 1 FROM machine_alerts a
                    WHERE a.case_id = c.id AND a.api_key_id = ${q.apiKeyId} AND a.source_id = ${q.sourceId})
      ORDER BY c.reported_at DESC, c.id DESC
      LIMIT 1`.execute(this.db)
    return rows[0] ? Number(rows[0].id) : null
  }

  /** Records an alert; false when the same alert id of the key was recorded first by another request. */
  async record(a: MachineAlert): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO machine_alerts
        (api_key_id, alert_id, case_id, source, source_id, confidence, evidence_url, received_at)
      VALUES (${a.apiKeyId}, ${a.alertId}, ${a.caseId}, ${a.source}, ${a.sourceId}, ${a.confidence},
              ${a.evidenceUrl}, ${a.at})
      ON CONFLICT (api_key_id, alert_id) DO NOTHING
      RETURNING id`.execute(this.db)
    return rows.length === 1
  }

  async alertCount(caseId: number): Promise<number> {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM machine_alerts WHERE case_id = ${caseId}`.execute(this.db)
    return Number(rows[0]?.n ?? 0)
  }

  async caseHead(caseId: number): Promise<{ code: string; status: string } | null> {
    const { rows } = await sql<{ code: string; status: string }>`
      SELECT code, status FROM cases WHERE id = ${caseId}`.execute(this.db)
    return rows[0] ?? null
  }
}
