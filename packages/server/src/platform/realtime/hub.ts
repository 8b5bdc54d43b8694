import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { type RawBuilder, sql } from 'kysely'
import type { Clock } from '../clock.ts'
import type { DatabaseHandle, Db } from '../db/database.ts'

export type RealtimeEvent = {
  id: string
  topic: string
  data: unknown
  at: string
  /** ltree path of the area the event belongs to; subscribers outside it do not receive it. */
  scope: string | null
  /** Set when only one user may see the event (their own job's progress, say). */
  userId: number | null
}

export type Subscriber = (event: RealtimeEvent) => void

const channel = 'onegrid_events'
/** NOTIFY payloads are limited to 8000 bytes; events carry ids and summaries, never documents. */
const maxPayloadBytes = 7900

/**
 * Real-time events for browsers. Publishing is a NOTIFY (inside the caller's
 * transaction, so it is sent only on commit); every instance LISTENs and fans
 * the event out to its own SSE subscribers, so events cross instances.
 */
export class RealtimeHub {
  private readonly subscribers = new Set<Subscriber>()
  private unlisten: (() => Promise<void>) | undefined

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.handle.listen(channel, (payload) => {
      let event: RealtimeEvent
      try {
        event = JSON.parse(payload) as RealtimeEvent
      } catch {
        this.log.warn({ payload: payload.slice(0, 200) }, 'ignored malformed realtime payload')
        return
      }
      for (const subscriber of this.subscribers) subscriber(event)
    })
  }

  async publish(
    topic: string,
    data: unknown,
    options: { scope?: string; userId?: number | null; executor?: Db } = {},
  ): Promise<RealtimeEvent> {
    const { event, notify } = this.prepare(topic, data, options)
    await sql`SELECT ${notify}`.execute(options.executor ?? this.handle.db)
    return event
  }

  /**
   * Several events in one statement (a notification for each of a queue's dispatchers): on PGlite
   * every statement costs the server's one thread, and one NOTIFY per recipient was most of a
   * notification's delivery.
   */
  async publishMany(
    topic: string,
    items: readonly { data: unknown; scope?: string; userId?: number | null }[],
    executor?: Db,
  ): Promise<RealtimeEvent[]> {
    if (items.length === 0) return []
    const prepared = items.map((item) => this.prepare(topic, item.data, item))
    const payloads = prepared.map((p) => JSON.stringify(p.event))
    await sql`SELECT pg_notify(${channel}, p) FROM unnest(CAST(${payloads} AS text[])) WITH ORDINALITY AS t(p, n) ORDER BY n`.execute(
      executor ?? this.handle.db,
    )
    return prepared.map((p) => p.event)
  }

  /**
   * The event and its `pg_notify(...)` call, for a caller that sends it as a
   * column of one statement of writes (it is delivered when that commits).
   */
  prepare(
    topic: string,
    data: unknown,
    options: { scope?: string; userId?: number | null } = {},
  ): { event: RealtimeEvent; notify: RawBuilder<unknown> } {
    const event: RealtimeEvent = {
      id: randomUUID(),
      topic,
      data,
      at: this.clock.now().toISOString(),
      scope: options.scope ?? null,
      userId: options.userId ?? null,
    }
    const payload = JSON.stringify(event)
    if (Buffer.byteLength(payload) > maxPayloadBytes) {
      throw new Error(
        `realtime event ${topic} is ${Buffer.byteLength(payload)} bytes; send an id and let clients fetch`,
      )
    }
    return { event, notify: sql`pg_notify(${channel}, ${payload})` }
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }

  async stop(): Promise<void> {
    this.subscribers.clear()
    await this.unlisten?.()
    this.unlisten = undefined
  }
}
