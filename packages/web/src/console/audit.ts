import type { TAuditEntry } from '@onegrid/core/api/identity'
import type { AuditAction, AuditEntityType, LoginFailureReason } from '@onegrid/core/auth/audit-actions'
import { auditActions, auditEntityTypes, loginFailureReasons } from '@onegrid/core/auth/audit-actions'

export type { AuditAction, AuditEntityType, LoginFailureReason }
export { auditActions, auditEntityTypes, loginFailureReasons }

export const isAuditAction = (value: string): value is AuditAction =>
  (auditActions as readonly string[]).includes(value)

export const isAuditEntityType = (value: string): value is AuditEntityType =>
  (auditEntityTypes as readonly string[]).includes(value)

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
