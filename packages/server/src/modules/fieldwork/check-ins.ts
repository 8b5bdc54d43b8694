import {
  checkInToleranceM,
  clockSkewMinutes,
  type TCheckInList,
  type TCheckInRecord,
  type ZCheckIn,
  type ZCheckInListQuery,
} from '@onegrid/core/api/patrols'
import { shanghaiDate, shanghaiTime } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { Forbidden, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import { CheckInQueries, type CheckInRow } from './check-in-queries.ts'
import type { PatrolPorts } from './patrol-ports.ts'
import { PatrolQueries } from './patrol-queries.ts'

type CheckInInput = z.output<typeof ZCheckIn>
type ListInput = z.output<typeof ZCheckInListQuery>

const checkInWord = text('签到', 'Check-in')
const round1 = (n: number) => Math.round(n * 10) / 10

export function presentCheckIn(r: CheckInRow): TCheckInRecord {
  return {
    id: r.id,
    user: { id: r.userId, name: r.userName },
    kind: r.kind,
    at: r.at.toISOString(),
    receivedAt: r.receivedAt.toISOString(),
    lng: r.lng,
    lat: r.lat,
    accuracy: r.accuracy,
    inside: r.inside,
    grid: r.gridCode ? { code: r.gridCode, name: r.gridName ?? r.gridCode } : null,
    distanceM: round1(r.distanceM),
  }
}

/**
 * Attendance check-ins (签到/签退): always recorded, flagged `inside` when the position lies in
 * one of the worker's grids or within its own accuracy of one, the accuracy counted up to
 * `checkInToleranceM` (50 m). An outside check-in is kept with its distance to the nearest
 * of the worker's grids, and the answer says so.
 */
export class CheckInService {
  readonly queries: CheckInQueries
  private readonly patrols: PatrolQueries

  constructor(private readonly ports: PatrolPorts) {
    this.queries = new CheckInQueries(ports.db, ports.staff)
    this.patrols = new PatrolQueries(ports.db, ports.staff)
  }

  async checkIn(p: UserPrincipal, actor: Actor, input: CheckInInput): Promise<TCheckInRecord> {
    const now = this.ports.clock.now()
    const at = new Date(input.at)
    if (at.getTime() > now.getTime() + clockSkewMinutes * 60_000)
      throw new ValidationError({
        at: text('签到时间晚于服务器时间，请校准手机时间', 'The time is ahead of the server’s clock'),
      })
    const postings = await this.patrols.postings(p.userId)
    const grid = await this.patrols.gridOfPostings(
      postings.map((x) => x.path),
      input.lng,
      input.lat,
    )
    const tolerance = Math.min(input.accuracy, checkInToleranceM)
    const inside = grid !== null && grid.distanceM <= tolerance
    const areaPath = grid?.path ?? postings[0]?.path ?? p.scope.areaPaths[0]
    if (!areaPath) throw new Forbidden(text('您没有所属网格，不能签到', 'You are posted to no grid'))
    const id = await this.ports.db.transaction().execute(async (trx) => {
      const id = await this.queries.insert(
        trx,
        {
          userId: p.userId,
          districtCode: areaPath.split('.')[0] ?? areaPath,
          areaPath,
          kind: input.kind,
          at: at > now ? now : at,
          day: shanghaiDate(at > now ? now : at),
          lng: input.lng,
          lat: input.lat,
          accuracy: input.accuracy,
          inside,
          gridCode: grid?.code ?? null,
          distanceM: inside ? 0 : (grid?.distanceM ?? 0),
        },
        now,
      )
      await auditInsert(
        trx,
        actor,
        {
          action: 'checkin.create',
          entityType: 'check_in',
          entityId: id,
          areaPath,
          details: { kind: input.kind, inside, grid: grid?.code ?? null },
        },
        now,
      ).execute()
      return id
    })
    const row = await this.queries.byId(id)
    if (!row) throw new NotFound(checkInWord, String(id))
    return presentCheckIn(row)
  }

  async list(p: UserPrincipal, q: ListInput): Promise<TCheckInList> {
    let areaPath: string | undefined
    if (q.areaCode !== undefined) {
      const area = await this.ports.area(q.areaCode).catch(() => null)
      if (!area || !pathInScope(area.path, p.scope))
        throw new ValidationError({
          areaCode: text('区域不存在或不在您的辖区内', 'No such area in your jurisdiction'),
        })
      areaPath = area.path
    }
    const from = q.day ?? q.from
    const to = q.day ?? q.to
    const { rows, total } = await this.queries.list(
      p.scope,
      p.userId,
      {
        userId: q.mine ? p.userId : q.userId,
        from: from ? shanghaiTime(from, '00:00') : undefined,
        to: to ? shanghaiTime(to, '24:00') : undefined,
        areaPath,
        inside: q.inside,
      },
      q.pageSize,
      (q.page - 1) * q.pageSize,
    )
    return { items: rows.map(presentCheckIn), total, page: q.page, pageSize: q.pageSize }
  }

  /** A worker's check-ins in [from, to), as far as the caller sees them, in time order. */
  async ofWorker(p: UserPrincipal, userId: number, from: Date, to: Date): Promise<TCheckInRecord[]> {
    const { rows } = await this.queries.list(p.scope, p.userId, { userId, from, to }, 200, 0)
    return rows.map(presentCheckIn).reverse()
  }
}
