/**
 * The worker thread behind `HttpClients` (lib/http-load.ts): for each request from the main
 * thread, runs closed-loop fetch clients (warm-up, then the timed phase) and replies with the
 * latencies' summary. Never started directly.
 */
import { parentPort } from 'node:worker_threads'
import type { HttpLoadSpec, WorkerReply, WorkerRequest } from './http-load.ts'
import { type LoadResult, runLoad } from './load.ts'

const port = parentPort
if (!port) throw new Error('http-load-worker.ts must run in a worker thread (see HttpClients.start)')

function reply(message: WorkerReply): void {
  port?.postMessage(message)
}

/** One phase's request counter and the statuses its responses had. */
interface Phase {
  next: number
  statuses: Record<string, number>
}

/** Where a spec's prepared request list (`spec.requests`) stands, across its phases. */
interface Cursor {
  next: number
}

/** One request; the response body is read in full, so latency ends with the last byte. */
async function request(spec: HttpLoadSpec, client: number, phase: Phase, cursor: Cursor): Promise<void> {
  const n = phase.next++
  const item = spec.requests ? spec.requests[cursor.next++] : undefined
  if (spec.requests && !item) throw new Error('the prepared request list ran out')
  const body = item?.body ?? (spec.bodies.length > 0 ? spec.bodies[client % spec.bodies.length] : undefined)
  const url =
    item?.url ??
    (spec.urls && spec.urls.length > 0 ? (spec.urls[n % spec.urls.length] ?? spec.url) : spec.url)
  const headers: Record<string, string> = { ...spec.headers, ...item?.headers }
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json'
  const response = await fetch(url, { method: spec.method, headers, ...(body === undefined ? {} : { body }) })
  const text = await response.text()
  const expected = typeof spec.expectStatus === 'number' ? [spec.expectStatus] : spec.expectStatus
  if (
    !expected.includes(response.status) ||
    (spec.expectBodyIncludes !== undefined && !text.includes(spec.expectBodyIncludes))
  ) {
    throw new Error(
      `${spec.method} ${new URL(url).pathname} answered ${response.status} (expected ${expected.join(' or ')}): ${text.slice(0, 300)}`,
    )
  }
  const key = String(response.status)
  phase.statuses[key] = (phase.statuses[key] ?? 0) + 1
}

async function handle({ id, spec }: WorkerRequest): Promise<void> {
  try {
    const cursor: Cursor = { next: 0 }
    const run = async (
      durationMs: number,
      ratePerSecond: number | undefined,
    ): Promise<{ result: LoadResult; phase: Phase }> => {
      const phase: Phase = { next: 0, statuses: {} }
      const operation = (client: number): Promise<void> => request(spec, client, phase, cursor)
      const left = spec.requests ? spec.requests.length - cursor.next : Number.POSITIVE_INFINITY
      const result = await runLoad(spec.clients, durationMs, operation, {
        maxOperations: Math.min(spec.maxRequests, left),
        ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
      })
      return { result, phase }
    }
    const warmup = spec.warmupMs > 0 ? await run(spec.warmupMs, undefined) : null
    const { result, phase } = await run(spec.durationMs, spec.ratePerSecond)
    reply({
      type: 'result',
      id,
      result,
      warmupRequests: warmup?.result.operations ?? 0,
      statuses: phase.statuses,
      exhausted: spec.requests !== undefined && cursor.next >= spec.requests.length,
    })
  } catch (error) {
    reply({ type: 'error', id, message: error instanceof Error ? error.message : String(error) })
  }
}

port.on('message', (message: WorkerRequest) => {
  void handle(message)
})
reply({ type: 'ready' })
