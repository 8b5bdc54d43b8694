import type { TAuditEntry } from '@onegrid/core/api/identity'

/** The actions the identity module records, in the order the filter lists them. */
export const auditActions = [
  'login.success',
  'login.failure',
  'account.locked',
  'logout',
  'password.change',
  'user.create',
  'user.update',
  'role.assign',
  'role.revoke',
  'apikey.create',
  'apikey.revoke',
  'session.revoke',
  'pii.reveal',
] as const
export type AuditAction = (typeof auditActions)[number]

export const isAuditAction = (value: string): value is AuditAction =>
  (auditActions as readonly string[]).includes(value)

export const auditEntityTypes = ['user', 'session', 'api_key'] as const
export type AuditEntityType = (typeof auditEntityTypes)[number]
export const isAuditEntityType = (value: string): value is AuditEntityType =>
  (auditEntityTypes as readonly string[]).includes(value)

export const loginFailureReasons = ['wrong_password', 'unknown_user', 'locked', 'disabled'] as const
export type LoginFailureReason = (typeof loginFailureReasons)[number]
export const isLoginFailureReason = (value: unknown): value is LoginFailureReason =>
  typeof value === 'string' && (loginFailureReasons as readonly string[]).includes(value)

/** A detail value as one short line. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** The details of an entry as `key: value` pairs; `reason` is returned apart so it can be translated. */
export function auditDetails(entry: Pick<TAuditEntry, 'details'>): {
  reason: string | null
  pairs: { key: string; value: string }[]
} {
  const { reason, ...rest } = entry.details
  return {
    reason: typeof reason === 'string' ? reason : null,
    pairs: Object.entries(rest).map(([key, value]) => ({ key, value: show(value) })),
  }
}
