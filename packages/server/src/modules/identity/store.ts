import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

/** Rows per multi-row INSERT: well under the 65,535 bind parameters of one statement. */
const bulkChunk = 1000

/** Writes of accounts, assignments, sessions and API keys. */
export class IdentityStore {
  private readonly changeListeners: (() => void)[] = []

  constructor(readonly db: Db) {}

  /**
   * Called after each write that changes who a session signs in as (revocation, status,
   * must-change-password, roles): the session cache forgets at once, before the commit's NOTIFY
   * reaches it (see session-cache.ts).
   */
  onIdentityChange(listener: () => void): void {
    this.changeListeners.push(listener)
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener()
  }

  transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work)
  }

  async insertUser(
    trx: Db,
    user: {
      username: string
      displayName: string
      mobile: { cipher: string; index: string; masked: string } | null
      passwordHash: string
      mustChangePassword: boolean
    },
    now: Date,
  ): Promise<number> {
    const row = await trx
      .insertInto('users')
      .values({
        username: user.username,
        display_name: user.displayName,
        mobile_cipher: user.mobile?.cipher ?? null,
        mobile_index: user.mobile?.index ?? null,
        mobile_masked: user.mobile?.masked ?? null,
        password_hash: user.passwordHash,
        must_change_password: user.mustChangePassword,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst()
    return row?.id ?? 0
  }

  async updateUser(
    trx: Db,
    id: number,
    changes: {
      displayName?: string
      mobile?: { cipher: string; index: string; masked: string } | null
      status?: string
      passwordHash?: string
      mustChangePassword?: boolean
    },
    now: Date,
  ): Promise<void> {
    await trx
      .updateTable('users')
      .set({
        updated_at: now,
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.mobile !== undefined
          ? {
              mobile_cipher: changes.mobile?.cipher ?? null,
              mobile_index: changes.mobile?.index ?? null,
              mobile_masked: changes.mobile?.masked ?? null,
            }
          : {}),
        ...(changes.status !== undefined ? { status: changes.status } : {}),
        ...(changes.passwordHash !== undefined
          ? {
              password_hash: changes.passwordHash,
              password_changed_at: now,
              failed_logins: 0,
              locked_until: null,
            }
          : {}),
        ...(changes.mustChangePassword !== undefined
          ? { must_change_password: changes.mustChangePassword }
          : {}),
      })
      .where('id', '=', id)
      .execute()
    if (changes.status !== undefined || changes.mustChangePassword !== undefined) this.changed()
  }

  async rememberPassword(trx: Db, userId: number, passwordHash: string, now: Date): Promise<void> {
    await trx
      .insertInto('password_history')
      .values({ user_id: userId, password_hash: passwordHash, created_at: now })
      .execute()
  }

  /** Counts a failed login; the fifth in a row locks the account and starts counting again. */
  async recordFailedLogin(
    userId: number,
    now: Date,
    lockAfter: number,
    lockUntil: Date,
  ): Promise<{ failures: number; locked: boolean }> {
    const { rows } = await sql<{ failed_logins: number; locked: boolean }>`
      UPDATE users SET
        failed_logins = CASE WHEN failed_logins + 1 >= ${lockAfter} THEN 0 ELSE failed_logins + 1 END,
        locked_until = CASE WHEN failed_logins + 1 >= ${lockAfter} THEN ${lockUntil}::timestamptz ELSE locked_until END,
        updated_at = ${now}
      WHERE id = ${userId}
      RETURNING failed_logins, (locked_until > ${now}) AS locked`.execute(this.db)
    const row = rows[0]
    return { failures: row?.locked ? lockAfter : (row?.failed_logins ?? 0), locked: row?.locked ?? false }
  }

  async clearFailedLogins(userId: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute()
  }

  async insertAssignment(
    trx: Db,
    a: {
      userId: number
      role: string
      areaCode: string | null
      areaPath: string | null
      unitId: number | null
      createdBy: number | null
    },
    now: Date,
  ): Promise<number> {
    const row = await trx
      .insertInto('role_assignments')
      .values({
        user_id: a.userId,
        role: a.role,
        area_code: a.areaCode,
        area_path: a.areaPath,
        unit_id: a.unitId,
        created_by: a.createdBy,
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst()
    this.changed()
    return row?.id ?? 0
  }

  /**
   * Ready-to-use accounts in multi-row INSERTs (the demo district's thousands of grid staff), sharing one
   * password hash. Usernames already taken are skipped; returns the ids of the rows written.
   */
  async insertUsersBulk(
    trx: Db,
    users: { username: string; displayName: string }[],
    passwordHash: string,
    now: Date,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>()
    for (let i = 0; i < users.length; i += bulkChunk) {
      const rows = await trx
        .insertInto('users')
        .values(
          users.slice(i, i + bulkChunk).map((u) => ({
            username: u.username,
            display_name: u.displayName,
            password_hash: passwordHash,
            must_change_password: false,
            password_changed_at: now,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.column('username').doNothing())
        .returning(['id', 'username'])
        .execute()
      for (const r of rows) ids.set(r.username, r.id)
    }
    return ids
  }

  async insertAssignmentsBulk(
    trx: Db,
    assignments: { userId: number; role: string; areaCode: string; areaPath: string }[],
    now: Date,
  ): Promise<void> {
    for (let i = 0; i < assignments.length; i += bulkChunk) {
      await trx
        .insertInto('role_assignments')
        .values(
          assignments.slice(i, i + bulkChunk).map((a) => ({
            user_id: a.userId,
            role: a.role,
            area_code: a.areaCode,
            area_path: a.areaPath,
            unit_id: null,
            created_by: null,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    this.changed()
  }

  async deleteAssignment(trx: Db, userId: number, assignmentId: number): Promise<boolean> {
    const result = await trx
      .deleteFrom('role_assignments')
      .where('id', '=', assignmentId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    this.changed()
    return Number(result.numDeletedRows) > 0
  }

  async insertSession(
    s: {
      id: string
      tokenHash: string
      userId: number
      ip: string | null
      userAgent: string | null
      expiresAt: Date
      rememberDevice: boolean
    },
    now: Date,
  ): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        token_hash: s.tokenHash,
        user_id: s.userId,
        ip: s.ip,
        user_agent: s.userAgent,
        created_at: now,
        last_seen_at: now,
        expires_at: s.expiresAt,
        remember_device: s.rememberDevice,
      })
      .execute()
  }

  async touchSession(id: string, now: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute()
  }

  async revokeSessions(
    executor: Db,
    userId: number,
    now: Date,
    options: { only?: string; except?: string } = {},
  ): Promise<number> {
    let q = executor
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
    if (options.only) q = q.where('id', '=', options.only)
    if (options.except) q = q.where('id', '!=', options.except)
    const result = await q.executeTakeFirst()
    this.changed()
    return Number(result.numUpdatedRows)
  }

  async insertApiKey(
    trx: Db,
    k: {
      name: string
      prefix: string
      secretHash: string
      scopes: string[]
      areaCode: string
      areaPath: string
      createdBy: number | null
      expiresAt: Date | null
    },
    now: Date,
  ): Promise<number> {
    const row = await trx
      .insertInto('api_keys')
      .values({
        name: k.name,
        prefix: k.prefix,
        secret_hash: k.secretHash,
        scopes: k.scopes,
        area_code: k.areaCode,
        area_path: k.areaPath,
        created_by: k.createdBy,
        created_at: now,
        expires_at: k.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  async revokeApiKey(trx: Db, id: number, now: Date): Promise<void> {
    await trx
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute()
  }

  async touchApiKey(id: number, now: Date): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute()
  }

  async insertUnit(
    trx: Db,
    u: { name: string; kind: string; areaCode: string; areaPath: string; bodyCode?: string | null },
    now: Date,
  ): Promise<number> {
    const bodyCode = u.bodyCode ?? null
    const row = await trx
      .insertInto('units')
      .values({
        name: u.name,
        kind: u.kind,
        area_code: u.areaCode,
        area_path: u.areaPath,
        body_code: bodyCode,
        created_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['area_code', 'name']).doUpdateSet({ kind: u.kind, body_code: bodyCode }),
      )
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }
}
