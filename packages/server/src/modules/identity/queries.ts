import type { TAssignment, TAuditEntry } from '@onegrid/core/api/identity'
import type { Role } from '@onegrid/core/auth/roles'
import { type ExpressionBuilder, sql } from 'kysely'
import { isRootScope, type Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import type { Database } from '../../platform/db/schema.ts'
import { escapeLike } from '../../platform/db/sql-text.ts'

export type AssignmentRow = TAssignment & { userId: number; areaPath: string | null; unitPath: string | null }

/** A user is visible in a scope when one of their assignments lies inside it. */
function userVisibleIn(scope: Scope) {
  return (eb: ExpressionBuilder<Database, 'users'>) => {
    const assigned = eb.exists(
      eb
        .selectFrom('role_assignments as ra')
        .leftJoin('units as u', 'u.id', 'ra.unit_id')
        .select(sql`1`.as('one'))
        .whereRef('ra.user_id', '=', 'users.id')
        .where((w) => w.or([inAreaScope('ra.area_path', scope), inAreaScope('u.area_path', scope)])),
    )
    if (!isRootScope(scope)) return assigned
    // Accounts with no assignment yet belong to whoever administers the whole tree.
    return eb.or([
      assigned,
      eb.not(
        eb.exists(
          eb
            .selectFrom('role_assignments as r2')
            .select(sql`1`.as('one'))
            .whereRef('r2.user_id', '=', 'users.id'),
        ),
      ),
    ])
  }
}

/** Reads of accounts, assignments, sessions, keys, units and the audit log. */
/** What a role assignment grants, as read with a session. */
export type SessionGrant = { role: Role; areaPath: string | null; unitId: number | null }

export class IdentityQueries {
  constructor(private readonly db: Db) {}

  userByUsername(username: string) {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
  }

  userById(id: number) {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** Display names by id, for showing who did something (boundary history and the like). */
  async displayNames(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map()
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', [...new Set(ids)])
      .execute()
    return new Map(rows.map((r) => [r.id, r.display_name]))
  }

  /** Where units sit in the network: a department's or platform's area, for reading its geography. */
  async unitAreaPaths(unitIds: readonly number[]): Promise<string[]> {
    if (unitIds.length === 0) return []
    const rows = await this.db
      .selectFrom('units')
      .select(sql<string>`area_path::text`.as('path'))
      .where('id', 'in', [...unitIds])
      .execute()
    return rows.map((r) => r.path)
  }

  async userVisible(id: number, scope: Scope): Promise<boolean> {
    const row = await this.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', id)
      .where(userVisibleIn(scope))
      .executeTakeFirst()
    return row !== undefined
  }

  async assignmentsOf(userIds: number[]): Promise<AssignmentRow[]> {
    if (userIds.length === 0) return []
    return this.assignmentRows({ userIds })
  }

  /** Assignments held at exactly one area (e.g. the staff posted to a grid) in the given roles. */
  async assignmentsAt(areaCode: string, roles: readonly Role[]): Promise<AssignmentRow[]> {
    if (roles.length === 0) return []
    return this.assignmentRows({ areaCode, roles })
  }

  /**
   * Assignments and accounts as subqueries another module's read model may join, so that it can answer
   * in one statement (the staffing of 1,809 grids) without naming identity's tables itself.
   */
  readModelSources() {
    return {
      /** id, user_id, role, area_code, unit_id */
      assignments: this.db
        .selectFrom('role_assignments')
        .select(['id', 'user_id', 'role', 'area_code', 'unit_id']),
      /** id, username, display_name, status */
      accounts: this.db.selectFrom('users').select(['id', 'username', 'display_name', 'status']),
      /** id, name */
      units: this.db.selectFrom('units').select(['id', 'name']),
    }
  }

  private async assignmentRows(filter: {
    userIds?: number[]
    areaCode?: string
    roles?: readonly Role[]
  }): Promise<AssignmentRow[]> {
    const rows = await this.db
      .selectFrom('role_assignments as ra')
      .leftJoin('areas as a', 'a.code', 'ra.area_code')
      .leftJoin('units as u', 'u.id', 'ra.unit_id')
      .$if(filter.userIds !== undefined, (q) => q.where('ra.user_id', 'in', filter.userIds ?? []))
      .$if(filter.areaCode !== undefined, (q) => q.where('ra.area_code', '=', filter.areaCode ?? ''))
      .$if(filter.roles !== undefined, (q) => q.where('ra.role', 'in', filter.roles ?? []))
      .select([
        'ra.id',
        'ra.user_id',
        'ra.role',
        'ra.area_code',
        'a.name as area_name',
        sql<string | null>`ra.area_path::text`.as('area_path'),
        'ra.unit_id',
        'u.name as unit_name',
        sql<string | null>`u.area_path::text`.as('unit_path'),
      ])
      .orderBy('ra.id')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      role: r.role as Role,
      areaCode: r.area_code,
      areaName: r.area_name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      areaPath: r.area_path,
      unitPath: r.unit_path,
    }))
  }

  async listUsers(
    scope: Scope,
    filter: {
      q?: string | undefined
      role?: Role | undefined
      areaCode?: string | undefined
      limit: number
      offset: number
    },
  ) {
    let q = this.db.selectFrom('users').where(userVisibleIn(scope))
    if (filter.q) {
      const like = `%${escapeLike(filter.q)}%`
      q = q.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]))
    }
    if (filter.role || filter.areaCode) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('role_assignments as f')
            .select(sql`1`.as('one'))
            .whereRef('f.user_id', '=', 'users.id')
            .$if(filter.role !== undefined, (w) => w.where('f.role', '=', filter.role as string))
            .$if(filter.areaCode !== undefined, (w) =>
              w.where(sql<boolean>`f.area_path <@ (SELECT path FROM areas WHERE code = ${filter.areaCode})`),
            ),
        ),
      )
    }
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('username').limit(filter.limit).offset(filter.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(total.n) }
  }

  async recentPasswordHashes(userId: number, count: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('password_history')
      .select('password_hash')
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(count)
      .execute()
    return rows.map((r) => r.password_hash)
  }

  sessionByTokenHash(tokenHash: string) {
    return this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.id',
        's.user_id',
        's.last_seen_at',
        's.expires_at',
        's.revoked_at',
        's.remember_device',
        'u.username',
        'u.status',
        'u.must_change_password',
        // The roles and scopes come along, so signing a request in costs one round trip.
        sql<SessionGrant[]>`(SELECT coalesce(json_agg(json_build_object(
            'role', a.role, 'areaPath', a.area_path::text, 'unitId', a.unit_id)), '[]'::json)
          FROM role_assignments a WHERE a.user_id = s.user_id)`.as('grants'),
      ])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst()
  }

  sessionsOf(userId: number, activeAfter: Date, now: Date) {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', activeAfter)
      .orderBy('last_seen_at', 'desc')
      .execute()
  }

  apiKeyBySecretHash(secretHash: string) {
    return this.db
      .selectFrom('api_keys')
      .select([
        'id',
        'name',
        'scopes',
        sql<string>`area_path::text`.as('area_path'),
        'expires_at',
        'revoked_at',
      ])
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst()
  }

  apiKeys(scope: Scope, id?: number) {
    return this.db
      .selectFrom('api_keys')
      .select([
        'id',
        'name',
        'prefix',
        'scopes',
        'area_code',
        sql<string>`area_path::text`.as('area_path'),
        'created_at',
        'expires_at',
        'revoked_at',
      ])
      .where(inAreaScope('area_path', scope))
      .$if(id !== undefined, (q) => q.where('id', '=', id as number))
      .orderBy('id', 'desc')
      .execute()
  }

  units(scope: Scope) {
    return this.db
      .selectFrom('units')
      .select(['id', 'name', 'kind', 'area_code', 'body_code'])
      .where(inAreaScope('area_path', scope))
      .orderBy('area_path')
      .orderBy('id')
      .execute()
  }

  /** The unit that is `body` at exactly the area `areaCode` (e.g. the street's 综合执法平台). */
  async unitOfBody(body: string, areaCode: string): Promise<{ id: number; name: string } | undefined> {
    return this.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('body_code', '=', body)
      .where('area_code', '=', areaCode)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
  }

  async unitById(id: number) {
    return this.db
      .selectFrom('units')
      .select(['id', 'name', sql<string>`area_path::text`.as('area_path')])
      .where('id', '=', id)
      .executeTakeFirst()
  }

  /** Units by id: name, kind (department, platform, joint_team) and the area they serve. */
  async unitsByIds(
    ids: readonly number[],
  ): Promise<{ id: number; name: string; kind: string; areaPath: string }[]> {
    if (ids.length === 0) return []
    const rows = await this.db
      .selectFrom('units')
      .select(['id', 'name', 'kind', sql<string>`area_path::text`.as('area_path')])
      .where('id', 'in', [...new Set(ids)])
      .orderBy('id')
      .execute()
    return rows.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, areaPath: r.area_path }))
  }

  async audit(
    scope: Scope,
    filter: {
      action?: string | undefined
      actor?: string | undefined
      entityType?: string | undefined
      entityId?: string | undefined
      from?: string | undefined
      to?: string | undefined
      limit: number
      before?: number | undefined
    },
  ): Promise<TAuditEntry[]> {
    const root = isRootScope(scope)
    const rows = await this.db
      .selectFrom('audit_log')
      .select([
        'id',
        'at',
        'actor',
        'action',
        'entity_type',
        'entity_id',
        sql<string | null>`area_path::text`.as('area_path'),
        'ip',
        'user_agent',
        'request_id',
        'details',
      ])
      .where((eb) =>
        root
          ? eb.or([inAreaScope('area_path', scope), eb('area_path', 'is', null)])
          : inAreaScope('area_path', scope),
      )
      .$if(filter.action !== undefined, (q) => q.where('action', '=', filter.action as string))
      .$if(filter.actor !== undefined, (q) => q.where('actor', '=', filter.actor as string))
      .$if(filter.entityType !== undefined, (q) => q.where('entity_type', '=', filter.entityType as string))
      .$if(filter.entityId !== undefined, (q) => q.where('entity_id', '=', filter.entityId as string))
      .$if(filter.from !== undefined, (q) => q.where('at', '>=', new Date(filter.from as string)))
      .$if(filter.to !== undefined, (q) => q.where('at', '<', new Date(filter.to as string)))
      .$if(filter.before !== undefined, (q) => q.where('id', '<', filter.before as number))
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute()
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      areaPath: r.area_path,
      ip: r.ip,
      userAgent: r.user_agent,
      requestId: r.request_id,
      details: r.details,
    }))
  }
}
