import type { AuditAction, AuditEntityType } from '@onegrid/core/auth/audit-actions'
import type { FastifyBaseLogger } from 'fastify'
import { recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../auth/principal.ts'
import type { Db } from '../db/database.ts'
import { text, Unauthorized } from '../http/errors.ts'
import type { NonceStore } from './nonces.ts'
import { checkSignature } from './signature.ts'

/** Who a signed webhook is from, and how its refusals are named in the log and the audit log. */
export type SignedSource = {
  /** The nonce namespace (`12345`, `upstream`). */
  nonceSource: string
  audit: { action: AuditAction; entityType: AuditEntityType }
  logMessage: string
}

/**
 * Refuses (401, `details.reason`) a request whose signature, timestamp or
 * nonce does not hold; every refusal is logged and written to the audit log.
 * One check for every link that signs its requests the OneGrid way.
 */
export async function authenticateSigned(
  deps: { db: Db; nonces: NonceStore; log: FastifyBaseLogger },
  source: SignedSource,
  request: { secret: string; headers: Record<string, string | string[] | undefined>; raw: Buffer; now: Date },
  actor: Actor,
): Promise<void> {
  const { secret, headers, raw, now } = request
  const check = checkSignature(secret, headers, raw, now)
  let reason: string | null = check.ok ? null : check.reason
  if (check.ok && !(await deps.nonces.claim(source.nonceSource, check.nonce, now))) reason = 'replayed_nonce'
  if (!reason) return
  deps.log.warn({ reason, ip: actor.ip, requestId: actor.requestId }, source.logMessage)
  await recordAudit(deps.db, actor, { ...source.audit, details: { reason } }, now)
  const refusal = new Unauthorized(
    text('签名无效、已过期或重复使用', 'The signature is invalid, expired or replayed'),
  )
  refusal.details = { reason }
  throw refusal
}
