import type { TAttachment } from '@onegrid/core/api/cases'
import type { TSyncBatchResponse, TSyncItem, TSyncItemResult } from '@onegrid/core/api/sync'
import { type ApiClient, ApiError } from '../../shared/api/client.ts'
import { deleteMeta, getMeta, type OutboxEntry, type OutboxError, setMeta } from './db.ts'
import {
  listOutbox,
  markSynced,
  notifyOutboxChange,
  onOutboxChange,
  outboxOwner,
  saveOutboxEntry,
} from './outbox.ts'
import { defaultSyncLock, type SyncLock, skipped } from './sync-lock.ts'

/**
 * idle: nothing to do or done; syncing: a batch is on its way; waiting: the last attempt failed for want
 * of network or a server error, and the next comes after a backoff; paused: the user (or a test) paused
 * sync; signed-out: the server answered 401, nothing is sent until the user signs in again.
 */
export type SyncStatus = 'idle' | 'syncing' | 'waiting' | 'paused' | 'signed-out'

export interface SyncEngineOptions {
  api: ApiClient
  now?: () => number
  random?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  lock?: SyncLock
  /** Items per syncBatch request (the server takes up to 200). */
  batchSize?: number
  /** The first backoff; it doubles on every failure up to maxDelayMs, each drawn with jitter. */
  baseDelayMs?: number
  maxDelayMs?: number
  /** How often to look again while there is something to send (e.g. another tab held the lock). */
  pollMs?: number
  /** Whether the device believes it is online; when false the engine waits for the `online` event. */
  online?: () => boolean
  /** Where the `online` event is heard; the window by default. */
  onlineEvents?: EventTarget | undefined
}

export interface SyncEngineEvents {
  /** An item went through: the operation's answer (status 2xx, replayed when it had been done before). */
  synced: (id: string, result: TSyncItemResult) => void
  /** An item was refused (4xx) and waits for the user. */
  failed: (id: string, error: OutboxError) => void
  status: (status: SyncStatus) => void
}

const pausedKey = 'syncPaused'
const pauseBroadcastKey = 'paused'

/** Statuses that say "try again later" rather than "this item is wrong". */
function isTransient(status: number, code?: string): boolean {
  return (
    status === 0 ||
    status === 408 ||
    status === 425 ||
    status === 429 ||
    status >= 500 ||
    (status === 409 && code === 'idempotency_conflict')
  )
}

function errorOf(error: unknown): OutboxError {
  if (error instanceof ApiError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(Object.keys(error.fields).length ? { fields: { ...error.fields } } : {}),
    }
  }
  return { status: 0, code: 'network', message: error instanceof Error ? error.message : String(error) }
}

function errorOfResult(result: TSyncItemResult): OutboxError {
  const body = result.body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null
  const e = body && typeof body === 'object' ? body.error : undefined
  return {
    status: result.status,
    code: typeof e?.code === 'string' ? e.code : `http_${result.status}`,
    message: typeof e?.message === 'string' ? e.message : `HTTP ${result.status}`,
    ...(e?.fields && typeof e.fields === 'object' ? { fields: e.fields as Record<string, string> } : {}),
  }
}

/**
 * The entry's body with the ids of its uploaded files in place: appended to body[filesField], or each
 * where its file target says (an array to append to, or a value to set), the objects on the way copied.
 */
export function placeUploadedIds(entry: OutboxEntry): Record<string, unknown> {
  const body: Record<string, unknown> = { ...entry.body }
  if (entry.files.length === 0) return body
  if (!entry.fileTargets) {
    const before = body[entry.filesField]
    body[entry.filesField] = [...(Array.isArray(before) ? before : []), ...entry.uploadedIds]
    return body
  }
  entry.uploadedIds.forEach((id, i) => {
    const target = entry.fileTargets?.[i]
    const last = target?.path.at(-1)
    if (!target || last === undefined) return
    let at = body
    for (const key of target.path.slice(0, -1)) {
      const next = at[key]
      const copy = next && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {}
      at[key] = copy
      at = copy as Record<string, unknown>
    }
    const before = at[last]
    at[last] = target.mode === 'set' ? id : [...(Array.isArray(before) ? before : []), id]
  })
  return body
}

/** What one pass over the queue ended with. */
type PassEnd = 'done' | 'transient' | 'signed-out' | 'paused' | 'busy'

/**
 * Sends the device's queue to the server through syncBatch, in the order it was written, one tab at a time.
 * Files go first through uploadAttachment and their ids are saved in the entry before it is sent, so a
 * restart never uploads them twice. A refused item (4xx) is marked failed and the rest go on; a lost
 * network or a server error waits with exponential backoff and jitter; a 401 stops until sign-in.
 */
export class SyncEngine {
  private readonly api: ApiClient
  private readonly now: () => number
  private readonly random: () => number
  private readonly setTimer: (fn: () => void, ms: number) => unknown
  private readonly clearTimer: (handle: unknown) => void
  private readonly lock: SyncLock
  private readonly batchSize: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private readonly pollMs: number
  private readonly online: () => boolean
  private readonly onlineEvents: EventTarget | undefined

  private status: SyncStatus = 'idle'
  private paused = false
  private signedOut = false
  private failures = 0
  private timer: unknown = null
  private running: Promise<void> | null = null
  private again = false
  private started = false
  private readonly cleanup: (() => void)[] = []
  private readonly listeners: { [K in keyof SyncEngineEvents]: Set<SyncEngineEvents[K]> } = {
    synced: new Set(),
    failed: new Set(),
    status: new Set(),
  }
  /** The ids in the batch on its way. */
  readonly sending = new Set<string>()
  /** The last error that made the engine wait (network, server error, 401); null after a good pass. */
  lastError: OutboxError | null = null
  /** When a batch last went through (epoch ms). */
  lastSyncedAt: number | null = null
  /** When the next attempt is due while waiting (epoch ms). */
  nextAttemptAt: number | null = null

  constructor(options: SyncEngineOptions) {
    this.api = options.api
    this.now = options.now ?? Date.now
    this.random = options.random ?? Math.random
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
    this.clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>))
    this.lock = options.lock ?? defaultSyncLock(this.now)
    this.batchSize = options.batchSize ?? 50
    this.baseDelayMs = options.baseDelayMs ?? 2_000
    this.maxDelayMs = options.maxDelayMs ?? 5 * 60_000
    this.pollMs = options.pollMs ?? 30_000
    this.online = options.online ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false)
    this.onlineEvents = options.onlineEvents ?? (typeof window === 'undefined' ? undefined : window)
  }

  on<K extends keyof SyncEngineEvents>(event: K, listener: SyncEngineEvents[K]): () => void {
    this.listeners[event].add(listener)
    return () => this.listeners[event].delete(listener)
  }

  get currentStatus(): SyncStatus {
    return this.status
  }

  get isPaused(): boolean {
    return this.paused
  }

  get needsSignIn(): boolean {
    return this.signedOut
  }

  /** Reads whether sync was paused, listens for what wakes it (enqueue, online, the page shown), and syncs. */
  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    this.paused = (await getMeta<boolean>(pausedKey)) === true
    this.setStatus(this.paused ? 'paused' : 'idle')
    this.cleanup.push(
      onOutboxChange((change) => {
        if (change.kind === 'enqueued' || (change.kind === 'updated' && !this.running)) this.kick()
        if (change.kind === 'paused' && change.paused !== this.paused) {
          this.paused = change.paused
          if (change.paused) this.setStatus('paused')
          else this.kick(true)
        }
      }),
    )
    const events = this.onlineEvents
    if (events) {
      const onOnline = () => this.kick(true)
      events.addEventListener('online', onOnline)
      this.cleanup.push(() => events.removeEventListener('online', onOnline))
    }
    if (typeof document !== 'undefined') {
      const onVisible = () => {
        if (document.visibilityState === 'visible') this.kick()
      }
      document.addEventListener('visibilitychange', onVisible)
      this.cleanup.push(() => document.removeEventListener('visibilitychange', onVisible))
    }
    await this.syncNow()
  }

  /** Stops listening and timing; an attempt under way finishes. */
  async stop(): Promise<void> {
    this.started = false
    for (const fn of this.cleanup.splice(0)) fn()
    this.cancelTimer()
    await this.running
  }

  /** Sync now (e.g. a pull to refresh, or a wake-up); `resetBackoff` forgets earlier failures. */
  kick(resetBackoff = false): void {
    if (resetBackoff) this.failures = 0
    void this.syncNow()
  }

  /** Runs a pass over the queue now unless paused or signed out; resolves when the queue is as sent as it gets. */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      do {
        this.again = false
        await this.pass()
      } while (this.again && !this.paused && !this.signedOut)
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Resolves when the pass under way (if any) has ended. */
  async whenIdle(): Promise<void> {
    await this.running
  }

  async pause(): Promise<void> {
    this.paused = true
    this.cancelTimer()
    this.setStatus('paused')
    await setMeta(pausedKey, true)
    notifyOutboxChange({ kind: pauseBroadcastKey, paused: true })
  }

  async resume(): Promise<void> {
    this.paused = false
    await deleteMeta(pausedKey)
    notifyOutboxChange({ kind: pauseBroadcastKey, paused: false })
    this.setStatus('idle')
    this.failures = 0
    await this.syncNow()
  }

  /** After signing in again: send what waited. */
  async signedIn(): Promise<void> {
    this.signedOut = false
    this.lastError = null
    this.failures = 0
    if (!this.paused) this.setStatus('idle')
    await this.syncNow()
  }

  private setStatus(status: SyncStatus): void {
    if (status === this.status) return
    this.status = status
    for (const listener of this.listeners.status) listener(status)
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = null
    this.nextAttemptAt = null
  }

  private schedule(ms: number): void {
    this.cancelTimer()
    if (!this.started) return
    this.nextAttemptAt = this.now() + ms
    this.timer = this.setTimer(() => {
      this.timer = null
      this.nextAttemptAt = null
      void this.syncNow()
    }, ms)
  }

  /** The next wait: base · 2^(failures-1), at most max, drawn between half and all of it. */
  backoffDelay(failures: number): number {
    const full = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, failures - 1))
    return Math.round(full / 2 + (this.random() * full) / 2)
  }

  private async pass(): Promise<void> {
    if (this.paused) return this.setStatus('paused')
    if (this.signedOut) return this.setStatus('signed-out')
    if (!this.online()) {
      // The `online` event wakes it; the timer too, in case the event never comes.
      this.lastError = { status: 0, code: 'network', message: 'offline' }
      this.setStatus('waiting')
      this.schedule(this.pollMs)
      return
    }
    this.cancelTimer()
    let end: PassEnd
    try {
      const outcome = await this.lock.run((keepAlive) => this.sendAll(keepAlive))
      end = outcome === skipped ? 'busy' : outcome
    } catch (error) {
      // IndexedDB or the lock failed under us: try again later, like a lost network.
      this.lastError = errorOf(error)
      end = 'transient'
    }
    switch (end) {
      case 'done':
        this.failures = 0
        this.lastError = null
        this.setStatus('idle')
        break
      case 'transient':
        this.failures++
        this.setStatus('waiting')
        this.schedule(this.backoffDelay(this.failures))
        break
      case 'signed-out':
        this.signedOut = true
        this.setStatus('signed-out')
        break
      case 'paused':
        this.setStatus('paused')
        break
      case 'busy':
        // Another tab is sending; look again later in case it is closed.
        this.setStatus('idle')
        this.schedule(this.pollMs)
        break
    }
  }

  private async sendAll(keepAlive: () => Promise<void>): Promise<PassEnd> {
    // After a whole batch was refused, its items go one by one to find the one the server cannot take.
    let isolateThrough = 0
    for (;;) {
      if (this.paused) return 'paused'
      await keepAlive()
      const owner = outboxOwner()
      const queue = (await listOutbox()).filter(
        (e) => e.state === 'pending' && (e.owner === null || owner === null || e.owner === owner),
      )
      if (queue.length === 0) return 'done'
      this.setStatus('syncing')
      const batch = queue.slice(0, (queue[0]?.seq ?? 0) <= isolateThrough ? 1 : this.batchSize)
      const ready: OutboxEntry[] = []
      for (const entry of batch) {
        const uploaded = await this.uploadFiles(entry)
        if (uploaded === 'ok') ready.push(entry)
        else if (uploaded !== 'failed') {
          // Later items wait: they are sent after this one, in order.
          if (ready.length) {
            const sent = await this.sendBatch(ready)
            if (sent !== 'ok' && sent !== 'refused') return sent
          }
          return uploaded
        }
      }
      if (ready.length === 0) continue
      const sent = await this.sendBatch(ready)
      if (sent === 'refused') {
        isolateThrough = Math.max(...ready.map((e) => e.seq))
        continue
      }
      if (sent !== 'ok') return sent
    }
  }

  /** Uploads the entry's files not yet uploaded, saving each id as it comes. */
  private async uploadFiles(entry: OutboxEntry): Promise<'ok' | 'failed' | 'transient' | 'signed-out'> {
    while (entry.uploadedIds.length < entry.files.length) {
      const file = entry.files[entry.uploadedIds.length]
      if (!file) break
      try {
        const form = new FormData()
        form.append('file', file.blob, file.name)
        const attachment = await this.api.post<TAttachment>('/api/cases/attachments', form, {
          expectUnauthorized: true,
        })
        entry.uploadedIds = [...entry.uploadedIds, attachment.id]
        await saveOutboxEntry(entry)
      } catch (error) {
        return this.itemError(entry, errorOf(error))
      }
    }
    return 'ok'
  }

  /** What an error means for the item: failed (4xx), or for the whole queue (transient, signed out). */
  private async itemError(
    entry: OutboxEntry,
    error: OutboxError,
  ): Promise<'failed' | 'transient' | 'signed-out'> {
    const attempt = { attempts: entry.attempts + 1, lastAttemptAt: new Date(this.now()).toISOString() }
    if (error.status === 401) {
      this.lastError = error
      return 'signed-out'
    }
    if (isTransient(error.status, error.code)) {
      this.lastError = error
      Object.assign(entry, attempt, { error })
      await saveOutboxEntry(entry)
      return 'transient'
    }
    Object.assign(entry, attempt, { state: 'failed', error })
    await saveOutboxEntry(entry)
    for (const listener of this.listeners.failed) listener(entry.id, error)
    return 'failed'
  }

  private toItem(entry: OutboxEntry): TSyncItem {
    const body = placeUploadedIds(entry)
    return { id: entry.id, operation: entry.operation, params: entry.params, body }
  }

  /**
   * Sends the entries as one syncBatch. ok: every item answered (sent or failed); refused: the whole
   * request was refused (4xx) — a single item is then failed; otherwise why the queue must wait.
   */
  private async sendBatch(entries: OutboxEntry[]): Promise<'ok' | 'refused' | 'transient' | 'signed-out'> {
    for (const e of entries) this.sending.add(e.id)
    let response: TSyncBatchResponse
    try {
      response = await this.api.post<TSyncBatchResponse>(
        '/api/field/sync',
        { items: entries.map((e) => this.toItem(e)) },
        { expectUnauthorized: true },
      )
    } catch (error) {
      this.sending.clear()
      const e = errorOf(error)
      if (e.status === 401 || isTransient(e.status, e.code)) {
        // The head of the queue carries the attempt and its error, for the pending list to show.
        const [first] = entries
        const outcome = first ? await this.itemError(first, e) : 'transient'
        return outcome === 'signed-out' ? 'signed-out' : 'transient'
      }
      if (entries.length === 1 && entries[0]) {
        await this.itemError(entries[0], e)
        return 'ok'
      }
      return 'refused'
    }
    this.sending.clear()
    const byId = new Map(response.results.map((r) => [r.id, r]))
    let end: 'ok' | 'transient' | 'signed-out' = 'ok'
    for (const entry of entries) {
      const result = byId.get(entry.id)
      if (!result?.attempted) {
        if (end === 'ok') end = 'transient'
        continue
      }
      if (result.status >= 200 && result.status < 300) {
        await markSynced(entry, {
          status: result.status,
          replayed: result.replayed,
          body: result.body,
          at: this.now(),
        })
        this.lastSyncedAt = this.now()
        for (const listener of this.listeners.synced) listener(entry.id, result)
        continue
      }
      const outcome = await this.itemError(entry, errorOfResult(result))
      if (outcome === 'signed-out') end = 'signed-out'
      else if (outcome === 'transient' && end === 'ok') end = 'transient'
    }
    return end
  }
}
