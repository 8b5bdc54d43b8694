import type { SyncOperation } from '@onegrid/core/api/sync'
import { type DBSchema, type IDBPDatabase, openDB } from 'idb'

/** A file kept with a queued write until it is uploaded (a photo, a voice note, a short video). */
export interface QueuedFile {
  blob: Blob
  name: string
}

/** Why the last attempt at an item did not go through, as the server (or the network) said. */
export interface OutboxError {
  /** HTTP status; 0 when no answer arrived. */
  status: number
  code: string
  message: string
  fields?: Record<string, string> | undefined
}

export type OutboxState = 'pending' | 'failed'

/**
 * Where an uploaded file's attachment id goes in the body, when not simply appended to `filesField`:
 * a path of object keys (`['answers', 'photos']`), and whether the id is appended to the array there
 * (`append`, photos) or is the value itself (`set`, a signature).
 */
export interface FileTarget {
  path: string[]
  mode: 'append' | 'set'
}

/** One write waiting in the device's queue. */
export interface OutboxEntry {
  /** The client id: the item's id in syncBatch and its Idempotency-Key. */
  id: string
  /** The order of writing; items are sent in this order. */
  seq: number
  operation: SyncOperation
  params: Record<string, string>
  body: Record<string, unknown>
  files: QueuedFile[]
  filesField: string
  /** Per file, where its id goes; when absent every id is appended to body[filesField]. */
  fileTargets?: FileTarget[] | undefined
  /** Attachment ids of files[0 .. uploadedIds.length), uploaded already: a restart does not upload them again. */
  uploadedIds: number[]
  label: string
  /** The user who queued it; another user's items wait for them to sign in again. */
  owner: number | null
  /** ISO date-time. */
  createdAt: string
  /** `failed`: refused by the server (4xx); waits for the user to retry or discard it. */
  state: OutboxState
  attempts: number
  error: OutboxError | null
  lastAttemptAt: string | null
}

/** What the server answered for an item that went through; kept for a while for pages that look it up. */
export interface SyncedRecord {
  id: string
  operation: SyncOperation
  label: string
  status: number
  replayed: boolean
  body: unknown
  /** Epoch milliseconds. */
  at: number
}

export interface ReferenceRecord {
  key: string
  value: unknown
  /** Epoch milliseconds of the last refresh from the server. */
  savedAt: number
  /** The user it belongs to. */
  owner: number | null
}

export interface FieldDbSchema extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { seq: number } }
  synced: { key: string; value: SyncedRecord; indexes: { at: number } }
  /** Small settings of the device: paused, the sync lease, the signed-in user. */
  meta: { key: string; value: unknown }
  reference: { key: string; value: ReferenceRecord }
}

export type FieldDb = IDBPDatabase<FieldDbSchema>

export const FIELD_DB_NAME = 'onegrid-field'
const FIELD_DB_VERSION = 1

let opening: Promise<FieldDb> | null = null

/** The field app's IndexedDB database, opened once per page. */
export function fieldDb(): Promise<FieldDb> {
  opening ??= openDB<FieldDbSchema>(FIELD_DB_NAME, FIELD_DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('seq', 'seq', { unique: true })
        db.createObjectStore('synced', { keyPath: 'id' }).createIndex('at', 'at')
        db.createObjectStore('meta')
        db.createObjectStore('reference', { keyPath: 'key' })
      }
    },
    blocking() {
      // A newer version of the app opened in another tab: let it upgrade, reopen on the next call.
      void closeFieldDb()
    },
  })
  return opening
}

/** Closes the database; the next call of fieldDb() opens it again (tests use it with a fresh IDBFactory). */
export async function closeFieldDb(): Promise<void> {
  const current = opening
  opening = null
  if (current) (await current.catch(() => null))?.close()
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await (await fieldDb()).get('meta', key)) as T | undefined
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await (await fieldDb()).put('meta', value, key)
}

export async function deleteMeta(key: string): Promise<void> {
  await (await fieldDb()).delete('meta', key)
}
