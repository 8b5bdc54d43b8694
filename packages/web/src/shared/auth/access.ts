import type { TMe } from '@onegrid/core/api/identity'
import type { Permission, Role } from '@onegrid/core/auth/roles'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in (the sign-in page; public pages of other entries). */
    public?: boolean
    /** Only for people not signed in: the sign-in page sends a signed-in user on. */
    guestOnly?: boolean
    /** What the signed-in user must be allowed to do to open the page. */
    permission?: Permission
    /** Only for users holding one of these roles (the server scopes what they see in it). */
    roles?: readonly Role[]
    /** Reachable while an initial password still has to be replaced. */
    passwordChange?: boolean
  }
}

export interface AccessMeta {
  public?: boolean | undefined
  guestOnly?: boolean | undefined
  permission?: Permission | undefined
  roles?: readonly Role[] | undefined
  passwordChange?: boolean | undefined
}

export interface AccessTarget {
  fullPath: string
  meta: AccessMeta
  /** The `redirect` query of the target, for the sign-in page. */
  redirect?: unknown
}

export type AccessDecision =
  | { kind: 'allow' }
  /** Not signed in: to the sign-in page, coming back here afterwards. */
  | { kind: 'login'; redirect: string }
  /** The initial password must be replaced before anything else. */
  | { kind: 'changePassword'; redirect: string }
  /** Signed in but not allowed: the page says so. */
  | { kind: 'forbidden' }
  /** A signed-in user on the sign-in page goes where they were heading. */
  | { kind: 'leave'; to: string }

/**
 * Where a `redirect` query may send the browser after signing in: a path of this site only (no
 * `//host` or `/\host`, which browsers treat as another origin), never the sign-in page itself.
 */
export function safeRedirect(value: unknown, fallback = '/'): string {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== 'string' || !raw.startsWith('/')) return fallback
  if (raw.startsWith('//') || raw.startsWith('/\\')) return fallback
  if (/^\/login(?:[/?#]|$)/.test(raw)) return fallback
  return raw
}

export function hasPermission(me: TMe | null, permission: Permission): boolean {
  return me?.permissions.includes(permission) ?? false
}

/** The one rule every console navigation goes through. */
export function decideAccess(target: AccessTarget, me: TMe | null): AccessDecision {
  const { meta } = target
  if (meta.guestOnly) {
    if (!me) return { kind: 'allow' }
    const to = safeRedirect(target.redirect)
    if (me.user.mustChangePassword) return { kind: 'changePassword', redirect: to }
    return { kind: 'leave', to }
  }
  if (meta.public) return { kind: 'allow' }
  if (!me) return { kind: 'login', redirect: target.fullPath }
  if (me.user.mustChangePassword && !meta.passwordChange) {
    return { kind: 'changePassword', redirect: target.fullPath }
  }
  if (meta.permission && !hasPermission(me, meta.permission)) return { kind: 'forbidden' }
  if (meta.roles && !me.user.assignments.some((a) => meta.roles?.includes(a.role)))
    return { kind: 'forbidden' }
  return { kind: 'allow' }
}
