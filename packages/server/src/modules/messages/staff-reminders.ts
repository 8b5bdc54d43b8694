import type { FastifyBaseLogger } from 'fastify'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../platform/db/database.ts'
import type { MessageSender } from '../../platform/messaging/sender.ts'
import { type OutboxRow, outboxInsert, type Transport } from '../../platform/outbox/outbox.ts'
import type { DeadlineNear } from '../cases/deadline-sweep.ts'
import type { MessageStore } from './message-store.ts'
import { deadlineReminder } from './texts.ts'

export const staffOutboxChannel = 'staff_message'

/** One person's reminder; the address is looked up when it is delivered. */
export type StaffMessage = { userId: number; caseId: number; code: string; dueAt: string }

/**
 * The reminder before a deadline (the sweep's 'warned' step, 80 % of the
 * stage's time): remembered per case, stage and deadline in the sweep's
 * transaction, so it is given once however many sweeps and instances run.
 * The in-app notice comes with the alarm itself; with a staff sender, each
 * handler also gets a message of their own (one outbox row each, so a retry
 * never repeats it to the others).
 */
export function deadlineReminders(deps: {
  store: MessageStore
  staffSender: MessageSender | null
}): DeadlineNear {
  return async (trx: Db, c, now) => {
    if (!(await deps.store.claimReminder(trx, c.id, c.stage ?? '', c.dueAt, now))) return
    if (!deps.staffSender) return
    const users = await deps.store.handlersOf(trx, { userId: c.handlerUserId, unitId: c.handlerUnitId })
    for (const userId of users) {
      const payload: StaffMessage = { userId, caseId: c.id, code: c.code, dueAt: c.dueAt.toISOString() }
      await outboxInsert(
        trx,
        // About three hours of tries: later the deadline has usually passed and the overdue alarm speaks.
        { channel: staffOutboxChannel, destination: `user:${userId}`, payload, maxAttempts: 14 },
        now,
      ).execute()
    }
  }
}

/** Delivers staff messages through the staff sender: mobiles for sms and log, staff_contacts for e-mail and WeChat. */
export class StaffMessages implements Transport {
  constructor(
    private readonly deps: {
      store: MessageStore
      pii: PiiCipher
      sender: MessageSender
      log: FastifyBaseLogger
    },
  ) {}

  async deliver(row: OutboxRow): Promise<void> {
    const message = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as StaffMessage
    const { store, pii, sender, log } = this.deps
    const kind = sender.kind === 'email' ? 'email' : sender.kind === 'wechat' ? 'wechat' : 'phone'
    const found = await store.staffAddress(message.userId, kind)
    const to =
      kind === 'phone'
        ? found?.mobileCipher
          ? pii.decrypt(found.mobileCipher, 'users.mobile')
          : null
        : (found?.address ?? null)
    if (!to) {
      log.info(
        { outbox: row.id, user: message.userId, kind },
        'staff message: no address of this kind; in-app only',
      )
      return
    }
    const rendered = deadlineReminder(message.code, new Date(message.dueAt))
    await sender.send({ to, ...rendered })
  }
}
