/**
 * HTTP clients in a worker thread. A scenario that runs the real server in this process puts its
 * clients here, so their own work (fetch, reading responses) does not run on the server's event loop
 * and the server's latency is not inflated by its own load generator. Each `HttpClients` is one
 * worker thread (its own event loop) running closed-loop clients with `runLoad()`.
 */
import { Worker } from 'node:worker_threads'
import type { LoadResult } from './load.ts'

/** One request of a prepared list (`HttpLoadSpec.requests`): what differs from the spec's defaults. */
export interface HttpRequestItem {
  url?: string
  /** Added to (and overriding) the spec's headers, e.g. another user's token. */
  headers?: Readonly<Record<string, string>>
  /** JSON text (sent as application/json unless `headers` name a content-type), or raw bytes. */
  body?: string | Uint8Array
}

export interface HttpLoadSpec {
  url: string
  /**
   * When given, the n-th request of a phase (all clients together, counted from 0) goes to
   * urls[n % urls.length] instead of `url`: e.g. a lookup at a different point each time.
   */
  urls?: readonly string[]
  method: 'GET' | 'POST'
  /** Sent with every request (e.g. `authorization: Bearer ...`). */
  headers?: Readonly<Record<string, string>>
  /** JSON request bodies; client i sends bodies[i % bodies.length]. Empty: no body. */
  bodies: readonly string[]
  /**
   * When given, every request is the next item of this list, counted over the warm-up and the timed
   * phase together (all clients share one cursor): single-use payloads such as a report that takes
   * an attachment. A phase also ends when the list runs out (the timed phase's `exhausted` says so).
   */
  requests?: readonly HttpRequestItem[]
  clients: number
  /** Untimed phase before the timed one, same clients and requests. */
  warmupMs: number
  durationMs: number
  /** Upper bound on requests in each phase, all clients together. */
  maxRequests: number
  /** Offered rate of the timed phase (`LoadOptions.ratePerSecond`); the warm-up stays closed-loop. */
  ratePerSecond?: number
  /**
   * Every response must have this status, or one of these (and contain `expectBodyIncludes`);
   * the first that does not ends the run.
   */
  expectStatus: number | readonly number[]
  expectBodyIncludes?: string
}

/** Main thread → worker. */
export interface WorkerRequest {
  id: number
  spec: HttpLoadSpec
}

/** Worker → main thread. */
export type WorkerReply =
  | { type: 'ready' }
  | {
      type: 'result'
      id: number
      result: LoadResult
      warmupRequests: number
      statuses: Record<string, number>
      exhausted: boolean
    }
  | { type: 'error'; id: number; message: string }

export interface HttpLoadResult extends LoadResult {
  /** Requests made in the untimed warm-up. */
  warmupRequests: number
  /** Responses of the timed phase by HTTP status, e.g. { '200': 812, '404': 188 }. */
  statuses: Record<string, number>
  /** With `requests`: the timed phase ended because the list ran out, before its duration. */
  exhausted: boolean
}

const READY_TIMEOUT_MS = 20_000

export class HttpClients {
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve: (r: HttpLoadResult) => void; reject: (e: Error) => void }
  >()
  private exited = false

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') return
      const waiter = this.pending.get(reply.id)
      if (!waiter) return
      this.pending.delete(reply.id)
      if (reply.type === 'result')
        waiter.resolve({
          ...reply.result,
          warmupRequests: reply.warmupRequests,
          statuses: reply.statuses,
          exhausted: reply.exhausted,
        })
      else waiter.reject(new Error(reply.message))
    })
    const failAll = (error: Error): void => {
      for (const waiter of this.pending.values()) waiter.reject(error)
      this.pending.clear()
    }
    worker.on('error', (error) => failAll(error))
    worker.on('exit', (code) => {
      this.exited = true
      failAll(new Error(`HTTP client worker exited (code ${code})`))
    })
  }

  /** Starts a worker thread (TypeScript through tsx's API) and waits until it is ready. */
  static start(name: string): Promise<HttpClients> {
    const tsxApi = import.meta.resolve('tsx/esm/api')
    const entry = new URL('./http-load-worker.ts', import.meta.url).href
    const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`
    return new Promise((resolve, reject) => {
      const worker = new Worker(boot, { eval: true, name })
      const timer = setTimeout(() => {
        cleanup()
        void worker.terminate()
        reject(new Error(`HTTP client worker ${name} not ready after ${READY_TIMEOUT_MS} ms`))
      }, READY_TIMEOUT_MS)
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type !== 'ready') return
        cleanup()
        resolve(new HttpClients(worker))
      }
      const onError = (error: Error): void => {
        cleanup()
        reject(error)
      }
      const onExit = (code: number): void => {
        cleanup()
        reject(new Error(`HTTP client worker ${name} exited (code ${code}) before it was ready`))
      }
      const cleanup = (): void => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
      }
      worker.on('message', onMessage)
      worker.once('error', onError)
      worker.once('exit', onExit)
    })
  }

  /** Runs the warm-up, then the timed phase; rejects with the first unexpected response. */
  run(spec: HttpLoadSpec): Promise<HttpLoadResult> {
    if (this.exited) return Promise.reject(new Error('HTTP client worker has exited'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      const request: WorkerRequest = { id, spec }
      this.worker.postMessage(request)
    })
  }

  /** Stops the worker; its keep-alive connections close with it. */
  async close(): Promise<void> {
    if (!this.exited) await this.worker.terminate()
  }
}
