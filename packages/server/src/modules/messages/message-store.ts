import { caseRules } from '@onegrid/core/cases/rules'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

/** Who signs for a unit's cases: a unit's members are reminded when no one person holds the case. */
const handlerRoles = caseRules.sign.roles

/** The SQL of residents' and staff's messages: the case's reporter, staff addresses, reminders given. */
export class MessageStore {
  constructor(private readonly db: Db) {}

  /** The reporter's phone as stored (encrypted); null when the report left none. */
  async reporterOf(caseId: number): Promise<{ code: string; phoneCipher: string | null } | undefined> {
    const row = await this.db
      .selectFrom('cases')
      .select(['code', 'reporter_phone_cipher'])
      .where('id', '=', caseId)
      .executeTakeFirst()
    return row && { code: row.code, phoneCipher: row.reporter_phone_cipher }
  }

  /** An active staff member's mobile (encrypted) or e-mail/WeChat address, by what the sender needs. */
  async staffAddress(
    userId: number,
    kind: 'phone' | 'email' | 'wechat',
  ): Promise<{ mobileCipher: string | null; address: string | null } | undefined> {
    const { rows } = await sql<{ mobile_cipher: string | null; address: string | null }>`
      SELECT u.mobile_cipher, sc.address
      FROM users u
      LEFT JOIN staff_contacts sc ON sc.user_id = u.id AND sc.kind = ${kind}
      WHERE u.id = ${userId} AND u.status = 'active'`.execute(this.db)
    const row = rows[0]
    return row && { mobileCipher: row.mobile_cipher, address: row.address }
  }

  /**
   * Remembers the reminder of one stage's deadline; false when it was given
   * already. In the sweep's transaction, so the memory and the messages
   * commit together.
   */
  async claimReminder(trx: Db, caseId: number, stage: string, dueAt: Date, now: Date): Promise<boolean> {
    const row = await trx
      .insertInto('case_reminders')
      .values({ case_id: caseId, stage, due_at: dueAt, reminded_at: now })
      .onConflict((oc) => oc.columns(['case_id', 'stage', 'due_at']).doNothing())
      .returning('case_id')
      .executeTakeFirst()
    return row !== undefined
  }

  /** The person holding the case, or else the active members of its unit who may sign for cases. */
  async handlersOf(trx: Db, handler: { userId: number | null; unitId: number | null }): Promise<number[]> {
    if (handler.userId !== null) return [handler.userId]
    if (handler.unitId === null) return []
    const { rows } = await sql<{ user_id: number }>`
      SELECT DISTINCT ra.user_id FROM role_assignments ra
      JOIN users u ON u.id = ra.user_id AND u.status = 'active'
      WHERE ra.unit_id = ${handler.unitId}
        AND ra.role IN (${sql.join(handlerRoles.map((r) => sql`${r}`))})
      ORDER BY ra.user_id`.execute(trx)
    return rows.map((r) => Number(r.user_id))
  }
}
