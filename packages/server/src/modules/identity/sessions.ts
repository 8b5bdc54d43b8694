import { createHash, randomBytes } from 'node:crypto'
import type { TMe } from '@onegrid/core/api/identity'
import { type ApiKeyScope, permissionsOf } from '@onegrid/core/auth/roles'
import type { ApiKeyPrincipal, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { presentUser } from './present.ts'
import type { IdentityQueries, SessionGrant } from './queries.ts'
import { SessionCache } from './session-cache.ts'
import type { IdentityStore } from './store.ts'

const sessionPrefix = 'ogs_'
const apiKeyPrefix = 'ogk_'
/** However active, a session ends after this long (a working day plus overtime). */
const absoluteLifetimeMs = 12 * 3600_000
const dayMs = 24 * 3600_000
/** last_seen_at is written at most this often, so reads do not become writes. */
const touchEveryMs = 60_000

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

export const isApiKeyToken = (token: string) => token.startsWith(apiKeyPrefix)

export function newApiKeySecret(): { prefix: string; secret: string } {
  const prefix = randomBytes(4).toString('hex')
  return { prefix, secret: `${apiKeyPrefix}${prefix}_${randomBytes(24).toString('base64url')}` }
}

export interface SessionSettings {
  /** Idle timeout of an ordinary session. */
  idleMinutes: number
  /** "Remember this device" (the field app on one's own phone): idle timeout in days … */
  rememberIdleDays: number
  /** … and absolute lifetime in days. */
  rememberDays: number
  /** How long a session read from the database is trusted without reading it again (0: never cached). */
  cacheSeconds: number
}

type SessionRow = NonNullable<Awaited<ReturnType<IdentityQueries['sessionByTokenHash']>>>
type Cached = { session: SessionRow; principal: UserPrincipal }

/**
 * Sessions: opaque tokens (only their hash is stored), idle timeout, absolute lifetime, revocation.
 * A session signed in with "remember this device" has the longer idle timeout and lifetime, so a grid
 * worker a day without signal is still signed in when the phone finds it again.
 */
export class SessionService {
  readonly idleMinutes: number
  /** Sessions as last read; forgotten on every identity change (the store tells it). */
  readonly cache: SessionCache<Cached>

  constructor(
    private readonly store: IdentityStore,
    private readonly queries: IdentityQueries,
    private readonly clock: Clock,
    private readonly settings: SessionSettings,
  ) {
    this.idleMinutes = settings.idleMinutes
    this.cache = new SessionCache(settings.cacheSeconds * 1000)
    store.onIdentityChange(() => this.cache.forget())
  }

  /** The idle timeout of a session, in minutes. */
  idleMinutesOf(rememberDevice: boolean): number {
    return rememberDevice ? this.settings.rememberIdleDays * 24 * 60 : this.settings.idleMinutes
  }

  async create(
    userId: number,
    ip: string | null,
    userAgent: string | null,
    options: { rememberDevice?: boolean | undefined } = {},
  ): Promise<{ id: string; token: string; expiresAt: Date; rememberDevice: boolean }> {
    const now = this.clock.now()
    const token = `${sessionPrefix}${randomBytes(32).toString('base64url')}`
    const id = randomBytes(8).toString('hex')
    const rememberDevice = options.rememberDevice === true
    const lifetime = rememberDevice ? this.settings.rememberDays * dayMs : absoluteLifetimeMs
    const expiresAt = new Date(now.getTime() + lifetime)
    await this.store.insertSession(
      { id, tokenHash: sha256(token), userId, ip, userAgent, expiresAt, rememberDevice },
      now,
    )
    return { id, token, expiresAt, rememberDevice }
  }

  /** The signed-in user behind a token, or null when it is unknown, revoked, expired or idle too long. */
  async authenticate(token: string): Promise<UserPrincipal | null> {
    if (!token.startsWith(sessionPrefix)) return null
    const hash = sha256(token)
    let cached = this.cache.get(hash, this.clock.now().getTime())
    if (!cached) {
      const mark = this.cache.mark()
      const session = await this.queries.sessionByTokenHash(hash)
      if (!session) return null
      const principal = this.principalOf(
        session.user_id,
        session.username,
        session.id,
        session.must_change_password,
        session.grants,
      )
      cached = { session, principal }
      this.cache.set(hash, cached, this.clock.now().getTime(), mark)
    }
    const { session } = cached
    const now = this.clock.now()
    if (session.revoked_at || session.status !== 'active') return null
    if (session.expires_at <= now) return null
    const idleMs = this.idleMinutesOf(session.remember_device) * 60_000
    if (session.last_seen_at.getTime() + idleMs <= now.getTime()) return null
    if (now.getTime() - session.last_seen_at.getTime() > touchEveryMs) {
      await this.store.touchSession(session.id, now)
      this.cache.update(hash, { ...cached, session: { ...session, last_seen_at: now } })
    }
    return cached.principal
  }

  async principalFor(
    userId: number,
    username: string,
    sessionId: string,
    mustChangePassword: boolean,
  ): Promise<UserPrincipal> {
    const assignments = await this.queries.assignmentsOf([userId])
    return this.principalOf(userId, username, sessionId, mustChangePassword, assignments)
  }

  private principalOf(
    userId: number,
    username: string,
    sessionId: string,
    mustChangePassword: boolean,
    assignments: readonly SessionGrant[],
  ): UserPrincipal {
    const roles = [...new Set(assignments.map((a) => a.role))]
    const areaPaths = [...new Set(assignments.flatMap((a) => (a.areaPath ? [a.areaPath] : [])))]
    const unitIds = [...new Set(assignments.flatMap((a) => (a.unitId ? [a.unitId] : [])))]
    return {
      kind: 'user',
      userId,
      username,
      sessionId,
      roles,
      permissions: new Set(permissionsOf(roles)),
      scope: { areaPaths, unitIds },
      mustChangePassword,
    }
  }

  async me(principal: UserPrincipal): Promise<TMe> {
    const user = await this.queries.userById(principal.userId)
    if (!user) throw new Error('signed-in user vanished')
    const assignments = await this.queries.assignmentsOf([user.id])
    const now = this.clock.now()
    const sessions = await this.queries.sessionsOf(user.id, new Date(0), now)
    const current = sessions.find((s) => s.id === principal.sessionId)
    return {
      user: presentUser(user, assignments, now),
      permissions: [...principal.permissions].sort(),
      areaScopes: [...principal.scope.areaPaths],
      unitScopes: [...principal.scope.unitIds],
      session: {
        expiresAt: (current?.expires_at ?? now).toISOString(),
        idleMinutes: this.idleMinutesOf(current?.remember_device ?? false),
        rememberDevice: current?.remember_device ?? false,
      },
    }
  }

  async list(principal: UserPrincipal) {
    const now = this.clock.now()
    const longestIdle = Math.max(this.idleMinutesOf(false), this.idleMinutesOf(true))
    const rows = await this.queries.sessionsOf(
      principal.userId,
      new Date(now.getTime() - longestIdle * 60_000),
      now,
    )
    const active = rows.filter(
      (s) => s.last_seen_at.getTime() + this.idleMinutesOf(s.remember_device) * 60_000 > now.getTime(),
    )
    return active.map((s) => ({
      id: s.id,
      current: s.id === principal.sessionId,
      userAgent: s.user_agent,
      ip: s.ip,
      createdAt: s.created_at.toISOString(),
      lastSeenAt: s.last_seen_at.toISOString(),
    }))
  }

  /** A machine client's key; expired and revoked keys authenticate nobody. */
  async authenticateApiKey(secret: string): Promise<ApiKeyPrincipal | null> {
    if (!isApiKeyToken(secret)) return null
    const key = await this.queries.apiKeyBySecretHash(sha256(secret))
    const now = this.clock.now()
    if (!key || key.revoked_at || (key.expires_at && key.expires_at <= now)) return null
    await this.store.touchApiKey(key.id, now)
    return {
      kind: 'api_key',
      keyId: key.id,
      name: key.name,
      scopes: key.scopes as ApiKeyScope[],
      scope: { areaPaths: [key.area_path], unitIds: [] },
    }
  }
}
