import type { ZReportCase } from '@onegrid/core/api/cases'
import type { TMachineReceipt, ZMachineReport } from '@onegrid/core/api/integrations'
import type { FastifyBaseLogger } from 'fastify'
import type { z } from 'zod'
import type { Actor, ApiKeyPrincipal, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { text, Unavailable } from '../../platform/http/errors.ts'
import type { ReportCase } from '../cases/report-case.ts'
import type { MachineQueries } from './machine-queries.ts'

type Alert = z.output<typeof ZMachineReport>

export type MachineConfig = {
  /** The operator account alerts are entered as. */
  account: string
  /** What counts as the same matter raised again: the cases' duplicate radius and window. */
  radiusMeters: number
  windowDays: number
}

/**
 * Machine intake (C14): video analytics, IoT sensors and departments' systems
 * report through an API key (scope `machine`). An alert becomes a case on its
 * own channel (`iot`, or `department` for referrals) in the operator's queue,
 * through the one `reportCase` path; the same alert id returns the same case,
 * and a source raising the same item again near an open case of its own adds
 * the alert to that case instead of opening another (a camera that sees the
 * dumped waste every minute makes one case, with its count of alerts).
 */
export class MachineIntake {
  constructor(
    private readonly deps: {
      config: MachineConfig
      queries: MachineQueries
      report: ReportCase
      principalOf: (username: string) => Promise<UserPrincipal | null>
      clock: Clock
      log: FastifyBaseLogger
    },
  ) {}

  private async receipt(caseId: number, outcome: TMachineReceipt['outcome']): Promise<TMachineReceipt> {
    const head = await this.deps.queries.caseHead(caseId)
    if (!head) throw new Error(`case ${caseId} of a machine alert vanished`)
    return {
      caseId,
      caseCode: head.code,
      status: head.status as TMachineReceipt['status'],
      outcome,
      alerts: await this.deps.queries.alertCount(caseId),
    }
  }

  async receive(key: ApiKeyPrincipal, alert: Alert, from: Actor): Promise<TMachineReceipt> {
    const { queries, clock, config } = this.deps
    const known = await queries.caseOfAlert(key.keyId, alert.alertId)
    if (known) return this.receipt(known, 'same_alert')
    const now = clock.now()
    const record = (caseId: number) =>
      queries.record({
        apiKeyId: key.keyId,
        alertId: alert.alertId,
        caseId,
        source: alert.source,
        sourceId: alert.sourceId,
        confidence: alert.confidence ?? null,
        evidenceUrl: alert.evidenceUrl ?? null,
        at: now,
      })

    const repeat = await queries.openRepeat({
      apiKeyId: key.keyId,
      sourceId: alert.sourceId,
      itemCode: alert.itemCode,
      lng: alert.location.lng,
      lat: alert.location.lat,
      radiusMeters: config.radiusMeters,
      since: new Date(now.getTime() - config.windowDays * 86_400_000),
    })
    if (repeat) {
      const recorded = await record(repeat)
      return this.receipt(
        recorded ? repeat : ((await queries.caseOfAlert(key.keyId, alert.alertId)) ?? repeat),
        recorded ? 'repeat' : 'same_alert',
      )
    }

    const account = await this.deps.principalOf(config.account)
    if (!account?.roles.includes('operator')) {
      this.deps.log.error({ account: config.account }, 'machine intake account missing or not an operator')
      throw new Unavailable(
        text('设备接入账号不存在或不是受理员', 'The machine intake account is missing or not an operator'),
      )
    }
    // The account enters it, within the key's area only.
    const p: UserPrincipal = { ...account, scope: key.scope }
    const actor: Actor = { ...from, userId: account.userId, name: `machine:${key.name}` }
    const facts = [
      `来源：${alert.source === 'video' ? '视频分析' : alert.source === 'iot' ? '物联感知' : '部门推送'} ${alert.sourceId}`,
      ...(alert.confidence !== undefined ? [`置信度：${Math.round(alert.confidence * 100)}%`] : []),
      ...(alert.evidenceUrl ? [`证据：${alert.evidenceUrl}`] : []),
    ]
    const report: z.output<typeof ZReportCase> = {
      itemCode: alert.itemCode,
      channel: alert.source === 'department' ? 'department' : 'iot',
      description: `${alert.description}\n${facts.join('\n')}`.slice(0, 4000),
      location: alert.location,
      urgency: alert.urgency,
      ...(alert.occurredAt ? { occurredAt: alert.occurredAt } : {}),
      fields: alert.fields,
      attachmentIds: [],
      selfHandle: false,
      handlingFields: {},
      externalRef: alert.alertId.slice(0, 64),
    }
    const made = await this.deps.report.report(p, actor, report, `machine:${key.keyId}:${alert.alertId}`)
    await record(made.case.id)
    return this.receipt(made.case.id, made.created ? 'new' : 'same_alert')
  }
}
