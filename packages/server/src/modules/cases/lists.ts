import {
  type CaseQueue,
  caseQueues,
  type TCaseList,
  type TCaseMap,
  type TQueueCounts,
  type ZCaseQuery,
} from '@onegrid/core/api/cases'
import type { z } from 'zod'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { text, ValidationError } from '../../platform/http/errors.ts'
import type { CasePorts } from './ports.ts'
import { type CaseQueries, lightOf, presentSummary } from './queries.ts'

type ListQuery = z.output<typeof ZCaseQuery>

/** The start of a Shanghai calendar day. */
const dayStart = (iso: string) => new Date(`${iso}T00:00:00+08:00`)

/** listCases, getCaseQueues, getCaseMap: reads of many cases, always within the caller's jurisdiction. */
export class CaseLists {
  constructor(
    private readonly queries: CaseQueries,
    private readonly area: CasePorts['area'],
    private readonly clock: Clock,
  ) {}

  private async areaPath(code: string | undefined): Promise<string | undefined> {
    if (!code) return undefined
    const area = await this.area(code).catch(() => null)
    if (!area) throw new ValidationError({ areaCode: text('区域不存在', 'No such area') })
    // An area outside the caller's own filters to nothing: visibility is applied besides.
    return area.path
  }

  async list(p: UserPrincipal, q: ListQuery): Promise<TCaseList> {
    const now = this.clock.now()
    const to = q.to ? new Date(dayStart(q.to).getTime() + 86_400_000) : undefined
    const result = await this.queries.list(
      p,
      {
        queue: q.queue,
        mine: q.mine,
        reportedByMe: q.reportedByMe,
        status: q.status,
        areaPath: await this.areaPath(q.areaCode),
        itemCode: q.itemCode,
        channel: q.channel,
        urgency: q.urgency,
        overdue: q.overdue,
        supervised: q.supervised,
        from: q.from ? dayStart(q.from) : undefined,
        to,
        q: q.q,
        sort: q.sort,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      },
      now,
    )
    return {
      items: result.rows.map((r) => presentSummary(r, now)),
      total: result.total,
      totalCapped: result.capped,
      page: q.page,
      pageSize: q.pageSize,
    }
  }

  async queues(p: UserPrincipal): Promise<TQueueCounts> {
    const counts = await this.queries.queueCounts(p, this.clock.now())
    return {
      queues: caseQueues.map((queue: CaseQueue) => ({ queue, count: counts[queue], capped: false })),
    }
  }

  async map(p: UserPrincipal, areaCode: string | undefined): Promise<TCaseMap> {
    const now = this.clock.now()
    const rows = await this.queries.mapPoints(p, await this.areaPath(areaCode))
    return { points: rows.map((r) => [r.id, r.lng, r.lat, lightOf(r, now), r.status]) }
  }
}
