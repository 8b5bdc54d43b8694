import type { ZReportCase } from '@onegrid/core/api/cases'
import type { THotlineReceipt, ZHotlineOrder } from '@onegrid/core/api/integrations'
import type { FastifyBaseLogger } from 'fastify'
import type { z } from 'zod'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { text, Unavailable, ValidationError } from '../../platform/http/errors.ts'
import type { NonceStore } from '../../platform/webhooks/nonces.ts'
import { authenticateSigned, type SignedSource } from '../../platform/webhooks/signed-request.ts'
import type { ReportCase } from '../cases/report-case.ts'
import { hotlineChannel } from './hotline-relay.ts'

type Order = z.output<typeof ZHotlineOrder>

export type HotlineConfig = {
  /** Shared secret of inbound orders; without it the link is off (503). */
  secret: string | undefined
  /** Where the case's progress is pushed; without it nothing is pushed. */
  callbackUrl: string | undefined
  /** The platform's secret for what OneGrid sends (defaults to the shared secret). */
  callbackSecret: string | undefined
  /** The account the orders are entered as: an operator whose jurisdiction the orders must lie in. */
  account: string
}

const signedSource: SignedSource = {
  nonceSource: '12345',
  audit: { action: 'hotline.refused', entityType: 'hotline_order' },
  logMessage: '12345 order refused',
}

/** Field names of a report as the order names them, so a refusal names the order's field. */
const orderFieldOf: Record<string, string> = {
  description: 'content',
  occurredAt: 'receivedAt',
  reporter: 'caller',
  'reporter.name': 'caller.name',
  'reporter.phone': 'caller.phone',
}

/**
 * The 12345 platform link's way in (C14): work orders arrive by a signed
 * webhook and become cases on the platform's channel, entered as the link's
 * operator account; the order number makes a redelivery return the case it
 * made. The way back is `hotline-relay.ts`.
 */
export class HotlineIntake {
  constructor(
    private readonly deps: {
      config: HotlineConfig
      db: Db
      nonces: NonceStore
      report: ReportCase
      /** The principal of an account by username, or null when it is missing or disabled. */
      principalOf: (username: string) => Promise<UserPrincipal | null>
      clock: Clock
      log: FastifyBaseLogger
    },
  ) {}

  private secret(): string {
    const { secret } = this.deps.config
    if (!secret)
      throw new Unavailable(text('12345 平台对接未启用', 'The 12345 platform link is not configured'))
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

  /** An order in: a new case, or the case an earlier delivery of the same number made. */
  async receive(order: Order, from: Actor): Promise<{ created: boolean; receipt: THotlineReceipt }> {
    this.secret()
    const account = await this.deps.principalOf(this.deps.config.account)
    if (!account?.roles.includes('operator')) {
      this.deps.log.error(
        { account: this.deps.config.account },
        '12345 link account missing or not an operator',
      )
      throw new Unavailable(
        text('12345 对接账号不存在或不是受理员', 'The 12345 link’s account is missing or not an operator'),
      )
    }
    const actor: Actor = { ...from, userId: account.userId, name: account.username }
    const report: z.output<typeof ZReportCase> = {
      itemCode: order.itemCode,
      channel: hotlineChannel,
      ...(order.title ? { title: order.title } : {}),
      description: order.content,
      ...(order.address ? { address: order.address } : {}),
      ...(order.location ? { location: order.location } : {}),
      ...(order.gridCode ? { gridCode: order.gridCode } : {}),
      urgency: order.urgency,
      ...(order.receivedAt ? { occurredAt: order.receivedAt } : {}),
      reporter: order.caller,
      fields: order.fields,
      attachmentIds: [],
      selfHandle: false,
      handlingFields: {},
      externalRef: order.orderNo,
    }
    try {
      const { created, case: made } = await this.deps.report.report(
        account,
        actor,
        report,
        `12345:${order.orderNo}`,
      )
      return {
        created,
        receipt: {
          orderNo: order.orderNo,
          caseId: made.id,
          caseCode: made.code,
          status: made.status,
          duplicate: !created,
        },
      }
    } catch (err) {
      if (err instanceof ValidationError && err.fields) {
        const fields = Object.fromEntries(
          Object.entries(err.fields).map(([k, v]) => [orderFieldOf[k] ?? k, v]),
        )
        throw new ValidationError(fields, err.text)
      }
      throw err
    }
  }
}
