import type {
  TAssignRoleRequest,
  TCreateUserRequest,
  TUpdateUserRequest,
  TUser,
} from '@onegrid/core/api/identity'
import { areaScopedRoles, type Role, roleNames } from '@onegrid/core/auth/roles'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { maskPhone } from '../../platform/crypto/mask.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../platform/db/database.ts'
import { Conflict, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { AreaService } from '../areas/service.ts'
import { assertAcceptablePassword } from './login.ts'
import type { PasswordHasher } from './passwords.ts'
import { presentUser } from './present.ts'
import type { AssignmentRow, IdentityQueries } from './queries.ts'
import type { IdentityStore } from './store.ts'

const userWord = text('用户', 'User')

type Target = { role: Role; areaCode: string | null; areaPath: string | null; unitId: number | null }

/**
 * Who is to hold which role at one area (the staff of a grid), checked against the caller's scope and
 * resolved against the current assignments before any write: what to add, what to take away.
 */
export type PostingPlan = {
  area: { code: string; path: string }
  add: { userId: number; role: Role }[]
  remove: AssignmentRow[]
  /** The accounts named, as the caller may see them. */
  users: Map<number, TUser>
}

/** An account the demo district creates in bulk, with its postings. */
export type BulkAccount = {
  username: string
  displayName: string
  postings: { role: Role; areaCode: string; areaPath: string }[]
}

/** Staff accounts and their role assignments, always within the caller's scope. */
export class UserService {
  constructor(
    private readonly store: IdentityStore,
    private readonly queries: IdentityQueries,
    private readonly areas: AreaService,
    private readonly pii: PiiCipher,
    private readonly passwords: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  private sealMobile(mobile: string) {
    return {
      cipher: this.pii.encrypt(mobile, 'users.mobile'),
      index: this.pii.blindIndex(mobile, 'mobile'),
      masked: maskPhone(mobile),
    }
  }

  async list(
    scope: Scope,
    filter: Parameters<IdentityQueries['listUsers']>[1],
  ): Promise<{ items: TUser[]; total: number }> {
    const { rows, total } = await this.queries.listUsers(scope, filter)
    const assignments = await this.queries.assignmentsOf(rows.map((r) => r.id))
    const now = this.clock.now()
    return { items: rows.map((r) => presentUser(r, assignments, now)), total }
  }

  async get(scope: Scope, id: number): Promise<TUser> {
    const row = (await this.queries.userVisible(id, scope)) ? await this.queries.userById(id) : undefined
    if (!row) throw new NotFound(userWord, String(id))
    return presentUser(row, await this.queries.assignmentsOf([id]), this.clock.now())
  }

  /** Resolves where an assignment points, refusing anything outside the caller's scope. */
  private async target(
    scope: Scope,
    a: { role: Role; areaCode?: string | undefined; unitId?: number | undefined },
    field: string,
  ): Promise<Target> {
    const wantsArea = areaScopedRoles.includes(a.role)
    if (wantsArea && a.areaCode === undefined) {
      throw new ValidationError({
        [field]: text(
          `${roleNames[a.role].zh}须指定区域 areaCode`,
          `${roleNames[a.role].en} needs an areaCode`,
        ),
      })
    }
    if (!wantsArea && a.unitId === undefined) {
      throw new ValidationError({
        [field]: text(`${roleNames[a.role].zh}须指定单位 unitId`, `${roleNames[a.role].en} needs a unitId`),
      })
    }
    if (a.areaCode !== undefined) {
      const area = await this.areas.get(a.areaCode).catch(() => null)
      if (!area || !pathInScope(area.path, scope)) {
        throw new ValidationError({
          [field]: text(
            `区域 ${a.areaCode} 不存在或不在您的管辖范围内`,
            `area ${a.areaCode} does not exist or is outside your jurisdiction`,
          ),
        })
      }
      return { role: a.role, areaCode: area.code, areaPath: area.path, unitId: null }
    }
    const unit = await this.queries.unitById(a.unitId as number)
    if (!unit || !pathInScope(unit.area_path, scope)) {
      throw new ValidationError({
        [field]: text(
          `单位 ${a.unitId} 不存在或不在您的管辖范围内`,
          `unit ${a.unitId} does not exist or is outside your jurisdiction`,
        ),
      })
    }
    return { role: a.role, areaCode: null, areaPath: null, unitId: unit.id }
  }

  async create(scope: Scope, actor: Actor, input: TCreateUserRequest): Promise<TUser> {
    await assertAcceptablePassword(
      this.queries,
      this.passwords,
      null,
      input.username,
      input.initialPassword,
      'initialPassword',
    )
    const targets: Target[] = []
    for (const [i, a] of input.assignments.entries())
      targets.push(await this.target(scope, a, `assignments.${i}`))
    if (targets.length === 0 && !scope.areaPaths.some((p) => !p.includes('.'))) {
      throw new ValidationError({
        assignments: text('请至少指定一个角色', 'give at least one role assignment'),
      })
    }
    const now = this.clock.now()
    const hash = await this.passwords.hash(input.initialPassword)
    const id = await this.store.transaction(async (trx) => {
      const id = await this.store.insertUser(
        trx,
        {
          username: input.username,
          displayName: input.displayName,
          mobile: input.mobile ? this.sealMobile(input.mobile) : null,
          passwordHash: hash,
          mustChangePassword: true,
        },
        now,
      )
      if (id === 0)
        throw new Conflict(
          text(`用户名 ${input.username} 已被使用`, `The username ${input.username} is taken`),
          { username: text('已被使用', 'already taken') },
        )
      await this.store.rememberPassword(trx, id, hash, now)
      for (const t of targets)
        await this.store.insertAssignment(trx, { userId: id, ...t, createdBy: actor.userId }, now)
      await recordAudit(
        trx,
        actor,
        {
          action: 'user.create',
          entityType: 'user',
          entityId: id,
          areaPath: targets[0]?.areaPath ?? null,
          details: { username: input.username, roles: targets.map((t) => t.role) },
        },
        now,
      )
      return id
    })
    return this.get(scope, id)
  }

  async update(scope: Scope, actor: Actor, id: number, input: TUpdateUserRequest): Promise<TUser> {
    const before = await this.get(scope, id)
    if (input.resetPassword !== undefined) {
      await assertAcceptablePassword(
        this.queries,
        this.passwords,
        id,
        before.username,
        input.resetPassword,
        'resetPassword',
      )
    }
    const now = this.clock.now()
    const hash =
      input.resetPassword !== undefined ? await this.passwords.hash(input.resetPassword) : undefined
    const home = (await this.queries.assignmentsOf([id]))[0]
    await this.store.transaction(async (trx) => {
      await this.store.updateUser(
        trx,
        id,
        {
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.mobile !== undefined
            ? { mobile: input.mobile === null ? null : this.sealMobile(input.mobile) }
            : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(hash ? { passwordHash: hash, mustChangePassword: true } : {}),
        },
        now,
      )
      if (hash) await this.store.rememberPassword(trx, id, hash, now)
      if (hash || input.status === 'disabled') await this.store.revokeSessions(trx, id, now)
      const changed = Object.keys(input).map((k) => (k === 'resetPassword' ? 'password' : k))
      await recordAudit(
        trx,
        actor,
        {
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          areaPath: home?.areaPath ?? home?.unitPath ?? null,
          details: { changed },
        },
        now,
      )
    })
    return this.get(scope, id)
  }

  /** Shows a staff member's full mobile number to a caller allowed to see it, and records that they did. */
  async revealMobile(scope: Scope, actor: Actor, id: number): Promise<{ mobile: string | null }> {
    const user = await this.get(scope, id)
    const row = await this.queries.userById(id)
    const mobile = row?.mobile_cipher ? this.pii.decrypt(row.mobile_cipher, 'users.mobile') : null
    const home = (await this.queries.assignmentsOf([id]))[0]
    await recordAudit(
      this.store.db,
      actor,
      {
        action: 'pii.reveal',
        entityType: 'user',
        entityId: id,
        areaPath: home?.areaPath ?? home?.unitPath ?? null,
        details: { field: 'mobile', username: user.username },
      },
      this.clock.now(),
    )
    return { mobile }
  }

  async assign(scope: Scope, actor: Actor, userId: number, input: TAssignRoleRequest): Promise<TUser> {
    await this.get(scope, userId)
    const target = await this.target(scope, input, input.areaCode !== undefined ? 'areaCode' : 'unitId')
    const now = this.clock.now()
    await this.store.transaction(async (trx) => {
      const id = await this.store.insertAssignment(trx, { userId, ...target, createdBy: actor.userId }, now)
      if (id === 0)
        throw new Conflict(text('该用户已有这一角色分配', 'The user already holds this assignment'))
      await recordAudit(
        trx,
        actor,
        {
          action: 'role.assign',
          entityType: 'user',
          entityId: userId,
          areaPath: target.areaPath,
          details: { assignment: id, role: target.role, areaCode: target.areaCode, unitId: target.unitId },
        },
        now,
      )
    })
    return this.get(scope, userId)
  }

  /** The assignments held at exactly this area in these roles (e.g. who is posted to a grid). */
  postingsAt(areaCode: string, roles: readonly Role[]): Promise<AssignmentRow[]> {
    return this.queries.assignmentsAt(areaCode, roles)
  }

  /**
   * Plans replacing who holds `roles` at one area with `wanted`. Every account must be visible in the
   * caller's scope and active; `dept_handler` at an area (a department liaison) needs a unit assignment
   * as dept_handler already. Problems are reported per entry under `field(i)`.
   */
  async planPostings(
    scope: Scope,
    area: { code: string; path: string },
    roles: readonly Role[],
    wanted: readonly { userId: number; role: Role }[],
    field: (index: number) => string,
  ): Promise<PostingPlan> {
    if (!pathInScope(area.path, scope)) throw new NotFound(text('区域', 'Area'), area.code)
    const problems: Record<string, ReturnType<typeof text>> = {}
    const users = new Map<number, TUser>()
    const seen = new Set<string>()
    for (const [i, w] of wanted.entries()) {
      if (!roles.includes(w.role)) {
        problems[`${field(i)}.role`] = text(
          `此处不能安排${roleNames[w.role].zh}`,
          `${roleNames[w.role].en} cannot be posted here`,
        )
        continue
      }
      const key = `${w.userId}:${w.role}`
      if (seen.has(key)) {
        problems[field(i)] = text('同一人同一角色重复列出', 'The same person is listed twice in one role')
        continue
      }
      seen.add(key)
      const user = users.get(w.userId) ?? (await this.get(scope, w.userId).catch(() => null))
      if (!user) {
        problems[`${field(i)}.userId`] = text(
          `用户 ${w.userId} 不存在或不在您的管辖范围内`,
          `user ${w.userId} does not exist or is outside your jurisdiction`,
        )
        continue
      }
      users.set(user.id, user)
      if (user.status !== 'active') {
        problems[`${field(i)}.userId`] = text(
          `${user.displayName} 的账号已停用`,
          `${user.displayName}'s account is disabled`,
        )
      } else if (
        w.role === 'dept_handler' &&
        !user.assignments.some((a) => a.role === 'dept_handler' && a.unitId !== null)
      ) {
        problems[`${field(i)}.role`] = text(
          `${user.displayName} 不是部门处置人员，不能担任部门联络员`,
          `${user.displayName} is no department handler and cannot be a department liaison`,
        )
      }
    }
    if (Object.keys(problems).length > 0) throw new ValidationError(problems)
    const current = await this.queries.assignmentsAt(area.code, roles)
    const holds = new Set(current.map((a) => `${a.userId}:${a.role}`))
    return {
      area,
      add: wanted.filter((w) => !holds.has(`${w.userId}:${w.role}`)).map((w) => ({ ...w })),
      remove: current.filter((a) => !seen.has(`${a.userId}:${a.role}`)),
      users,
    }
  }

  /** Carries out a plan in the caller's transaction; each assignment added or removed is audited. */
  async applyPostings(
    trx: Db,
    actor: Actor,
    plan: PostingPlan,
    now: Date,
  ): Promise<{ added: number; removed: number }> {
    let removed = 0
    for (const a of plan.remove) {
      if (!(await this.store.deleteAssignment(trx, a.userId, a.id))) continue
      removed++
      await recordAudit(
        trx,
        actor,
        {
          action: 'role.revoke',
          entityType: 'user',
          entityId: a.userId,
          areaPath: plan.area.path,
          details: { assignment: a.id, role: a.role, areaCode: plan.area.code },
        },
        now,
      )
    }
    let added = 0
    for (const a of plan.add) {
      const id = await this.store.insertAssignment(
        trx,
        {
          userId: a.userId,
          role: a.role,
          areaCode: plan.area.code,
          areaPath: plan.area.path,
          unitId: null,
          createdBy: actor.userId,
        },
        now,
      )
      if (id === 0) continue
      added++
      await recordAudit(
        trx,
        actor,
        {
          action: 'role.assign',
          entityType: 'user',
          entityId: a.userId,
          areaPath: plan.area.path,
          details: { assignment: id, role: a.role, areaCode: plan.area.code, unitId: null },
        },
        now,
      )
    }
    return { added, removed }
  }

  /**
   * Creates ready-to-use accounts with their postings in the caller's transaction, all sharing one
   * password hashed once, in multi-row INSERTs (the demo district's grid staff). Usernames already
   * taken are left alone. Returns the new accounts' ids by username.
   */
  async createInBulk(
    trx: Db,
    password: string,
    accounts: readonly BulkAccount[],
    now: Date,
  ): Promise<Map<string, number>> {
    if (accounts.length === 0) return new Map()
    const hash = await this.passwords.hash(password)
    const ids = await this.store.insertUsersBulk(trx, [...accounts], hash, now)
    await this.store.insertAssignmentsBulk(
      trx,
      accounts.flatMap((a) => {
        const userId = ids.get(a.username)
        return userId === undefined ? [] : a.postings.map((p) => ({ userId, ...p }))
      }),
      now,
    )
    return ids
  }

  async revoke(scope: Scope, actor: Actor, userId: number, assignmentId: number): Promise<TUser> {
    await this.get(scope, userId)
    const assignment = (await this.queries.assignmentsOf([userId])).find((a) => a.id === assignmentId)
    const path = assignment?.areaPath ?? assignment?.unitPath
    if (!assignment || !path || !pathInScope(path, scope))
      throw new NotFound(text('角色分配', 'Assignment'), String(assignmentId))
    const now = this.clock.now()
    await this.store.transaction(async (trx) => {
      await this.store.deleteAssignment(trx, userId, assignmentId)
      await recordAudit(
        trx,
        actor,
        {
          action: 'role.revoke',
          entityType: 'user',
          entityId: userId,
          areaPath: path,
          details: { assignment: assignmentId, role: assignment.role },
        },
        now,
      )
    })
    return this.get(scope, userId)
  }
}
