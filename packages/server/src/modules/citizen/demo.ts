import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { CaseStatus } from '@onegrid/core/cases/states'
import { citizenStage } from '@onegrid/core/citizen/plain-steps'
import { sql } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../platform/db/database.ts'

const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/** Tracking codes of demo reports to try on the citizen page: code, case, stage per line. */
export const demoTrackingFile = (dataDir: string) => path.join(dataDir, 'demo-tracking-codes.txt')

/** A demo case's tracking code: the same on every machine, from the case's code. */
export function demoTrackingCode(caseCode: string): string {
  const digest = createHash('sha256').update(`demo-tracking:${caseCode}`).digest()
  return Array.from(digest.subarray(0, 10), (b) => alphabet[b % alphabet.length]).join('')
}

/**
 * Demo step: the demo's residents' reports get tracking codes, as if made on
 * the citizen page, and their photos a moderation state — most handled cases'
 * photos approved for the public map, the rest waiting in 照片审核.
 */
export async function loadDemoCitizen(deps: {
  db: Db
  pii: PiiCipher
  clock: Clock
  dataDir: string
}): Promise<{
  reports: number
  photos: number
}> {
  const { db, pii, clock } = deps
  const { rows } = await sql<{ id: string; code: string; reported_at: Date; status: CaseStatus }>`
    SELECT id, code, reported_at, status FROM cases WHERE channel = 'citizen' ORDER BY id`.execute(db)
  if (rows.length === 0) return { reports: 0, photos: 0 }
  const ipIndex = pii.blindIndex('demo', 'citizen.ip')
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const slice = rows.slice(i, i + 500)
      await sql`
        INSERT INTO citizen_reports (case_id, tracking_code, ip_index, created_at)
        VALUES ${sql.join(slice.map((r) => sql`(${Number(r.id)}, ${demoTrackingCode(r.code)}, ${ipIndex}, ${r.reported_at})`))}
        ON CONFLICT DO NOTHING`.execute(trx)
    }
    // Photos of handled cases: two in three approved by the operator; open cases' photos wait.
    await sql`
      INSERT INTO citizen_photos (attachment_id, phone_index, status, uploaded_at, moderated_by, moderated_at)
      SELECT a.id, coalesce(c.reporter_phone_index, ''),
             CASE WHEN c.status IN ('closed', 'archived') AND a.id % 3 <> 0 THEN 'approved' ELSE 'pending' END,
             a.uploaded_at,
             CASE WHEN c.status IN ('closed', 'archived') AND a.id % 3 <> 0 THEN op.id END,
             CASE WHEN c.status IN ('closed', 'archived') AND a.id % 3 <> 0 THEN ${clock.now()}::timestamptz END
      FROM case_attachments a
      JOIN cases c ON c.id = a.case_id
      LEFT JOIN users op ON op.username = 'shouliyuan'
      WHERE c.channel = 'citizen' AND a.kind = 'image' AND a.event_id = (
        SELECT min(e.id) FROM case_events e WHERE e.case_id = c.id)
      ON CONFLICT DO NOTHING`.execute(trx)
  })
  // A few codes to try on the tracking page, one per stage (the case codes follow the day of the load).
  const byStage = new Map<string, string>()
  // A merged report follows its master's stage: left out, so each line's stage is its own.
  for (const r of rows.filter((row) => row.status !== 'merged')) {
    const stage = citizenStage(r.status)
    if (!byStage.has(stage)) byStage.set(stage, `${demoTrackingCode(r.code)}\t${r.code}\t${stage}`)
  }
  await fs.mkdir(deps.dataDir, { recursive: true })
  await fs.writeFile(demoTrackingFile(deps.dataDir), `${[...byStage.values()].join('\n')}\n`)
  const photos = await sql<{ n: string }>`SELECT count(*) AS n FROM citizen_photos`.execute(db)
  return { reports: rows.length, photos: Number(photos.rows[0]?.n ?? 0) }
}
