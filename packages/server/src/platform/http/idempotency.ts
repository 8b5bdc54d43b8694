import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Db } from '../db/database.ts'
import { IdempotencyConflict, text, ValidationError } from './errors.ts'

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { scope: string; key: string }
  }
}

export type IdempotencyOptions = {
  db: Db
  clock: Clock
  /** Whose keys these are. Keys of different callers never collide (identity supplies the caller). */
  scopeOf: (request: FastifyRequest) => string
  ttlHours?: number
  /** A pending key older than this is taken to belong to a request that died mid-way. */
  staleAfterMs?: number
  /** How long a duplicate waits for the first request with its key to finish before answering 409. */
  waitMs?: number
}

const header = 'idempotency-key'
/** Writes. A PATCH with a version would refuse its own replay as a conflict; with a key it is answered again. */
const keyedMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(request.method)
    .update('\0')
    .update(request.url)
    .update('\0')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex')
}

/**
 * `Idempotency-Key` on any write (POST, PUT, PATCH, DELETE): the first completed answer is stored and
 * replayed for the same key; the same key with another request is a 409.
 * Server errors (5xx) are not stored, so the client may retry them.
 */
async function idempotency(app: FastifyInstance, opts: IdempotencyOptions): Promise<void> {
  const ttlHours = opts.ttlHours ?? 24
  const staleAfterMs = opts.staleAfterMs ?? 60_000

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!keyedMethods.has(request.method)) return
    const raw = request.headers[header]
    if (raw === undefined) return
    const key = Array.isArray(raw) ? raw[0] : raw
    if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new ValidationError({
        'Idempotency-Key': text('须为 1–255 个可见 ASCII 字符', 'must be 1–255 visible ASCII characters'),
      })
    }
    const scope = opts.scopeOf(request)
    const hash = requestHash(request)
    const now = opts.clock.now()
    const expires = new Date(now.getTime() + ttlHours * 3600_000)
    const staleBefore = new Date(now.getTime() - staleAfterMs)

    // Claim the key: insert, or take over an expired or abandoned claim. Exactly one request wins.
    const claimed = await sql<{ key: string }>`
      INSERT INTO idempotency_keys (scope, key, request_hash, status, created_at, expires_at)
      VALUES (${scope}, ${key}, ${hash}, 'pending', ${now}, ${expires})
      ON CONFLICT (scope, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, status = 'pending', created_at = EXCLUDED.created_at,
            expires_at = EXCLUDED.expires_at, response_status = NULL, response_body = NULL, response_type = NULL
        WHERE idempotency_keys.expires_at < ${now}
           OR (idempotency_keys.status = 'pending' AND idempotency_keys.created_at < ${staleBefore})
      RETURNING key`.execute(opts.db)
    if (claimed.rows.length > 0) {
      request.idempotency = { scope, key }
      return
    }

    // A retry that overtakes the first attempt (a phone resending on a flaky link) waits for its answer.
    const read = () =>
      opts.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirst()
    let existing = await read()
    const waitUntil = Date.now() + (opts.waitMs ?? 10_000)
    while (existing?.status === 'pending' && existing.request_hash === hash && Date.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 25))
      existing = await read()
    }
    if (!existing) {
      // The first attempt failed with a server error and gave the key up: this one may try again.
      throw new IdempotencyConflict(
        text('相同请求刚刚失败，请重试', 'A request with this Idempotency-Key just failed; retry it'),
      )
    }
    if (existing.request_hash !== hash) {
      throw new IdempotencyConflict(
        text('该幂等键已用于另一个请求', 'This Idempotency-Key was already used for a different request'),
      )
    }
    if (existing.status !== 'done' || existing.response_status === null) {
      throw new IdempotencyConflict(
        text('相同请求正在处理中，请稍后重试', 'A request with this Idempotency-Key is still in progress'),
      )
    }
    reply.header('idempotent-replayed', 'true')
    if (existing.response_type) reply.header('content-type', existing.response_type)
    return reply.status(existing.response_status).send(existing.response_body ?? '')
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency
    if (!claim) return payload
    if (reply.statusCode >= 500) {
      await opts.db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', claim.scope)
        .where('key', '=', claim.key)
        .execute()
      return payload
    }
    const body =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : ''
    const type = reply.getHeader('content-type')
    await opts.db
      .updateTable('idempotency_keys')
      .set({
        status: 'done',
        response_status: reply.statusCode,
        response_body: body,
        response_type: typeof type === 'string' ? type : null,
      })
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .execute()
    return payload
  })
}

export const idempotencyPlugin = fp(idempotency, { name: 'onegrid-idempotency' })

/** Deletes expired keys; run periodically by the job runner. */
export async function purgeExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
