import type { AuditAction, AuditEntityType } from '@onegrid/core/auth/audit-actions'
import type { Actor } from '../auth/principal.ts'
import type { Db } from '../db/database.ts'

export type AuditEntry = {
  action: AuditAction
  entityType: AuditEntityType
  entityId?: string | number | null
  /** The area the entity belongs to; the audit log is scoped by it like everything else. */
  areaPath?: string | null
  details?: Record<string, unknown>
}

/** The INSERT of an audit entry, to run alone or as part of one statement of writes. */
export function auditInsert(executor: Db, actor: Actor, entry: AuditEntry, at: Date) {
  return executor.insertInto('audit_log').values({
    at,
    actor: actor.name,
    actor_id: actor.userId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    area_path: entry.areaPath ?? null,
    ip: actor.ip,
    user_agent: actor.userAgent,
    request_id: actor.requestId,
    details: JSON.stringify(entry.details ?? {}),
  })
}

/**
 * Appends to the audit log, in the caller's transaction so the record exists
 * exactly when the change does. The table refuses updates (a trigger).
 */
export async function recordAudit(executor: Db, actor: Actor, entry: AuditEntry, at: Date): Promise<void> {
  await auditInsert(executor, actor, entry, at).execute()
}

/** Deletes entries older than the retention period (等保 minimum 180 days). */
export async function purgeAuditLog(db: Db, olderThan: Date): Promise<number> {
  const result = await db.deleteFrom('audit_log').where('at', '<', olderThan).executeTakeFirst()
  return Number(result.numDeletedRows)
}
