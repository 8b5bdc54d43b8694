import type {
  TDueVisit,
  TDueVisits,
  TVisit,
  TVisitList,
  TVisitStats,
  VisitTargetKind,
  ZDueVisitsQuery,
  ZRecordVisit,
  ZVisitListQuery,
  ZVisitStatsQuery,
} from '@onegrid/core/api/visits'
import { riskLevels } from '@onegrid/core/registry/special-groups'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { type Actor, pathInScope, type Scope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { maskName } from '../../platform/crypto/mask.ts'
import { NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { VisitTargetRecord } from '../registry/visit-targets.ts'
import type { VisitPlanSettings } from './visit-plan.ts'
import type { VisitPorts } from './visit-ports.ts'
import type { DueRow, VisitQueries, VisitRow } from './visit-queries.ts'
import type { VisitStore } from './visit-store.ts'

type RecordInput = z.output<typeof ZRecordVisit>
type ListInput = z.output<typeof ZVisitListQuery>
type DueInput = z.output<typeof ZDueVisitsQuery>
type StatsInput = z.output<typeof ZVisitStatsQuery>

export const visitWord = text('走访记录', 'Visit')
const targetWords = {
  household: text('户', 'Household'),
  person: text('人员', 'Person'),
} as const
const dayMs = 86_400_000
/** A visit may be written down a little ahead of the server's clock (a phone's clock runs fast) … */
const aheadMs = 5 * 60_000
/** … and queued offline for up to a month. */
const behindMs = 31 * dayMs

/** The instant a day (Asia/Shanghai, fixed UTC+8) starts. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`)
}

/** (part ÷ whole) × 100 with two decimals, rounded half up in integer arithmetic; null without a whole. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.floor((2 * part * 10_000 + whole) / (2 * whole)) / 100
}

/** The label a visit's target shows: the person's name, a household by its householder and address. */
function labelOf(
  kind: VisitTargetKind,
  id: number,
  name: string,
  address: string | null,
  readsRegistry: boolean,
): string {
  const shown = name ? (readsRegistry ? name : maskName(name)) : ''
  if (kind === 'person') return shown || `#${id}`
  const head = shown ? `${shown}户` : `户 #${id}`
  return address ? `${head} · ${address}` : head
}

/**
 * Visits (走访): record one's own visit to a household or person of one's jurisdiction,
 * read visits in scope, list what is due by the plan ("五必访", "日访十户"), count per grid.
 */
export class VisitService {
  constructor(
    private readonly ports: VisitPorts,
    private readonly queries: VisitQueries,
    private readonly store: VisitStore,
    private readonly plan: VisitPlanSettings,
  ) {}

  async record(p: UserPrincipal, actor: Actor, input: RecordInput): Promise<TVisit> {
    const { kind, id } = input.target
    const target = await this.ports.targets.target(kind, id)
    // Outside the jurisdiction is answered as missing: its existence is not told either.
    if (!target || !pathInScope(target.areaPath, p.scope)) throw new NotFound(targetWords[kind], String(id))
    if (kind === 'person' && !target.active)
      throw new ValidationError({
        'target.id': text('该人员已迁出或已故，不再走访', 'This person has moved out or died'),
      })
    const now = this.ports.clock.now()
    const visitedAt = new Date(input.visitedAt)
    if (visitedAt.getTime() > now.getTime() + aheadMs)
      throw new ValidationError({
        visitedAt: text('走访时间不能晚于现在', 'A visit cannot be in the future'),
      })
    if (visitedAt.getTime() < now.getTime() - behindMs)
      throw new ValidationError({
        visitedAt: text('只能补录 31 天内的走访', 'Visits older than 31 days cannot be recorded'),
      })
    const flags = input.findings.map((f) => f.flag)
    if (new Set(flags).size !== flags.length)
      throw new ValidationError({
        findings: text('同一类发现只能登记一次', 'Each finding may be given once'),
      })
    await this.requireOwnUploads(p, input.attachmentIds)
    const visitId = await this.store.insert(
      {
        gridCode: target.gridCode,
        areaPath: target.areaPath,
        visitorId: p.userId,
        targetKind: kind,
        targetId: id,
        householdId: kind === 'household' ? id : target.householdId,
        visitedAt,
        method: input.method,
        notes: input.notes,
        findings: input.findings,
        location: input.location,
        attachmentIds: [...new Set(input.attachmentIds)],
      },
      actor,
      now,
    )
    const row = await this.queries.visit(visitId)
    if (!row) throw new Error(`visit ${visitId} vanished`)
    const [visit] = await this.present(p, [row])
    if (!visit) throw new Error(`visit ${visitId} not presented`)
    return visit
  }

  /** Photos the visitor uploaded, not yet taken by a case or another visit. */
  private async requireOwnUploads(p: UserPrincipal, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return
    const owners = new Map((await this.ports.attachments.owners(ids)).map((a) => [a.id, a]))
    const taken = new Set(await this.queries.takenAttachments(ids))
    const bad = ids.filter((aid) => {
      const a = owners.get(aid)
      return !a || a.uploadedBy !== p.userId || a.caseId !== null || taken.has(aid)
    })
    if (bad.length > 0)
      throw new ValidationError({
        attachmentIds: text(
          `附件 ${bad.join('、')} 不存在、不是您上传的或已被使用`,
          `Attachments ${bad.join(', ')} do not exist, are not your uploads or are used already`,
        ),
      })
  }

  async get(p: UserPrincipal, id: number): Promise<TVisit> {
    const row = await this.queries.visit(id)
    if (!row || !pathInScope(row.areaPath, p.scope)) throw new NotFound(visitWord, String(id))
    const [visit] = await this.present(p, [row])
    if (!visit) throw new NotFound(visitWord, String(id))
    return visit
  }

  async list(p: UserPrincipal, q: ListInput): Promise<TVisitList> {
    const areaPath = await this.areaFilter(
      p.scope,
      q.gridCode ?? q.areaCode,
      q.gridCode ? 'gridCode' : 'areaCode',
    )
    if (q.on && (q.from || q.to))
      throw new ValidationError({
        on: text('按日查询时不能再给起止日期', 'Give either a day or from/to, not both'),
      })
    if (q.from && q.to && q.from > q.to)
      throw new ValidationError({ to: text('结束日期不能早于开始日期', 'The end is before the start') })
    const from = q.on ?? q.from
    const to = q.on ?? q.to
    const { rows, total } = await this.queries.list({
      scope: p.scope,
      ...(areaPath ? { areaPath } : {}),
      ...(q.workerId !== undefined ? { workerId: q.workerId } : {}),
      ...(from ? { from: dayStart(from) } : {}),
      ...(to ? { to: new Date(dayStart(to).getTime() + dayMs) } : {}),
      ...(q.personId !== undefined ? { personId: q.personId } : {}),
      ...(q.householdId !== undefined ? { householdId: q.householdId } : {}),
      ...(q.flag ? { flag: q.flag } : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    return { items: await this.present(p, rows), total, page: q.page, pageSize: q.pageSize }
  }

  async due(p: UserPrincipal, q: DueInput): Promise<TDueVisits> {
    const field = q.gridCode ? 'gridCode' : 'areaCode'
    const areaPath = await this.areaFilter(p.scope, q.gridCode ?? q.areaCode, field)
    const now = this.ports.clock.now()
    const today = shanghaiDate(now)
    const rates = await this.plan.rates()
    const seesGroups = p.permissions.has('registry.special')
    const { rows, total, counts } = await this.queries.due(
      {
        sources: { scope: p.scope, ...(areaPath ? { areaPath } : {}) },
        rates,
        today,
        withPersons: seesGroups,
      },
      {
        ...(q.status ? { status: q.status } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      },
    )
    const visitorIds = [...new Set(rows.flatMap((r) => (r.lastVisitorId === null ? [] : [r.lastVisitorId])))]
    const names =
      visitorIds.length > 0 ? await this.ports.displayNames(visitorIds) : new Map<number, string>()
    const reads = p.permissions.has('registry.read')
    const progress = await this.queries.progress(
      p.userId,
      dayStart(today),
      new Date(dayStart(today).getTime() + dayMs),
    )
    return {
      items: rows.map((r) => this.presentDue(r, reads, seesGroups, names)),
      total,
      page: q.page,
      pageSize: q.pageSize,
      counts,
      today: {
        on: today,
        householdsVisited: progress.households,
        target: rates.dailyHouseholdTarget,
        visits: progress.visits,
      },
      asOf: now.toISOString(),
    }
  }

  private presentDue(r: DueRow, reads: boolean, seesGroups: boolean, names: Map<number, string>): TDueVisit {
    const riskLevel = r.riskRank === null ? null : (riskLevels[r.riskRank - 1] ?? null)
    return {
      target: {
        kind: r.kind,
        id: r.id,
        label: labelOf(r.kind, r.id, r.name, null, reads),
        gridCode: r.gridCode,
        gridName: r.gridName,
      },
      address: r.address,
      householdId: r.kind === 'household' ? null : r.householdId,
      rule: r.rule,
      groups: seesGroups ? distinctGroups(r.groups as TDueVisit['groups']) : [],
      riskLevel: seesGroups ? riskLevel : null,
      everyDays: r.everyDays,
      lastVisitedAt: r.lastVisitedAt ? new Date(r.lastVisitedAt).toISOString() : null,
      lastVisitorName: r.lastVisitorId === null ? null : (names.get(r.lastVisitorId) ?? null),
      dueOn: r.dueOn,
      status: r.status,
      daysOverdue: r.daysOverdue,
    }
  }

  async stats(p: UserPrincipal, q: StatsInput): Promise<TVisitStats> {
    const code = q.areaCode ?? soleAreaCode(p.scope)
    if (!code)
      throw new ValidationError({
        areaCode: text('您的辖区不止一处，请选择区域', 'Your jurisdiction has several areas: choose one'),
      })
    const areaPath = await this.areaFilter(p.scope, code, 'areaCode')
    const now = this.ports.clock.now()
    const month = q.month ?? shanghaiDate(now).slice(0, 7)
    const from = dayStart(`${month}-01`)
    const [y, m] = month.split('-').map(Number) as [number, number]
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
    const rows = await this.queries.perGrid({
      sources: { scope: p.scope, ...(areaPath ? { areaPath } : {}) },
      rates: await this.plan.rates(),
      today: shanghaiDate(now),
      withPersons: true,
      areaPath: areaPath ?? '',
      from,
      to: dayStart(`${next}-01`),
    })
    const sum = (k: 'targets' | 'overdue' | 'due' | 'visits' | 'visitedTargets') =>
      rows.reduce((n, r) => n + r[k], 0)
    const total = {
      targets: sum('targets'),
      overdue: sum('overdue'),
      due: sum('due'),
      visits: sum('visits'),
      visitedTargets: sum('visitedTargets'),
    }
    return {
      areaCode: code,
      month,
      asOf: now.toISOString(),
      total: { ...total, completionPercent: percentOf(total.targets - total.overdue, total.targets) },
      grids: rows.map((r) => ({ ...r, completionPercent: percentOf(r.targets - r.overdue, r.targets) })),
    }
  }

  /**
   * An area a filter names, as its path: inside the caller's jurisdiction, or above part of it
   * (a grid worker asking for their street sees their grid). Elsewhere it is a 400 on the field.
   */
  private async areaFilter(
    scope: Scope,
    code: string | undefined,
    field: string,
  ): Promise<string | undefined> {
    if (!code) return undefined
    const area = await this.ports.area(code).catch(() => null)
    const reaches =
      area !== null &&
      (pathInScope(area.path, scope) || scope.areaPaths.some((s) => s.startsWith(`${area.path}.`)))
    if (!area || !reaches)
      throw new ValidationError({
        [field]: text('区域不存在或不在您的辖区内', 'No such area in your jurisdiction'),
      })
    return area.path
  }

  /** Visits as the caller may see them: names masked without registry.read, photos, visitors' names. */
  private async present(p: UserPrincipal, rows: readonly VisitRow[]): Promise<TVisit[]> {
    if (rows.length === 0) return []
    const reads = p.permissions.has('registry.read')
    const records = await this.ports.targets.records(
      rows.map((r) => ({ kind: r.targetKind, id: r.targetId })),
    )
    const byRef = new Map<string, VisitTargetRecord>(records.map((t) => [`${t.kind}:${t.id}`, t]))
    const names = await this.ports.displayNames([...new Set(rows.map((r) => r.visitorId))])
    const photos = new Map(
      (await this.ports.attachments.present(rows.flatMap((r) => r.attachmentIds))).map((a) => [a.id, a]),
    )
    return rows.map((r) => {
      const t = byRef.get(`${r.targetKind}:${r.targetId}`)
      return {
        id: r.id,
        target: {
          kind: r.targetKind,
          id: r.targetId,
          label: labelOf(r.targetKind, r.targetId, t?.name ?? '', t?.address ?? null, reads),
          gridCode: r.gridCode,
          gridName: r.gridName,
        },
        householdId: r.householdId,
        visitor: { userId: r.visitorId, name: names.get(r.visitorId) ?? `#${r.visitorId}` },
        visitedAt: new Date(r.visitedAt).toISOString(),
        method: r.method,
        notes: r.notes,
        findings: r.findings,
        attachments: r.attachmentIds.flatMap((id) => {
          const a = photos.get(Number(id))
          return a ? [a] : []
        }),
        location:
          r.lng === null || r.lat === null
            ? null
            : { lng: r.lng, lat: r.lat, ...(r.accuracy === null ? {} : { accuracy: r.accuracy }) },
        createdAt: new Date(r.createdAt).toISOString(),
      }
    })
  }
}

/** One badge per group (two elders of one household are one 空巢老人), at its highest risk level. */
function distinctGroups(groups: TDueVisit['groups']): TDueVisit['groups'] {
  const rank = (level: string) => riskLevels.indexOf(level as (typeof riskLevels)[number])
  const best = new Map<string, TDueVisit['groups'][number]>()
  for (const g of groups) {
    const seen = best.get(g.group)
    if (!seen || rank(g.riskLevel) > rank(seen.riskLevel)) best.set(g.group, g)
  }
  return [...best.values()]
}

/** The one area a jurisdiction is, when it is one (its path's last code). */
function soleAreaCode(scope: Scope): string | undefined {
  if (scope.areaPaths.length !== 1) return undefined
  return scope.areaPaths[0]?.split('.').pop()
}

/**
 * The cases module's attachment reader for visits' photos: whoever may read visits and sees
 * the visit's area, or the visitor.
 */
export function visitPhotoReader(queries: VisitQueries) {
  return (p: UserPrincipal, attachmentId: number): Promise<boolean> =>
    queries.attachmentVisible(attachmentId, p.scope, p.userId, p.permissions.has('fieldwork.read'))
}
