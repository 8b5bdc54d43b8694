import { sql } from 'kysely'
import type { PiiTable } from '../../platform/crypto/rotate-key.ts'
import type { Db } from '../../platform/db/database.ts'

export type CodeRow = { id: number; code_hash: string; attempts: number; expires_at: Date }

export type SessionRow = { phone_index: string; phone_cipher: string; expires_at: Date }

/** A session's phone, for key rotation (the index is the one cases and the registry use). */
export const citizenPiiTables: readonly PiiTable[] = [
  {
    table: 'citizen_sessions',
    key: 'id',
    ciphers: [{ column: 'phone_cipher', context: 'citizen.phone' }],
    indexes: [{ column: 'phone_index', value: (plain) => plain.phone_cipher ?? null, purpose: 'phone' }],
  },
]

/** The citizen page's writes and the reads its limits count. Phones and addresses appear only as keyed hashes. */
export class CitizenStore {
  constructor(private readonly db: Db) {}

  /** Codes sent lately, for the limits per phone and per address. */
  async codeCounts(phoneIndex: string, ipIndex: string, now: Date) {
    const hour = new Date(now.getTime() - 3_600_000)
    const day = new Date(now.getTime() - 86_400_000)
    const { rows } = await sql<{
      last_at: Date | null
      phone_hour: string
      phone_day: string
      ip_hour: string
    }>`
      SELECT
        (SELECT max(created_at) FROM citizen_phone_codes WHERE phone_index = ${phoneIndex}) AS last_at,
        (SELECT count(*) FROM citizen_phone_codes WHERE phone_index = ${phoneIndex} AND created_at > ${hour}) AS phone_hour,
        (SELECT count(*) FROM citizen_phone_codes WHERE phone_index = ${phoneIndex} AND created_at > ${day}) AS phone_day,
        (SELECT count(*) FROM citizen_phone_codes WHERE ip_index = ${ipIndex} AND created_at > ${hour}) AS ip_hour`.execute(
      this.db,
    )
    const r = rows[0]
    return {
      lastAt: r?.last_at ?? null,
      phoneHour: Number(r?.phone_hour ?? 0),
      phoneDay: Number(r?.phone_day ?? 0),
      ipHour: Number(r?.ip_hour ?? 0),
    }
  }

  async insertCode(c: {
    phoneIndex: string
    codeHash: string
    ipIndex: string
    now: Date
    expiresAt: Date
  }): Promise<number> {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO citizen_phone_codes (phone_index, code_hash, ip_index, created_at, expires_at)
      VALUES (${c.phoneIndex}, ${c.codeHash}, ${c.ipIndex}, ${c.now}, ${c.expiresAt})
      RETURNING id`.execute(this.db)
    return Number(rows[0]?.id)
  }

  async deleteCode(id: number): Promise<void> {
    await sql`DELETE FROM citizen_phone_codes WHERE id = ${id}`.execute(this.db)
  }

  /**
   * Counts a try against the phone's newest live code and returns it: the
   * count rises before the comparison, so parallel guesses cannot exceed it.
   */
  async tryCode(phoneIndex: string, now: Date): Promise<CodeRow | undefined> {
    const { rows } = await sql<CodeRow>`
      UPDATE citizen_phone_codes SET attempts = attempts + 1
      WHERE id = (
        SELECT id FROM citizen_phone_codes
        WHERE phone_index = ${phoneIndex} AND used_at IS NULL AND expires_at > ${now}
        ORDER BY created_at DESC, id DESC LIMIT 1)
      RETURNING id, code_hash, attempts, expires_at`.execute(this.db)
    const r = rows[0]
    return r ? { ...r, id: Number(r.id) } : undefined
  }

  /** Uses a code up; false when it was used meanwhile (two tabs verifying at once). */
  async useCode(id: number, now: Date): Promise<boolean> {
    const { rows } = await sql`
      UPDATE citizen_phone_codes SET used_at = ${now} WHERE id = ${id} AND used_at IS NULL
      RETURNING id`.execute(this.db)
    return rows.length === 1
  }

  async insertSession(s: {
    tokenHash: string
    phoneIndex: string
    phoneCipher: string
    now: Date
    expiresAt: Date
  }): Promise<void> {
    // Expired sessions go with each new one: no separate job.
    await sql`
      WITH gone AS (DELETE FROM citizen_sessions WHERE expires_at < ${s.now})
      INSERT INTO citizen_sessions (token_hash, phone_index, phone_cipher, created_at, expires_at)
      VALUES (${s.tokenHash}, ${s.phoneIndex}, ${s.phoneCipher}, ${s.now}, ${s.expiresAt})`.execute(this.db)
  }

  async session(tokenHash: string, now: Date): Promise<SessionRow | undefined> {
    const { rows } = await sql<SessionRow>`
      SELECT phone_index, phone_cipher, expires_at FROM citizen_sessions
      WHERE token_hash = ${tokenHash} AND expires_at > ${now}`.execute(this.db)
    return rows[0]
  }

  /** Reports made lately, for the daily limit and the challenge. */
  async reportCounts(phoneIndex: string, ipIndex: string, now: Date) {
    const day = new Date(now.getTime() - 86_400_000)
    const { rows } = await sql<{ phone_day: string; ip_day: string }>`
      SELECT
        (SELECT count(*) FROM citizen_reports r JOIN cases c ON c.id = r.case_id
          WHERE c.reporter_phone_index = ${phoneIndex} AND r.created_at > ${day}) AS phone_day,
        (SELECT count(*) FROM citizen_reports WHERE ip_index = ${ipIndex} AND created_at > ${day}) AS ip_day`.execute(
      this.db,
    )
    return { phoneDay: Number(rows[0]?.phone_day ?? 0), ipDay: Number(rows[0]?.ip_day ?? 0) }
  }

  /** Records the report's tracking code, once per case; returns the code the case has. */
  async recordReport(r: {
    caseId: number
    trackingCode: string
    ipIndex: string
    now: Date
  }): Promise<{ trackingCode: string; phoneIndex: string | null }> {
    const { rows } = await sql<{ tracking_code: string; phone_index: string | null }>`
      WITH made AS (
        INSERT INTO citizen_reports (case_id, tracking_code, ip_index, created_at)
        VALUES (${r.caseId}, ${r.trackingCode}, ${r.ipIndex}, ${r.now})
        ON CONFLICT (case_id) DO NOTHING
        RETURNING tracking_code)
      SELECT tracking_code, (SELECT reporter_phone_index FROM cases WHERE id = ${r.caseId}) AS phone_index
      FROM (SELECT tracking_code FROM made
            UNION ALL
            SELECT tracking_code FROM citizen_reports WHERE case_id = ${r.caseId}) t`.execute(this.db)
    const row = rows[0]
    if (!row) throw new Error(`citizen report of case ${r.caseId} not recorded`)
    return { trackingCode: row.tracking_code, phoneIndex: row.phone_index }
  }

  /** Takes the rating once: false when the report was rated already. */
  async rate(caseId: number, satisfaction: string, comment: string | null, now: Date): Promise<boolean> {
    const { rows } = await sql`
      UPDATE citizen_reports SET satisfaction = ${satisfaction}, comment = ${comment}, rated_at = ${now}
      WHERE case_id = ${caseId} AND rated_at IS NULL
      RETURNING case_id`.execute(this.db)
    return rows.length === 1
  }

  async photosToday(phoneIndex: string, now: Date): Promise<number> {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM citizen_photos
      WHERE phone_index = ${phoneIndex} AND uploaded_at > ${new Date(now.getTime() - 86_400_000)}`.execute(
      this.db,
    )
    return Number(rows[0]?.n ?? 0)
  }

  async insertPhoto(attachmentId: number, phoneIndex: string, now: Date): Promise<void> {
    await sql`
      INSERT INTO citizen_photos (attachment_id, phone_index, uploaded_at)
      VALUES (${attachmentId}, ${phoneIndex}, ${now})
      ON CONFLICT (attachment_id) DO NOTHING`.execute(this.db)
  }

  /** Of the photos given, those this phone uploaded and no report has taken yet. */
  async ownFreePhotos(phoneIndex: string, ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return []
    const { rows } = await sql<{ id: string }>`
      SELECT a.id FROM citizen_photos p JOIN case_attachments a ON a.id = p.attachment_id
      WHERE p.phone_index = ${phoneIndex} AND a.case_id IS NULL
        AND a.id IN (${sql.join(ids.map((id) => sql`${id}`))})`.execute(this.db)
    return rows.map((r) => Number(r.id))
  }

  async moderate(attachmentId: number, decision: string, by: number, now: Date): Promise<boolean> {
    const { rows } = await sql`
      UPDATE citizen_photos SET status = ${decision}, moderated_by = ${by}, moderated_at = ${now}
      WHERE attachment_id = ${attachmentId}
      RETURNING attachment_id`.execute(this.db)
    return rows.length === 1
  }
}
