import type { TLoginResponse } from '@onegrid/core/api/identity'
import type { AuditAction } from '@onegrid/core/auth/audit-actions'
import { checkPassword, passwordProblemText } from '@onegrid/core/auth/password-policy'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { text, Unauthorized, ValidationError } from '../../platform/http/errors.ts'
import type { PasswordHasher } from './passwords.ts'
import type { IdentityQueries } from './queries.ts'
import type { SessionService } from './sessions.ts'
import type { IdentityStore } from './store.ts'

const lockAfterFailures = 5
const lockMinutes = 15
const historyDepth = 5

const badCredentials = text('用户名或密码错误', 'Wrong username or password')

/** Signing in and out, and changing one's own password. */
export class LoginService {
  constructor(
    private readonly store: IdentityStore,
    private readonly queries: IdentityQueries,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** Where a user's audit entries belong: their first assignment's area. */
  private async homePath(userId: number): Promise<string | null> {
    const [first] = await this.queries.assignmentsOf([userId])
    return first?.areaPath ?? first?.unitPath ?? null
  }

  async login(
    username: string,
    password: string,
    actor: Actor,
    options: { rememberDevice?: boolean | undefined } = {},
  ): Promise<TLoginResponse> {
    const now = this.clock.now()
    const user = await this.queries.userByUsername(username.trim().toLowerCase())
    const audit = async (action: AuditAction, details: Record<string, unknown>, userId: number | null) =>
      recordAudit(
        this.store.db,
        { ...actor, userId, name: username },
        {
          action,
          entityType: 'user',
          entityId: userId,
          areaPath: userId ? await this.homePath(userId) : null,
          details,
        },
        now,
      )

    if (!user) {
      await this.passwords.verify(await this.passwords.decoy(), password)
      await audit('login.failure', { reason: 'unknown_user' }, null)
      throw new Unauthorized(badCredentials)
    }
    if (user.locked_until && user.locked_until > now) {
      await audit(
        'login.failure',
        { reason: 'locked', lockedUntil: user.locked_until.toISOString() },
        user.id,
      )
      const minutes = Math.ceil((user.locked_until.getTime() - now.getTime()) / 60_000)
      throw new Unauthorized(
        text(
          `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`,
          `Too many failed logins: the account is locked for ${minutes} more minutes`,
        ),
      )
    }
    const ok = await this.passwords.verify(user.password_hash, password)
    if (!ok || user.status !== 'active') {
      if (!ok) {
        const lockUntil = new Date(now.getTime() + lockMinutes * 60_000)
        const { failures, locked } = await this.store.recordFailedLogin(
          user.id,
          now,
          lockAfterFailures,
          lockUntil,
        )
        await audit('login.failure', { reason: 'wrong_password', failures, locked }, user.id)
        if (locked) {
          await audit('account.locked', { minutes: lockMinutes }, user.id)
          throw new Unauthorized(
            text(
              `连续 ${lockAfterFailures} 次登录失败，账号锁定 ${lockMinutes} 分钟`,
              `${lockAfterFailures} failed logins: the account is locked for ${lockMinutes} minutes`,
            ),
          )
        }
      } else {
        await audit('login.failure', { reason: 'disabled' }, user.id)
      }
      throw new Unauthorized(badCredentials)
    }

    if (user.failed_logins > 0 || user.locked_until) await this.store.clearFailedLogins(user.id)
    const session = await this.sessions.create(user.id, actor.ip, actor.userAgent, options)
    await audit(
      'login.success',
      { session: session.id, ...(session.rememberDevice ? { rememberDevice: true } : {}) },
      user.id,
    )
    const principal = await this.sessions.principalFor(
      user.id,
      user.username,
      session.id,
      user.must_change_password,
    )
    return { token: session.token, me: await this.sessions.me(principal) }
  }

  async logout(principal: UserPrincipal, actor: Actor): Promise<void> {
    const now = this.clock.now()
    await this.store.revokeSessions(this.store.db, principal.userId, now, { only: principal.sessionId })
    await recordAudit(
      this.store.db,
      actor,
      {
        action: 'logout',
        entityType: 'user',
        entityId: principal.userId,
        areaPath: await this.homePath(principal.userId),
      },
      now,
    )
  }

  async revokeSession(principal: UserPrincipal, sessionId: string, actor: Actor): Promise<boolean> {
    const now = this.clock.now()
    const revoked = await this.store.revokeSessions(this.store.db, principal.userId, now, { only: sessionId })
    if (revoked > 0) {
      await recordAudit(
        this.store.db,
        actor,
        {
          action: 'session.revoke',
          entityType: 'session',
          entityId: sessionId,
          areaPath: await this.homePath(principal.userId),
        },
        now,
      )
    }
    return revoked > 0
  }

  /**
   * Checks the policy and the last five passwords, then replaces the hash, ends
   * the user's other sessions and lifts the must-change flag.
   */
  async changePassword(principal: UserPrincipal, current: string, next: string, actor: Actor): Promise<void> {
    const user = await this.queries.userById(principal.userId)
    if (!user || !(await this.passwords.verify(user.password_hash, current))) {
      throw new ValidationError({ currentPassword: text('当前密码不正确', 'The current password is wrong') })
    }
    await assertAcceptablePassword(
      this.queries,
      this.passwords,
      user.id,
      user.username,
      next,
      'newPassword',
      user.password_hash,
    )
    const now = this.clock.now()
    const hash = await this.passwords.hash(next)
    const home = await this.homePath(user.id)
    await this.store.transaction(async (trx) => {
      await this.store.updateUser(trx, user.id, { passwordHash: hash, mustChangePassword: false }, now)
      await this.store.rememberPassword(trx, user.id, hash, now)
      await this.store.revokeSessions(trx, user.id, now, { except: principal.sessionId })
      await recordAudit(
        trx,
        actor,
        {
          action: 'password.change',
          entityType: 'user',
          entityId: user.id,
          areaPath: home,
        },
        now,
      )
    })
  }
}

/** Policy plus history: throws a ValidationError naming `field`. */
export async function assertAcceptablePassword(
  queries: IdentityQueries,
  passwords: PasswordHasher,
  userId: number | null,
  username: string,
  password: string,
  field: string,
  currentHash?: string,
): Promise<void> {
  const problems = checkPassword(password, username)
  if (problems.length > 0) {
    const zh = problems.map((p) => passwordProblemText[p].zh).join('；')
    const en = problems.map((p) => passwordProblemText[p].en).join('; ')
    throw new ValidationError({ [field]: text(zh, en) })
  }
  if (userId === null) return
  const previous = [
    ...(currentHash ? [currentHash] : []),
    ...(await queries.recentPasswordHashes(userId, historyDepth)),
  ]
  for (const hash of previous.slice(0, historyDepth)) {
    if (await passwords.verify(hash, password)) {
      throw new ValidationError({
        [field]: text('不能与最近 5 次使用过的密码相同', 'must differ from your last 5 passwords'),
      })
    }
  }
}
