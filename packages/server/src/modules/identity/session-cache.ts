import type { DatabaseHandle } from '../../platform/db/database.ts'

/**
 * The channel the identity tables' triggers notify on when a session is revoked, an account's
 * status or must-change-password flag changes, or a role assignment is added or removed
 * (migration 202612070000_identity_changes). Every instance listens and forgets what it cached.
 */
export const identityChannel = 'onegrid_identity'

/** Beyond this many sessions remembered, the cache starts again rather than grow. */
const maxEntries = 20_000

type Entry<T> = { value: T; at: number }

/**
 * Sessions as last read, for a few seconds, so that signing a request in is not a round trip to
 * the database (it was one of the four statements of a report: docs/adr/0024-session-cache.md).
 * A revocation or a change of roles is seen at once by the instance that makes it (the store
 * calls {@link forget}), within milliseconds by the others (NOTIFY from the tables' triggers,
 * whoever writes them), and at worst after `ttlMs` when a notification is lost with its
 * connection.
 */
export class SessionCache<T> {
  private readonly entries = new Map<string, Entry<T>>()
  private unlisten: (() => Promise<void>) | undefined
  /** Counts the forgets, so a read that began before one is not cached after it. */
  private generation = 0

  constructor(private readonly ttlMs: number) {}

  get enabled(): boolean {
    return this.ttlMs > 0
  }

  /** The value cached for a token hash, unless older than the time to live at `now` (ms). */
  get(tokenHash: string, now: number): T | undefined {
    const entry = this.entries.get(tokenHash)
    if (!entry) return undefined
    // A clock set back (tests move it both ways) counts as stale too.
    if (now - entry.at >= this.ttlMs || now < entry.at) {
      this.entries.delete(tokenHash)
      return undefined
    }
    return entry.value
  }

  /** Where a read begins: pass it to {@link set}. */
  mark(): number {
    return this.generation
  }

  /** Caches a value read since `mark`, unless the identity tables changed meanwhile. */
  set(tokenHash: string, value: T, now: number, mark: number): void {
    if (!this.enabled || mark !== this.generation) return
    if (this.entries.size >= maxEntries) this.entries.clear()
    this.entries.set(tokenHash, { value, at: now })
  }

  /** Replaces a cached value without extending its life (a touched last-seen time). */
  update(tokenHash: string, value: T): void {
    const entry = this.entries.get(tokenHash)
    if (entry) entry.value = value
  }

  /** Forgets every session: identity changes are rare, and one may touch many sessions. */
  forget(): void {
    this.generation += 1
    this.entries.clear()
  }

  async start(handle: DatabaseHandle): Promise<void> {
    if (!this.enabled || this.unlisten) return
    this.unlisten = await handle.listen(identityChannel, () => this.forget())
  }

  async stop(): Promise<void> {
    const unlisten = this.unlisten
    this.unlisten = undefined
    this.forget()
    if (unlisten) await unlisten()
  }
}
