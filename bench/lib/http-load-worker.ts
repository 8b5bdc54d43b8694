/**
 * The worker thread behind `HttpClients` (lib/http-load.ts): for each request from the main
 * thread, runs closed-loop fetch clients (warm-up, then the timed phase) and replies with the
 * latencies' summary. Never started directly.
 */
import { parentPort } from 'node:worker_threads'
import type { HttpLoadSpec, WorkerReply, WorkerRequest } from './http-load.ts'
import { runLoad } from './load.ts'

const port = parentPort
if (!port) throw new Error('http-load-worker.ts must run in a worker thread (see HttpClients.start)')

function reply(message: WorkerReply): void {
  port?.postMessage(message)
}

/** One request; the response body is read in full, so latency ends with the last byte. */
async function request(spec: HttpLoadSpec, client: number): Promise<void> {
  const body = spec.bodies.length > 0 ? spec.bodies[client % spec.bodies.length] : undefined
  const response = await fetch(spec.url, {
    method: spec.method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
  })
  const text = await response.text()
  if (
    response.status !== spec.expectStatus ||
    (spec.expectBodyIncludes !== undefined && !text.includes(spec.expectBodyIncludes))
  ) {
    throw new Error(
      `${spec.method} ${new URL(spec.url).pathname} answered ${response.status} (expected ${spec.expectStatus}): ${text.slice(0, 300)}`,
    )
  }
}

async function handle({ id, spec }: WorkerRequest): Promise<void> {
  try {
    const operation = (client: number): Promise<void> => request(spec, client)
    const limit = { maxOperations: spec.maxRequests }
    const warmup = spec.warmupMs > 0 ? await runLoad(spec.clients, spec.warmupMs, operation, limit) : null
    const result = await runLoad(spec.clients, spec.durationMs, operation, limit)
    reply({ type: 'result', id, result, warmupRequests: warmup?.operations ?? 0 })
  } catch (error) {
    reply({ type: 'error', id, message: error instanceof Error ? error.message : String(error) })
  }
}

port.on('message', (message: WorkerRequest) => {
  void handle(message)
})
reply({ type: 'ready' })
