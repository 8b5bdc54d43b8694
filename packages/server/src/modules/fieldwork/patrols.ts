import {
  clockSkewMinutes,
  onDutyWindowMinutes,
  type TAppendPatrolPointsResult,
  type TFieldWorkerList,
  type TOnDutyPositions,
  type TPatrol,
  type TPatrolList,
  type TPatrolSummary,
  type TTrackPoint,
  type TWorkerDay,
  type ZAppendPatrolPoints,
  type ZEndPatrol,
  type ZFieldWorkerQuery,
  type ZOnDutyQuery,
  type ZPatrolListQuery,
  type ZStartPatrol,
  type ZWorkerDayQuery,
} from '@onegrid/core/api/patrols'
import { walkTrack } from '@onegrid/core/fieldwork/patrol-track'
import { shanghaiTime } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import { Conflict, Forbidden, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { CheckInService } from './check-ins.ts'
import type { CoverageService } from './coverage.ts'
import type { PatrolPorts } from './patrol-ports.ts'
import { PatrolQueries, type PatrolRow, type PatrolWithTrack, type PointRow } from './patrol-queries.ts'
import { PatrolStore, type PointFlags } from './patrol-store.ts'

type StartInput = z.output<typeof ZStartPatrol>
type AppendInput = z.output<typeof ZAppendPatrolPoints>
type EndInput = z.output<typeof ZEndPatrol>
type ListInput = z.output<typeof ZPatrolListQuery>
type WorkerDayInput = z.output<typeof ZWorkerDayQuery>
type OnDutyInput = z.output<typeof ZOnDutyQuery>
type WorkersInput = z.output<typeof ZFieldWorkerQuery>

export const patrolWord = text('巡查', 'Patrol')
const workerWord = text('网格员', 'Grid worker')
const skewMs = clockSkewMinutes * 60_000
const round1 = (n: number) => Math.round(n * 10) / 10

const dayStart = (day: string) => shanghaiTime(day, '00:00')
const dayEnd = (day: string) => shanghaiTime(day, '24:00')

export function presentSummary(r: PatrolRow): TPatrolSummary {
  const until = r.endedAt ?? r.lastPointAt ?? r.startedAt
  return {
    id: r.id,
    user: { id: r.userId, name: r.userName },
    areaCode: r.areaCode,
    areaName: r.areaName,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    status: r.endedAt ? 'ended' : 'open',
    distanceM: round1(r.distanceM),
    durationS: Math.max(0, Math.round((until.getTime() - r.startedAt.getTime()) / 1000)),
    pointCount: r.pointCount,
    lastPoint:
      r.lastAt && r.lastLng !== null && r.lastLat !== null
        ? { at: r.lastAt.toISOString(), lng: r.lastLng, lat: r.lastLat, accuracy: r.lastAccuracy ?? 0 }
        : null,
  }
}

export function presentPatrol(r: PatrolWithTrack): TPatrol {
  return { ...presentSummary(r), track: r.track, usablePointCount: r.usablePointCount }
}

/**
 * Patrols (巡查): started, fed and ended by the field app under ids it chose, read by
 * whoever holds the area (fieldwork.read) and always by their owner. Points are stored
 * once per (patrol, at); the distance rule (core/fieldwork/patrol-track.ts) runs over all
 * of a patrol's points at every batch, so points arriving out of order land in place.
 */
export class PatrolService {
  readonly queries: PatrolQueries
  private readonly store = new PatrolStore()

  constructor(
    private readonly ports: PatrolPorts,
    private readonly coverage: CoverageService,
    private readonly checkIns: CheckInService,
  ) {
    this.queries = new PatrolQueries(ports.db, ports.staff)
  }

  /** Where a patrol belongs: the worker's grid at its first point, else their (most specific) posting. */
  private async placeOf(
    p: UserPrincipal,
    point: { lng: number; lat: number } | undefined,
  ): Promise<{ code: string; path: string }> {
    const postings = await this.queries.postings(p.userId)
    if (point) {
      const grid = await this.queries.gridOfPostings(
        postings.map((x) => x.path),
        point.lng,
        point.lat,
      )
      if (grid && grid.distanceM === 0) return { code: grid.code, path: grid.path }
    }
    const posting = postings[0]
    if (posting) return { code: posting.code, path: posting.path }
    const path = p.scope.areaPaths[0]
    if (!path) throw new Forbidden(text('您没有所属网格，不能巡查', 'You are posted to no grid'))
    return { code: path.split('.').pop() ?? path, path }
  }

  /** The points of a batch the server takes: none ahead of its clock by more than the allowed skew. */
  private acceptable(points: readonly TTrackPoint[], now: Date): TTrackPoint[] {
    return points.filter((x) => Date.parse(x.at) <= now.getTime() + skewMs)
  }

  /**
   * Adds points and brings the patrol's flags, figures and track up to date; when it has
   * ended, its grid days too (late points). Inside the caller's transaction, the row locked.
   */
  private async absorb(
    trx: Db,
    id: string,
    districtCode: string,
    points: readonly TTrackPoint[],
    ended: boolean,
    now: Date,
  ): Promise<number> {
    const accepted = await this.store.insertPoints(trx, id, districtCode, points, now)
    const all = await this.queries.points(trx, id)
    const { flags, distanceM } = walkTrack(
      all.map((x) => ({ at: x.at.getTime(), lng: x.lng, lat: x.lat, accuracy: x.accuracy })),
    )
    const changes: PointFlags[] = []
    all.forEach((x: PointRow, i) => {
      const f = flags[i]
      if (!f) return
      const from = f.joined && f.from !== null ? all[f.from] : undefined
      if (f.kept === x.kept && (from?.at.getTime() ?? null) === (x.fromAt?.getTime() ?? null)) return
      changes.push({
        at: x.at.toISOString(),
        kept: f.kept,
        from: from ? { at: from.at.toISOString(), lng: from.lng, lat: from.lat } : null,
        seconds: from ? (x.at.getTime() - from.at.getTime()) / 1000 : null,
      })
    })
    await this.store.setFlags(trx, id, changes)
    await this.store.summarize(
      trx,
      id,
      { distanceM, usable: flags.filter((f) => f.kept).length, stale: !ended && accepted > 0 },
      now,
    )
    if (ended && accepted > 0) await this.coverage.recomputeFor(trx, [id], now)
    return accepted
  }

  /** Ends the caller's other open patrols at their last point (a phone that lost its state started anew). */
  private async closeOthers(trx: Db, userId: number, id: string, now: Date): Promise<void> {
    const others = await this.store.otherOpen(trx, userId, id)
    for (const o of others)
      await this.store.end(
        trx,
        o.id,
        o.lastPointAt && o.lastPointAt > o.startedAt ? o.lastPointAt : o.startedAt,
        'auto',
        now,
      )
    if (others.length > 0)
      await this.coverage.recomputeFor(
        trx,
        others.map((o) => o.id),
        now,
      )
  }

  async start(
    p: UserPrincipal,
    actor: Actor,
    input: StartInput,
  ): Promise<{ patrol: TPatrol; created: boolean }> {
    const now = this.ports.clock.now()
    const given = new Date(input.startedAt)
    if (given.getTime() > now.getTime() + skewMs)
      throw new ValidationError({
        startedAt: text('开始时间晚于服务器时间，请校准手机时间', 'The start is ahead of the server’s clock'),
      })
    const startedAt = given > now ? now : given
    const existing = await this.queries.byId(input.id)
    if (existing && existing.userId !== p.userId)
      throw new Conflict(text('该巡查编号已被他人使用', 'This patrol id belongs to someone else'))
    const place = existing ? null : await this.placeOf(p, input.point)
    const created = await this.ports.db.transaction().execute(async (trx) => {
      let row = await this.store.lock(trx, input.id)
      let made = false
      if (!row && place) {
        made = await this.store.insert(
          trx,
          {
            id: input.id,
            userId: p.userId,
            districtCode: place.path.split('.')[0] ?? place.code,
            areaCode: place.code,
            areaPath: place.path,
            startedAt,
          },
          now,
        )
        row = await this.store.lock(trx, input.id)
      }
      if (!row || row.userId !== p.userId)
        throw new Conflict(text('该巡查编号已被他人使用', 'This patrol id belongs to someone else'))
      if (!made) await this.store.moveStart(trx, input.id, startedAt, now)
      if (made) {
        await this.closeOthers(trx, p.userId, input.id, now)
        await auditInsert(
          trx,
          actor,
          { action: 'patrol.start', entityType: 'patrol', entityId: input.id, areaPath: place?.path ?? null },
          now,
        ).execute()
      }
      if (input.point)
        await this.absorb(
          trx,
          input.id,
          row.districtCode,
          this.acceptable([input.point], now),
          row.endedAt !== null,
          now,
        )
      return made
    })
    return { patrol: await this.mustGet(input.id), created }
  }

  async append(
    p: UserPrincipal,
    actor: Actor,
    id: string,
    input: AppendInput,
  ): Promise<TAppendPatrolPointsResult> {
    const now = this.ports.clock.now()
    const points = this.acceptable(input.points, now)
    const existing = await this.queries.byId(id)
    if (existing && existing.userId !== p.userId) throw new NotFound(patrolWord, id)
    // Points of a patrol this server has not seen start: it starts at the first of them.
    const first = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0]
    const place = existing ? null : await this.placeOf(p, first)
    const accepted = await this.ports.db.transaction().execute(async (trx) => {
      let row = await this.store.lock(trx, id)
      if (!row && place) {
        const startedAt = first ? new Date(first.at) : now
        await this.store.insert(
          trx,
          {
            id,
            userId: p.userId,
            districtCode: place.path.split('.')[0] ?? place.code,
            areaCode: place.code,
            areaPath: place.path,
            startedAt,
          },
          now,
        )
        await auditInsert(
          trx,
          actor,
          {
            action: 'patrol.start',
            entityType: 'patrol',
            entityId: id,
            areaPath: place.path,
            details: { from: 'points' },
          },
          now,
        ).execute()
        row = await this.store.lock(trx, id)
      }
      if (!row || row.userId !== p.userId) throw new NotFound(patrolWord, id)
      return this.absorb(trx, id, row.districtCode, points, row.endedAt !== null, now)
    })
    return {
      accepted,
      ignored: input.points.length - accepted,
      patrol: presentSummary((await this.queries.byId(id)) as PatrolRow),
    }
  }

  async end(p: UserPrincipal, actor: Actor, id: string, input: EndInput): Promise<TPatrol> {
    const now = this.ports.clock.now()
    const given = new Date(input.endedAt)
    if (given.getTime() > now.getTime() + skewMs)
      throw new ValidationError({
        endedAt: text('结束时间晚于服务器时间，请校准手机时间', 'The end is ahead of the server’s clock'),
      })
    await this.ports.db.transaction().execute(async (trx) => {
      const row = await this.store.lock(trx, id)
      if (!row || row.userId !== p.userId) throw new NotFound(patrolWord, id)
      // Ended by the app already: answered as it is. Closed for it by a newer start: the real end wins.
      if (row.endedAt && row.endReason === 'app') return
      const endedAt = new Date(Math.max(row.startedAt.getTime(), Math.min(given.getTime(), now.getTime())))
      await this.store.end(trx, id, endedAt, 'app', now)
      await this.coverage.recomputeFor(trx, [id], now)
      const area = await trx
        .selectFrom('patrols')
        .select('area_path as path')
        .where('id', '=', id)
        .executeTakeFirst()
      await auditInsert(
        trx,
        actor,
        { action: 'patrol.end', entityType: 'patrol', entityId: id, areaPath: area?.path ?? null },
        now,
      ).execute()
    })
    return this.mustGet(id)
  }

  private async mustGet(id: string): Promise<TPatrol> {
    const row = await this.queries.oneWithTrack(id)
    if (!row) throw new NotFound(patrolWord, id)
    return presentPatrol(row)
  }

  private visible(p: UserPrincipal, r: Pick<PatrolRow, 'userId' | 'areaPath'>): boolean {
    return r.userId === p.userId || pathInScope(r.areaPath, p.scope)
  }

  async get(p: UserPrincipal, id: string): Promise<TPatrol> {
    const row = await this.queries.oneWithTrack(id)
    if (!row || !this.visible(p, row)) throw new NotFound(patrolWord, id)
    return presentPatrol(row)
  }

  /** An area filter inside the caller's jurisdiction, else a 400 naming the field. */
  private async areaPath(p: UserPrincipal, code: string | undefined): Promise<string | undefined> {
    if (code === undefined) return undefined
    const area = await this.ports.area(code).catch(() => null)
    if (!area || !pathInScope(area.path, p.scope))
      throw new ValidationError({
        areaCode: text('区域不存在或不在您的辖区内', 'No such area in your jurisdiction'),
      })
    return area.path
  }

  async list(p: UserPrincipal, q: ListInput): Promise<TPatrolList> {
    const from = q.day ?? q.from
    const to = q.day ?? q.to
    const { rows, total } = await this.queries.list(
      p.scope,
      p.userId,
      {
        userId: q.mine ? p.userId : q.userId,
        from: from ? dayStart(from) : undefined,
        to: to ? dayEnd(to) : undefined,
        areaPath: await this.areaPath(p, q.areaCode),
        status: q.status,
      },
      q.pageSize,
      (q.page - 1) * q.pageSize,
    )
    return { items: rows.map(presentSummary), total, page: q.page, pageSize: q.pageSize }
  }

  async workerDay(p: UserPrincipal, q: WorkerDayInput): Promise<TWorkerDay> {
    const userId = q.userId ?? p.userId
    if (userId !== p.userId && !(await this.queries.postedInScope(p.scope, userId)))
      throw new NotFound(workerWord, String(userId))
    const from = dayStart(q.day)
    const to = dayEnd(q.day)
    const [postings, patrols, checkIns, cases, name] = await Promise.all([
      this.queries.postings(userId),
      this.queries.ofWorker(p.scope, p.userId, userId, from, to),
      this.checkIns.ofWorker(p, userId, from, to),
      this.ports.casesReportedBy(p, userId, from, to),
      this.queries.accountName(userId),
    ])
    const presented = patrols.map(presentPatrol)
    return {
      user: { id: userId, name: name ?? '' },
      day: q.day,
      grids: postings.map((g) => ({ code: g.code, name: g.name })),
      patrols: presented,
      checkIns,
      cases,
      distanceM: round1(presented.reduce((s, x) => s + x.distanceM, 0)),
      durationS: presented.reduce((s, x) => s + x.durationS, 0),
    }
  }

  async onDuty(p: UserPrincipal, q: OnDutyInput): Promise<TOnDutyPositions> {
    const now = this.ports.clock.now()
    const rows = await this.queries.onDuty(
      p.scope,
      await this.areaPath(p, q.areaCode),
      new Date(now.getTime() - onDutyWindowMinutes * 60_000),
    )
    return {
      at: now.toISOString(),
      items: rows.flatMap((r) =>
        r.lastAt && r.lastLng !== null && r.lastLat !== null
          ? [
              {
                user: { id: r.userId, name: r.userName },
                patrolId: r.id,
                startedAt: r.startedAt.toISOString(),
                grid: r.gridCode ? { code: r.gridCode, name: r.gridName ?? r.gridCode } : null,
                at: r.lastAt.toISOString(),
                lng: r.lastLng,
                lat: r.lastLat,
                accuracy: r.lastAccuracy ?? 0,
                distanceM: round1(r.distanceM),
              },
            ]
          : [],
      ),
    }
  }

  async workers(p: UserPrincipal, q: WorkersInput): Promise<TFieldWorkerList> {
    const rows = await this.queries.workers(p.scope, await this.areaPath(p, q.areaCode), q.q, 2_000)
    const byUser = new Map<number, TFieldWorkerList['items'][number]>()
    for (const r of rows) {
      const w = byUser.get(r.id) ?? { id: r.id, name: r.name, grids: [] }
      w.grids.push({ code: r.code, name: r.gridName })
      byUser.set(r.id, w)
    }
    return { items: [...byUser.values()].slice(0, 500) }
  }
}
