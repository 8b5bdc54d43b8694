import {
  type TUpstreamReceipt,
  upstreamStatusNames,
  type ZUpstreamUpdate,
} from '@onegrid/core/api/integrations'
import type { FastifyBaseLogger } from 'fastify'
import type { z } from 'zod'
import type { Actor } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { Conflict, NotFound, text, Unavailable } from '../../platform/http/errors.ts'
import type { RealtimeHub } from '../../platform/realtime/hub.ts'
import type { NonceStore } from '../../platform/webhooks/nonces.ts'
import { authenticateSigned, type SignedSource } from '../../platform/webhooks/signed-request.ts'
import type { UpstreamStore } from './upstream-store.ts'

type Update = z.output<typeof ZUpstreamUpdate>

export type UpstreamInboundConfig = {
  /** Where cases are pushed: without it the link is off, both ways (503). */
  url: string | undefined
  /** The secret the platform signs its updates with. */
  secret: string | undefined
}

const signedSource: SignedSource = {
  nonceSource: 'upstream',
  audit: { action: 'upstream.refused', entityType: 'upstream_update' },
  logMessage: 'superior platform update refused',
}
/** How the timeline names the platform (it is no account of OneGrid's). */
const platformName = '上级平台'

/**
 * The superior platform link's way in (贯通): the platform's word on a case
 * OneGrid pushed to it (received, accepted, instructed, handled, closed,
 * returned), signed like a 12345 order. It is recorded once per update id and
 * shown on the case's timeline for the command center; it does not move the
 * case (ADR 0019). The way up is `upstream-relay.ts`.
 */
export class UpstreamInbound {
  constructor(
    private readonly deps: {
      config: UpstreamInboundConfig
      db: Db
      store: UpstreamStore
      nonces: NonceStore
      hub: RealtimeHub
      clock: Clock
      log: FastifyBaseLogger
    },
  ) {}

  private secret(): string {
    const { url, secret } = this.deps.config
    if (!url || !secret)
      throw new Unavailable(text('上级平台对接未启用', 'The superior platform link is not configured'))
    return secret
  }

  /**
   * Refuses (401) a request whose signature, timestamp or nonce does not hold;
   * every refusal is logged and written to the audit log with its reason.
   */
  async authenticate(headers: Record<string, string | string[] | undefined>, raw: Buffer, actor: Actor) {
    const secret = this.secret()
    await authenticateSigned(
      this.deps,
      signedSource,
      { secret, headers, raw, now: this.deps.clock.now() },
      actor,
    )
  }

  /** An update in: recorded and on the timeline, or, for an update id seen before, nothing new. */
  async receive(update: Update): Promise<TUpstreamReceipt> {
    this.secret()
    const { store, hub, clock } = this.deps
    const found = await store.caseByCode(update.caseCode)
    if (!found) {
      const missing = new NotFound(text('案件', 'Case'), update.caseCode)
      missing.details = { field: 'caseCode' }
      throw missing
    }
    if (!found.linked) {
      const never = new Conflict(
        text('该案件未推送至上级平台', 'The case was never pushed to the superior platform'),
      )
      never.details = { field: 'caseCode' }
      throw never
    }
    const now = clock.now()
    const live = hub.prepare(
      'case.updated',
      {
        id: found.id,
        code: found.code,
        status: found.status,
        action: 'upstream_update',
        version: found.version,
      },
      { scope: found.areaPath },
    )
    const recorded = await store.record(
      {
        updateId: update.updateId,
        caseId: found.id,
        districtCode: found.districtCode,
        status: update.status,
        upstreamRef: update.upstreamRef ?? null,
        note: update.note || null,
        saidAt: new Date(update.at),
        receivedAt: now,
        actorName: platformName,
        data: {
          updateId: update.updateId,
          status: update.status,
          statusName: upstreamStatusNames[update.status].zh,
          upstreamRef: update.upstreamRef ?? null,
          at: update.at,
        },
      },
      live.notify,
    )
    return { updateId: update.updateId, caseCode: found.code, duplicate: !recorded }
  }
}
