import type { TSyncBatchRequest, TSyncItemResult } from '@onegrid/core/api/sync'
// Installs IDBRequest, IDBCursor … as globals, which idb looks for.
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { createApiClient } from '../../shared/api/client.ts'
import { closeFieldDb } from './db.ts'

/** A fresh, empty IndexedDB for each test (what a new phone has). */
export async function freshIndexedDb(): Promise<void> {
  await closeFieldDb()
  globalThis.indexedDB = new IDBFactory()
}

/** Reopens the same IndexedDB as a restarted app does. */
export async function restartApp(): Promise<void> {
  await closeFieldDb()
}

export type ItemAnswer = { status: number; body?: unknown } | 'not-attempted'

/**
 * A server behind a fake fetch: syncBatch done once per client id (a replay answers the first answer,
 * as the server's Idempotency-Key does), uploads numbered from 1. Tests script failures through hooks.
 */
export class FakeServer {
  /** Every syncBatch request, in order, with the items' ids. */
  readonly batches: string[][] = []
  /** Every item body received, by id (the last one). */
  readonly bodies = new Map<string, unknown>()
  /** How often each item was done for real (not replayed). */
  readonly done = new Map<string, number>()
  readonly uploads: string[] = []
  private readonly answers = new Map<string, TSyncItemResult>()
  private nextAttachment = 1

  /** Answer for the whole request instead of handling it: a status, or 'network' for a failed fetch. */
  batchFailure: ((items: string[]) => number | 'network' | null) | null = null
  uploadFailure: ((name: string) => number | 'network' | null) | null = null
  /** Per-item answer when it is not a plain success. */
  itemAnswer: ((id: string, body: unknown) => ItemAnswer | null) | null = null
  /** Resolves a request only when the test lets it (to hold a batch in flight). */
  gate: Promise<void> | null = null

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input)
    if (this.gate) await this.gate
    if (url.endsWith('/api/cases/attachments')) {
      const form = init?.body as FormData
      const file = form.get('file') as File
      const failure = this.uploadFailure?.(file.name) ?? null
      if (failure === 'network') throw new TypeError('Failed to fetch')
      if (failure !== null) return errorResponse(failure)
      this.uploads.push(file.name)
      return json(201, { id: this.nextAttachment++, name: file.name })
    }
    if (url.endsWith('/api/field/sync')) {
      const request = JSON.parse(String(init?.body)) as TSyncBatchRequest
      const ids = request.items.map((i) => i.id)
      this.batches.push(ids)
      const failure = this.batchFailure?.(ids) ?? null
      if (failure === 'network') throw new TypeError('Failed to fetch')
      if (failure !== null) return errorResponse(failure)
      const results: TSyncItemResult[] = []
      let stopped = false
      for (const item of request.items) {
        if (stopped) {
          results.push({ id: item.id, attempted: false, status: 0, replayed: false, body: null })
          continue
        }
        const previous = this.answers.get(item.id)
        if (previous) {
          results.push({ ...previous, replayed: true })
          continue
        }
        const scripted = this.itemAnswer?.(item.id, item.body) ?? null
        if (scripted === 'not-attempted') {
          stopped = true
          results.push({ id: item.id, attempted: false, status: 0, replayed: false, body: null })
          continue
        }
        const status = scripted?.status ?? 201
        const body = scripted?.body ?? (status < 300 ? { created: item.id } : errorBody(status))
        this.bodies.set(item.id, item.body)
        const result = { id: item.id, attempted: true, status, replayed: false, body }
        results.push(result)
        if (status < 300) {
          this.answers.set(item.id, result)
          this.done.set(item.id, (this.done.get(item.id) ?? 0) + 1)
        }
        if (status >= 500 || status === 401) stopped = true
      }
      return json(200, { results })
    }
    return errorResponse(404)
  }

  readonly api = createApiClient({ locale: () => 'zh-CN', fetch: this.fetch })
}

function errorBody(status: number) {
  return { error: { code: status === 401 ? 'unauthorized' : 'validation', message: `status ${status}` } }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

function errorResponse(status: number): Response {
  return json(status, errorBody(status))
}

/** Timers the test fires by hand. */
export class ManualTimers {
  readonly pending: { fn: () => void; ms: number }[] = []
  readonly set = (fn: () => void, ms: number): unknown => {
    const timer = { fn, ms }
    this.pending.push(timer)
    return timer
  }
  readonly clear = (handle: unknown): void => {
    const i = this.pending.indexOf(handle as { fn: () => void; ms: number })
    if (i >= 0) this.pending.splice(i, 1)
  }
  /** The delay of the timer set last, if any. */
  get lastDelay(): number | undefined {
    return this.pending.at(-1)?.ms
  }
  fireAll(): void {
    for (const timer of this.pending.splice(0)) timer.fn()
  }
}
