import type { TOutboxListQuery, TOutboxMessage } from '@onegrid/core/api/integrations'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

type Row = {
  id: string | number
  channel: string
  destination: string
  ordering_key: string | null
  status: TOutboxMessage['status']
  attempts: number
  max_attempts: number
  last_error: string | null
  created_at: Date
  next_attempt_at: Date
  delivered_at: Date | null
  payload: unknown
  waiting_behind: string | number
}

function present(r: Row): TOutboxMessage {
  return {
    id: Number(r.id),
    channel: r.channel,
    destination: r.destination,
    orderingKey: r.ordering_key,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    nextAttemptAt: r.next_attempt_at.toISOString(),
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    waitingBehind: Number(r.waiting_behind),
    payload: r.payload,
  }
}

/** A message and how many undelivered messages of its key come before it. */
const columns = sql`
  o.id, o.channel, o.destination, o.ordering_key, o.status, o.attempts, o.max_attempts,
  o.last_error, o.created_at, o.next_attempt_at, o.delivered_at, o.payload,
  CASE WHEN o.ordering_key IS NULL OR o.status = 'delivered' THEN 0 ELSE (
    SELECT count(*) FROM outbox e
    WHERE e.ordering_key = o.ordering_key AND e.status <> 'delivered' AND e.id < o.id)
  END AS waiting_behind`

/** The outbox as the console's dead-letter view reads it. */
export class OutboxQueries {
  constructor(private readonly db: Db) {}

  async list(q: TOutboxListQuery): Promise<{ items: TOutboxMessage[]; total: number }> {
    const where = sql.join(
      [
        sql`true`,
        ...(q.status ? [sql`o.status = ${q.status}`] : []),
        ...(q.channel ? [sql`o.channel = ${q.channel}`] : []),
      ],
      sql` AND `,
    )
    const { rows } = await sql<Row & { total: string | number }>`
      SELECT ${columns}, count(*) OVER () AS total
      FROM outbox o
      WHERE ${where}
      ORDER BY o.id DESC
      LIMIT ${q.limit} OFFSET ${q.offset}`.execute(this.db)
    const total = rows[0] ? Number(rows[0].total) : await this.count(q)
    return { items: rows.map(present), total }
  }

  /** The total when the page is past the end (no row carries it). */
  private async count(q: TOutboxListQuery): Promise<number> {
    let query = this.db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n'))
    if (q.status) query = query.where('status', '=', q.status)
    if (q.channel) query = query.where('channel', '=', q.channel)
    return Number((await query.executeTakeFirstOrThrow()).n)
  }

  async counts(channel: string | undefined): Promise<Record<TOutboxMessage['status'], number>> {
    let query = this.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('status')
    if (channel) query = query.where('channel', '=', channel)
    const rows = await query.execute()
    const of = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0)
    return { pending: of('pending'), delivered: of('delivered'), dead: of('dead') }
  }

  async byId(id: number): Promise<TOutboxMessage | undefined> {
    const { rows } = await sql<Row>`SELECT ${columns} FROM outbox o WHERE o.id = ${id}`.execute(this.db)
    return rows[0] ? present(rows[0]) : undefined
  }
}
