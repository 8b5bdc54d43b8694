import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RealtimeEvent, RealtimeHub } from './hub.ts'

export type SseOptions = {
  topics: string[] | null
  /** The signed-in caller, or null for an anonymous page, which receives public (`system.*`) events only. */
  viewer: { userId: number; areaPaths: readonly string[] } | null
  heartbeatMs?: number
}

/** Whether a subscriber may see an event: public topics for all; scoped and personal events for their audience only. */
export function visibleTo(event: RealtimeEvent, viewer: SseOptions['viewer']): boolean {
  if (event.topic.startsWith('system.')) return true
  if (!viewer) return false
  if (event.userId !== null) return event.userId === viewer.userId
  if (event.scope === null) return true
  return viewer.areaPaths.some((s) => event.scope === s || event.scope?.startsWith(`${s}.`))
}

function matches(event: RealtimeEvent, topics: string[] | null): boolean {
  if (topics === null) return true
  return topics.some((t) => (t.endsWith('.*') ? event.topic.startsWith(t.slice(0, -1)) : event.topic === t))
}

/** The SSE connections of one app instance. */
export class EventStreams {
  private readonly open = new Set<FastifyReply>()

  constructor(private readonly hub: RealtimeHub) {}

  /** Streams hub events to one browser until it goes away or the server stops. */
  stream(request: FastifyRequest, reply: FastifyReply, options: SseOptions): void {
    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    })
    raw.write('retry: 3000\n: connected\n\n')
    const unsubscribe = this.hub.subscribe((event) => {
      if (!matches(event, options.topics) || !visibleTo(event, options.viewer)) return
      raw.write(`id: ${event.id}\nevent: ${event.topic}\ndata: ${JSON.stringify(event)}\n\n`)
    })
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), options.heartbeatMs ?? 20_000)
    heartbeat.unref()
    this.open.add(reply)
    const cleanup = () => {
      clearInterval(heartbeat)
      unsubscribe()
      this.open.delete(reply)
    }
    request.raw.on('close', cleanup)
    raw.on('close', cleanup)
  }

  get size(): number {
    return this.open.size
  }

  /** Ends every open stream, so a graceful shutdown is not held up by long-lived connections. */
  closeAll(): void {
    for (const reply of this.open) reply.raw.end()
    this.open.clear()
  }
}
