import type { TCitizenReportSummary, TCitizenTrack, ZCitizenRate } from '@onegrid/core/api/citizen'
import {
  citizenStage,
  plainStepKind,
  stepsNamingUnit,
  stepsWithNote,
} from '@onegrid/core/citizen/plain-steps'
import type { FastifyBaseLogger } from 'fastify'
import type { z } from 'zod'
import type { Actor } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { AppError, Conflict, NotFound, text } from '../../platform/http/errors.ts'
import type { PerformCaseAction } from '../cases/perform-action.ts'
import type { CitizenQueries, StepRow, TrackedRow } from './citizen-queries.ts'
import type { CitizenReporting } from './citizen-report.ts'
import type { CitizenStore } from './citizen-store.ts'
import type { CitizenSession } from './phone-verification.ts'

type Satisfaction = z.output<typeof ZCitizenRate>['satisfaction']

const reportText = text('反映', 'Report')
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
const dataOf = (row: StepRow): Record<string, unknown> =>
  typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : (row.data ?? {})

/**
 * Following a report: the tracking page (anyone with the code: the steps in
 * plain words, no staff names, no contact), the resident's own list, and the
 * rating once it is closed. A rating of a case waiting for its follow-up call
 * is that follow-up (回访), entered as the page's account; either way the
 * resident's words stay with the report.
 */
export class CitizenTracking {
  constructor(
    private readonly deps: {
      queries: CitizenQueries
      store: CitizenStore
      reporting: CitizenReporting
      actions: PerformCaseAction
      clock: Clock
      log: FastifyBaseLogger
    },
  ) {}

  async track(code: string, session: CitizenSession | null): Promise<TCitizenTrack> {
    const row = await this.deps.queries.byTrackingCode(code)
    if (!row) throw new NotFound(reportText, code)
    const steps = await this.steps(row)
    const followed = row.merged_into ? await this.deps.queries.caseStatus(Number(row.merged_into)) : undefined
    const status = followed?.status ?? row.status
    const stage = citizenStage(status)
    return {
      trackingCode: row.tracking_code,
      caseCode: row.code,
      category: row.category,
      description: row.description,
      address: row.address,
      status,
      stage,
      reportedAt: new Date(row.reported_at).toISOString(),
      closedAt: iso(followed ? followed.closed_at : row.closed_at),
      steps,
      canRate: this.canRate(row, stage, session),
      rating:
        row.satisfaction && row.rated_at
          ? { satisfaction: row.satisfaction, comment: row.comment, at: new Date(row.rated_at).toISOString() }
          : null,
    }
  }

  private canRate(row: TrackedRow, stage: string, session: CitizenSession | null): boolean {
    return stage === 'done' && row.rated_at === null && session?.phoneIndex === row.phone_index
  }

  /** The case's steps a resident hears of; a merged report goes on with its master's. */
  private async steps(row: TrackedRow): Promise<TCitizenTrack['steps']> {
    const own = await this.deps.queries.steps(Number(row.case_id))
    const master = row.merged_into ? await this.deps.queries.steps(Number(row.merged_into)) : []
    const mergedAt = own.find((s) => s.action === 'merge')?.at
    const after = mergedAt ? master.filter((s) => new Date(s.at) > new Date(mergedAt)) : []
    return [...own, ...after].flatMap((s) => {
      const kind = plainStepKind({
        action: s.action,
        fromStatus: s.from_status,
        toStatus: s.to_status,
        data: dataOf(s),
      })
      if (!kind) return []
      return [
        {
          at: new Date(s.at).toISOString(),
          kind,
          unit: stepsNamingUnit.includes(kind) ? s.to_unit : null,
          note: stepsWithNote.includes(kind) ? s.note : null,
        },
      ]
    })
  }

  async mine(session: CitizenSession): Promise<TCitizenReportSummary[]> {
    const rows = await this.deps.queries.byPhone(session.phoneIndex, 50)
    return rows.map((r) => {
      const stage = citizenStage(r.status)
      return {
        trackingCode: r.tracking_code,
        caseCode: r.code,
        category: r.category,
        description: r.description,
        stage,
        reportedAt: new Date(r.reported_at).toISOString(),
        canRate: this.canRate(r, stage, session),
      }
    })
  }

  async rate(
    code: string,
    session: CitizenSession,
    input: z.output<typeof ZCitizenRate>,
    from: Actor,
  ): Promise<TCitizenTrack> {
    const { deps } = this
    const row = await deps.queries.byTrackingCode(code)
    // Only the phone that reported it rates it; others learn nothing of it.
    if (!row || row.phone_index !== session.phoneIndex) throw new NotFound(reportText, code)
    if (citizenStage(row.status) !== 'done')
      throw new Conflict(text('办结后才能评价', 'You can rate it once it is closed'))
    const comment = input.comment && input.comment.length > 0 ? input.comment : null
    if (!(await deps.store.rate(Number(row.case_id), input.satisfaction, comment, deps.clock.now())))
      throw new Conflict(text('您已评价过', 'You have rated it already'))
    if (row.status === 'closed') await this.followUp(row, input.satisfaction, comment, from)
    return this.track(code, session)
  }

  /** The rating as the case's follow-up: the resident reached, their satisfaction, their words. */
  private async followUp(row: TrackedRow, satisfaction: Satisfaction, comment: string | null, from: Actor) {
    const account = await this.deps.reporting.account()
    try {
      await this.deps.actions.perform(
        account,
        { ...from, userId: account.userId, name: 'citizen' },
        Number(row.case_id),
        {
          action: 'follow_up',
          expectedVersion: row.version,
          note: `群众自评${comment ? `：${comment}` : ''}`,
          followUp: { reached: true, satisfaction, forCause: false },
          attachmentIds: [],
        },
      )
    } catch (err) {
      // An operator's call got there first: the rating stays with the report all the same.
      if (!(err instanceof AppError && err.status === 409)) throw err
      this.deps.log.info({ caseId: row.case_id }, 'citizen rating after the follow-up')
    }
  }
}
