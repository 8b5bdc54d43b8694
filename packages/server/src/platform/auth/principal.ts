import type { ApiKeyScope, Permission, Role } from '@onegrid/core/auth/roles'

/**
 * Where a caller may read and write: ltree paths of areas (a path covers its
 * subtree) and units (departments, platforms, joint teams). Every store and
 * query that returns or changes scoped rows takes one.
 */
export type Scope = {
  areaPaths: readonly string[]
  unitIds: readonly number[]
}

export type UserPrincipal = {
  kind: 'user'
  userId: number
  username: string
  sessionId: string
  roles: readonly Role[]
  permissions: ReadonlySet<Permission>
  scope: Scope
  mustChangePassword: boolean
}

export type ApiKeyPrincipal = {
  kind: 'api_key'
  keyId: number
  name: string
  scopes: readonly ApiKeyScope[]
  scope: Scope
}

export type Principal = UserPrincipal | ApiKeyPrincipal

/** Who did it, from where: carried into every audited write. */
export type Actor = {
  userId: number | null
  name: string
  ip: string | null
  userAgent: string | null
  requestId: string | null
}

/** True when `path` lies inside one of the scope's areas (the path itself or below it). */
export function pathInScope(path: string, scope: Scope): boolean {
  return scope.areaPaths.some((p) => path === p || path.startsWith(`${p}.`))
}

/** True when the scope reaches the top of its tree: such callers also see rows tied to no area. */
export function isRootScope(scope: Scope): boolean {
  return scope.areaPaths.some((p) => !p.includes('.'))
}
