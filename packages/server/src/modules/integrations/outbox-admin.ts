import type { TOutboxList, TOutboxListQuery, TOutboxMessage } from '@onegrid/core/api/integrations'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { type Actor, isRootScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { Conflict, Forbidden, NotFound, text } from '../../platform/http/errors.ts'
import type { OutboxQueries } from './outbox-queries.ts'

/**
 * The outbox seen from the console: what waits, what was delivered, what gave
 * up (dead letters), and a retry that puts a message back in line. The outbox
 * belongs to no area, so only district-wide administrators see it.
 */
export class OutboxAdmin {
  constructor(
    private readonly db: Db,
    private readonly queries: OutboxQueries,
    private readonly clock: Clock,
  ) {}

  private districtWide(p: UserPrincipal) {
    if (!isRootScope(p.scope))
      throw new Forbidden(text('仅限全区范围的管理员', 'For district-wide administrators only'))
  }

  async list(p: UserPrincipal, q: TOutboxListQuery): Promise<TOutboxList> {
    this.districtWide(p)
    const [page, counts] = await Promise.all([this.queries.list(q), this.queries.counts(q.channel)])
    return { ...page, counts }
  }

  /** Sends a dead (or waiting) message again now, with a fresh allowance of attempts. */
  async retry(p: UserPrincipal, actor: Actor, id: number): Promise<TOutboxMessage> {
    this.districtWide(p)
    const now = this.clock.now()
    const retried = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('outbox')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now })
        .where('id', '=', id)
        .where('status', '<>', 'delivered')
        .returning(['id', 'channel', 'status'])
        .executeTakeFirst()
      if (!row) return null
      await recordAudit(
        trx,
        actor,
        {
          action: 'outbox.retry',
          entityType: 'outbox_message',
          entityId: id,
          details: { channel: row.channel },
        },
        now,
      )
      return row
    })
    if (!retried) {
      const existing = await this.queries.byId(id)
      if (!existing) throw new NotFound(text('消息', 'Message'), String(id))
      throw new Conflict(text('该消息已送达，无需重发', 'This message was delivered already'))
    }
    const message = await this.queries.byId(id)
    if (!message) throw new NotFound(text('消息', 'Message'), String(id))
    return message
  }
}
