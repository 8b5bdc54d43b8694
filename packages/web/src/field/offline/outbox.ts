import type { SyncOperation } from '@onegrid/core/api/sync'
import { type FileTarget, fieldDb, type OutboxEntry, type QueuedFile, type SyncedRecord } from './db.ts'

export type { FileTarget, OutboxEntry, OutboxError, OutboxState, QueuedFile, SyncedRecord } from './db.ts'

export interface EnqueueInput {
  /** The syncBatch operation this write stands for. */
  operation: SyncOperation
  /** Its path parameters, e.g. { id: patrolId }. */
  params?: Record<string, string>
  /** Exactly the body the operation takes on its own. */
  body: Record<string, unknown>
  /** Files to upload first through uploadAttachment (POST /api/cases/attachments, multipart field "file");
   *  their attachment ids are appended to body[filesField] (an array of numbers) before the item is sent. */
  files?: QueuedFile[]
  /** Default 'attachmentIds'. */
  filesField?: string
  /** One per file, where its attachment id goes (answers of a campaign item: photos and a signature). */
  fileTargets?: FileTarget[]
  /** What the pending list shows (already translated). */
  label: string
}

/** What changed in the queue; every tab of the app hears it (BroadcastChannel). */
export type OutboxChange =
  | { kind: 'enqueued'; id: string }
  | { kind: 'updated'; id: string }
  | { kind: 'removed'; id: string }
  | { kind: 'synced'; id: string }
  | { kind: 'paused'; paused: boolean }

type ChangeListener = (change: OutboxChange) => void
const listeners = new Set<ChangeListener>()
let channel: BroadcastChannel | null | undefined

function broadcastChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel
  channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('onegrid-field-outbox')
  if (channel) {
    channel.onmessage = (event: MessageEvent<OutboxChange>) => {
      for (const listener of listeners) listener(event.data)
    }
  }
  return channel
}

/** Hears every change of the queue, made in this tab or another. Returns a function that stops listening. */
export function onOutboxChange(listener: ChangeListener): () => void {
  broadcastChannel()
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Tells this tab's listeners and the other tabs. */
export function notifyOutboxChange(change: OutboxChange): void {
  for (const listener of listeners) listener(change)
  broadcastChannel()?.postMessage(change)
}

/** A UUID (v4) for a client id; crypto.randomUUID exists only on secure origins, getRandomValues everywhere. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

let owner: number | null = null

/** Who is signed in: the items queued from now on are theirs, and only theirs are sent. */
export function setOutboxOwner(userId: number | null): void {
  owner = userId
}

export function outboxOwner(): number | null {
  return owner
}

/**
 * Writes the entry to IndexedDB first, then wakes the sync engine. Resolves with the client id (a UUID),
 * which is the item's Idempotency-Key and id in syncBatch. Never throws for lack of network.
 */
export async function enqueue(input: EnqueueInput): Promise<string> {
  const id = newClientId()
  const db = await fieldDb()
  const tx = db.transaction('outbox', 'readwrite')
  // The order is taken inside the write's own transaction, so two tabs writing at once never share a number.
  const last = await tx.store.index('seq').openCursor(null, 'prev')
  const entry: OutboxEntry = {
    id,
    seq: (last?.value.seq ?? 0) + 1,
    operation: input.operation,
    params: { ...input.params },
    body: { ...input.body },
    files: input.files ? [...input.files] : [],
    filesField: input.filesField ?? 'attachmentIds',
    ...(input.fileTargets
      ? { fileTargets: input.fileTargets.map((t) => ({ ...t, path: [...t.path] })) }
      : {}),
    uploadedIds: [],
    label: input.label,
    owner,
    createdAt: new Date().toISOString(),
    state: 'pending',
    attempts: 0,
    error: null,
    lastAttemptAt: null,
  }
  await tx.store.add(entry)
  await tx.done
  notifyOutboxChange({ kind: 'enqueued', id })
  return id
}

/** Every item still on the device (pending and failed), in the order they were written. */
export async function listOutbox(): Promise<OutboxEntry[]> {
  return (await fieldDb()).getAllFromIndex('outbox', 'seq')
}

export async function getOutboxEntry(id: string): Promise<OutboxEntry | undefined> {
  return (await fieldDb()).get('outbox', id)
}

/** Saves a changed entry, unless it has been sent or discarded meanwhile. */
export async function saveOutboxEntry(entry: OutboxEntry): Promise<void> {
  const db = await fieldDb()
  const tx = db.transaction('outbox', 'readwrite')
  if (await tx.store.getKey(entry.id)) await tx.store.put(entry)
  await tx.done
  notifyOutboxChange({ kind: 'updated', id: entry.id })
}

/** A failed item goes back to the queue, to be sent again. */
export async function retryOutboxEntry(id: string): Promise<void> {
  const entry = await getOutboxEntry(id)
  if (!entry) return
  await saveOutboxEntry({ ...entry, state: 'pending', error: null })
}

/** The user gives an item up: it is removed from the device and never sent. */
export async function discardOutboxEntry(id: string): Promise<void> {
  await (await fieldDb()).delete('outbox', id)
  notifyOutboxChange({ kind: 'removed', id })
}

const keptSynced = 200

/** The item went through: it leaves the queue and its answer is kept (the last 200) for pages to look up. */
export async function markSynced(
  entry: OutboxEntry,
  record: Omit<SyncedRecord, 'id' | 'operation' | 'label'>,
) {
  const db = await fieldDb()
  const tx = db.transaction(['outbox', 'synced'], 'readwrite')
  await tx.objectStore('outbox').delete(entry.id)
  const synced = tx.objectStore('synced')
  await synced.put({ id: entry.id, operation: entry.operation, label: entry.label, ...record })
  const count = await synced.count()
  if (count > keptSynced) {
    let cursor = await synced.index('at').openCursor()
    for (let extra = count - keptSynced; cursor && extra > 0; extra--) {
      await cursor.delete()
      cursor = await cursor.continue()
    }
  }
  await tx.done
  notifyOutboxChange({ kind: 'synced', id: entry.id })
}

/** The server's answer for an item that went through, while it is kept. */
export async function getSyncedRecord(id: string): Promise<SyncedRecord | undefined> {
  return (await fieldDb()).get('synced', id)
}

/** The items that went through, newest first. */
export async function listSynced(limit = 50): Promise<SyncedRecord[]> {
  const all = await (await fieldDb()).getAllFromIndex('synced', 'at')
  return all.reverse().slice(0, limit)
}
