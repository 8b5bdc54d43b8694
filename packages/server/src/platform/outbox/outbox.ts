import type { FastifyBaseLogger } from 'fastify'
import { type Selectable, sql } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Db } from '../db/database.ts'
import type { OutboxTable } from '../db/schema.ts'

export type OutboxMessage = {
  /** Which transport delivers it, e.g. `http`. */
  channel: string
  /** Where to: a URL for `http`, a phone number for an SMS sender, ... */
  destination: string
  payload: unknown
  headers?: Record<string, string>
  maxAttempts?: number
  /** Messages of one key (one 12345 order) are delivered one after the other, in the order written. */
  orderingKey?: string
}

export type OutboxRow = Selectable<OutboxTable>

/** Delivers one message; throws when the other side did not take it. */
export interface Transport {
  deliver(message: OutboxRow): Promise<void>
}

/** The INSERT of an outbox message, to run alone or as part of one statement of writes. */
export function outboxInsert(executor: Db, message: OutboxMessage, now: Date) {
  return executor.insertInto('outbox').values({
    channel: message.channel,
    destination: message.destination,
    payload: JSON.stringify(message.payload),
    headers: JSON.stringify(message.headers ?? {}),
    max_attempts: message.maxAttempts ?? 12,
    ordering_key: message.orderingKey ?? null,
    next_attempt_at: now,
    created_at: now,
  })
}

/**
 * Writes a message in the caller's transaction: it exists exactly when the
 * change that caused it commits, so nothing acknowledged is lost or invented.
 */
export async function enqueueOutbox(executor: Db, message: OutboxMessage, now: Date): Promise<number> {
  const row = await outboxInsert(executor, message, now).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** 2 s, 4 s, 8 s ... capped at one hour, with ±20 % jitter so retries do not stampede. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(3_600_000, 2 ** Math.min(attempt, 22) * 1000)
  return Math.round(base * (0.8 + 0.4 * random()))
}

export type OutboxDispatcherOptions = {
  db: Db
  clock: Clock
  log: FastifyBaseLogger
  transports: Record<string, Transport>
  batchSize?: number
  /** How long a claimed message is hidden from other instances while it is being delivered. */
  claimMs?: number
  backoff?: (attempt: number) => number
}

/** Delivers due outbox messages; run by the job runner on every tick, on every instance. */
export class OutboxDispatcher {
  constructor(private readonly opts: OutboxDispatcherOptions) {}

  async dispatchDue(): Promise<{ delivered: number; failed: number }> {
    const now = this.opts.clock.now()
    const claimUntil = new Date(now.getTime() + (this.opts.claimMs ?? 60_000))
    // Claim by pushing the due time forward; delivery then happens outside any transaction.
    // A message waits while an earlier one of its key is undelivered, dead ones included:
    // the receiver sees a key's messages in order or not at all, and retrying the dead
    // one (the console's dead-letter view) lets the rest follow.
    const { rows } = await sql<OutboxRow>`
      UPDATE outbox SET next_attempt_at = ${claimUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox o
        WHERE status = 'pending' AND next_attempt_at <= ${now}
          AND (ordering_key IS NULL OR NOT EXISTS (
            SELECT 1 FROM outbox e
            WHERE e.ordering_key = o.ordering_key AND e.status <> 'delivered' AND e.id < o.id))
        ORDER BY id
        FOR UPDATE SKIP LOCKED
        LIMIT ${this.opts.batchSize ?? 50})
      RETURNING *`.execute(this.opts.db)

    let delivered = 0
    let failed = 0
    for (const message of rows) {
      const transport = this.opts.transports[message.channel]
      try {
        if (!transport) throw new Error(`no transport for channel ${message.channel}`)
        await transport.deliver(message)
        await this.opts.db
          .updateTable('outbox')
          .set({ status: 'delivered', delivered_at: this.opts.clock.now(), last_error: null })
          .where('id', '=', message.id)
          .execute()
        delivered++
      } catch (err) {
        failed++
        const error = err instanceof Error ? err.message : String(err)
        const dead = message.attempts >= message.max_attempts
        const next = new Date(
          this.opts.clock.now().getTime() + (this.opts.backoff ?? backoffMs)(message.attempts),
        )
        await this.opts.db
          .updateTable('outbox')
          .set(dead ? { status: 'dead', last_error: error } : { next_attempt_at: next, last_error: error })
          .where('id', '=', message.id)
          .execute()
        this.opts.log.warn(
          { outbox: message.id, channel: message.channel, attempt: message.attempts, err: error },
          dead ? 'outbox message gave up' : 'outbox delivery failed, will retry',
        )
      }
    }
    return { delivered, failed }
  }
}
