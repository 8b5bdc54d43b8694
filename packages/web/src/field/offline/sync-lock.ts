import { fieldDb } from './db.ts'

/**
 * Who may send the queue: one tab at a time, so two tabs never send the same items at once.
 * `run` calls fn while holding the lock and answers its result, or answers `skipped` at once when another
 * tab holds it. fn is given `keepAlive`, to call now and then during a long sync (a lease must be renewed).
 */
export interface SyncLock {
  run<T>(fn: (keepAlive: () => Promise<void>) => Promise<T>): Promise<T | typeof skipped>
}

export const skipped: unique symbol = Symbol('skipped')

const lockName = 'onegrid-field-sync'

/** The Web Locks API: held while fn runs, released by the browser even when the tab is killed. */
export function webLock(locks: LockManager): SyncLock {
  return {
    run(fn) {
      return locks.request(lockName, { ifAvailable: true }, (lock) =>
        lock ? fn(async () => {}) : Promise.resolve(skipped),
      )
    },
  }
}

export interface LeaseOptions {
  /** This tab's name for the lease. */
  holder: string
  now: () => number
  /** How long a lease lasts unless renewed; a killed tab's lease lapses after it. */
  ttlMs?: number
}

interface Lease {
  holder: string
  until: number
}

/**
 * Where Web Locks are missing: a lease written in IndexedDB, taken and renewed inside a readwrite
 * transaction (IndexedDB runs those one at a time), lapsing when its holder stops renewing it.
 */
export function leaseLock(options: LeaseOptions): SyncLock {
  const ttl = options.ttlMs ?? 60_000
  const key = 'syncLease'

  async function take(): Promise<boolean> {
    const db = await fieldDb()
    const tx = db.transaction('meta', 'readwrite')
    const current = (await tx.store.get(key)) as Lease | undefined
    const now = options.now()
    const free = !current || current.holder === options.holder || current.until <= now
    if (free) await tx.store.put({ holder: options.holder, until: now + ttl } satisfies Lease, key)
    await tx.done
    return free
  }

  async function release(): Promise<void> {
    const db = await fieldDb()
    const tx = db.transaction('meta', 'readwrite')
    const current = (await tx.store.get(key)) as Lease | undefined
    if (current?.holder === options.holder) await tx.store.delete(key)
    await tx.done
  }

  return {
    async run(fn) {
      if (!(await take())) return skipped
      try {
        return await fn(async () => {
          await take()
        })
      } finally {
        await release()
      }
    },
  }
}

/** Web Locks when the browser has them, a lease otherwise. */
export function defaultSyncLock(now: () => number): SyncLock {
  if (typeof navigator !== 'undefined' && navigator.locks) return webLock(navigator.locks)
  return leaseLock({ holder: Math.random().toString(36).slice(2), now })
}
