import type { TSyncItemResult } from '@onegrid/core/api/sync'
import { computed, type Ref, readonly, ref, shallowRef } from 'vue'
import type { OutboxEntry, OutboxError } from './db.ts'
import { discardOutboxEntry, listOutbox, onOutboxChange, retryOutboxEntry } from './outbox.ts'
import type { SyncEngine, SyncStatus } from './sync-engine.ts'

type SyncedListener = (id: string, result: TSyncItemResult) => void

const entries = shallowRef<OutboxEntry[]>([])
const status = ref<SyncStatus>('idle')
const paused = ref(false)
const needsSignIn = ref(false)
const lastError = shallowRef<OutboxError | null>(null)
const lastSyncedAt = ref<number | null>(null)
const nextAttemptAt = ref<number | null>(null)
const sending = shallowRef<ReadonlySet<string>>(new Set())
const syncedListeners = new Set<SyncedListener>()
let engine: SyncEngine | null = null
let watching = false

async function reload(): Promise<void> {
  entries.value = await listOutbox()
}

function copyEngineState(): void {
  if (!engine) return
  status.value = engine.currentStatus
  paused.value = engine.isPaused
  needsSignIn.value = engine.needsSignIn
  lastError.value = engine.lastError
  lastSyncedAt.value = engine.lastSyncedAt
  nextAttemptAt.value = engine.nextAttemptAt
  sending.value = new Set(engine.sending)
}

function watchQueue(): void {
  if (watching) return
  watching = true
  onOutboxChange((change) => {
    if (change.kind === 'paused') paused.value = change.paused
    else void reload()
    copyEngineState()
  })
  void reload()
}

/** Connects the composable to the app's sync engine (main.ts does it once). */
export function installOutbox(syncEngine: SyncEngine): () => void {
  engine = syncEngine
  watchQueue()
  const offs = [
    syncEngine.on('status', () => copyEngineState()),
    syncEngine.on('failed', () => copyEngineState()),
    syncEngine.on('synced', (id, result) => {
      copyEngineState()
      for (const listener of syncedListeners) listener(id, result)
    }),
  ]
  copyEngineState()
  return () => {
    for (const off of offs) off()
    engine = null
  }
}

export interface UseOutbox {
  /** Every item still on the device (pending and failed), in the order they were written. */
  pending: Readonly<Ref<readonly OutboxEntry[]>>
  /** How many items have not reached the server yet (failed ones included). */
  pendingCount: Readonly<Ref<number>>
  failedCount: Readonly<Ref<number>>
  status: Readonly<Ref<SyncStatus>>
  paused: Readonly<Ref<boolean>>
  /** The server answered 401: sign in again; nothing is lost meanwhile. */
  needsSignIn: Readonly<Ref<boolean>>
  lastError: Readonly<Ref<OutboxError | null>>
  lastSyncedAt: Readonly<Ref<number | null>>
  nextAttemptAt: Readonly<Ref<number | null>>
  /** Ids in the batch on its way. */
  sending: Readonly<Ref<ReadonlySet<string>>>
  pause(): Promise<void>
  resume(): Promise<void>
  syncNow(): Promise<void>
  retry(id: string): Promise<void>
  discard(id: string): Promise<void>
  /** Called with each item that went through and the operation's answer. Returns a function that stops it. */
  onSynced(listener: SyncedListener): () => void
  /** Reads the queue from IndexedDB again. */
  reload(): Promise<void>
}

/** The device's queue and its sync, for the pages: reactive, shared by every caller. */
export function useOutbox(): UseOutbox {
  watchQueue()
  return {
    pending: readonly(entries) as Readonly<Ref<readonly OutboxEntry[]>>,
    pendingCount: computed(() => entries.value.length),
    failedCount: computed(() => entries.value.filter((e) => e.state === 'failed').length),
    status: readonly(status),
    paused: readonly(paused),
    needsSignIn: readonly(needsSignIn),
    lastError: readonly(lastError) as Readonly<Ref<OutboxError | null>>,
    lastSyncedAt: readonly(lastSyncedAt),
    nextAttemptAt: readonly(nextAttemptAt),
    sending: readonly(sending) as Readonly<Ref<ReadonlySet<string>>>,
    async pause() {
      await engine?.pause()
      paused.value = true
      copyEngineState()
    },
    async resume() {
      paused.value = false
      await engine?.resume()
      copyEngineState()
    },
    async syncNow() {
      engine?.kick(true)
      await engine?.syncNow()
      copyEngineState()
    },
    async retry(id) {
      await retryOutboxEntry(id)
      await reload()
      engine?.kick(true)
    },
    async discard(id) {
      await discardOutboxEntry(id)
      await reload()
    },
    onSynced(listener) {
      syncedListeners.add(listener)
      return () => syncedListeners.delete(listener)
    },
    reload,
  }
}
