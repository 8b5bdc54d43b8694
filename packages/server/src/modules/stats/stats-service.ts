import type {
  Grouping,
  TDashboard,
  TKpiQuery,
  TKpiReport,
  TKpiTrend,
  TKpiValue,
  TPeriod,
  TRanking,
  TRankingQuery,
  TStatSettings,
  ZDashboardQuery,
  ZKpiTrendQuery,
} from '@onegrid/core/api/stats'
import {
  computeKpi,
  computeKpis,
  isKpiKey,
  type KpiKey,
  kpiDefinition,
  percent,
} from '@onegrid/core/stats/kpis'
import { addMeasures, emptyMeasures, type Measures } from '@onegrid/core/stats/measures'
import {
  daysBetween,
  type Period,
  type PeriodKind,
  periodLabel,
  periodOf,
  periodsEnding,
  previousPeriod,
} from '@onegrid/core/stats/periods'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { isRootScope, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { Forbidden, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import {
  grainFor,
  type KpiQueries,
  type MeasureRow,
  readSeries,
  type StatFilter,
  type StatSource,
} from './kpi-queries.ts'
import type { RollupStore } from './rollup-store.ts'
import type { StatScopeQueries } from './scope-queries.ts'

type TrendQuery = z.infer<typeof ZKpiTrendQuery>
type DashboardQuery = z.infer<typeof ZDashboardQuery>
type ScopeInput = {
  areaCode?: string | undefined
  unitId?: number | undefined
  itemCode?: string | undefined
  majorCode?: string | undefined
  channel?: string | undefined
}

export type ResolvedScope = {
  filter: StatFilter
  info: TKpiReport['scope']
  /** The level of the scope's area (the next one down is what a dashboard ranks). */
  level: string | null
  district: string
}

const defaults: TStatSettings = { minSample: 30, closureRateKey: 'onTimeClosureRate' }
const nextLevel: Record<string, 'street' | 'community' | 'grid'> = {
  province: 'street',
  city: 'street',
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: 'grid',
}
/** The headline tiles of a dashboard and a bulletin. */
export const headlineKeys: readonly KpiKey[] = [
  'reported',
  'registered',
  'dueForHandling',
  'handlingRate',
  'onTimeClosureRate',
  'firstTimeRate',
  'satisfactionRate',
  'overdueOpen',
  'supervisedCount',
  'avgHandlingHours',
]

/**
 * Statistics of a caller's jurisdiction: KPIs, breakdowns, trends, rankings and the
 * dashboard. Reads rollups for standard periods (never the case table, except the
 * live open-case counts), the facts for custom periods and combined filters.
 */
export class StatsService {
  constructor(
    private readonly db: Db,
    private readonly kpis: KpiQueries,
    private readonly scopes: StatScopeQueries,
    private readonly rollups: RollupStore,
    private readonly clock: Clock,
  ) {}

  /** The catch-up job: counts the cases changed since the last run. */
  catchUp(): Promise<number> {
    return this.rollups.drain(2_000)
  }

  /** The settings of the caller's district (the top of their first area, or of their department's). */
  async settingsFor(p: UserPrincipal): Promise<TStatSettings> {
    return this.settings((await this.resolveScope(p, {})).district)
  }

  async settings(district: string): Promise<TStatSettings> {
    const saved = await this.scopes.settings(district)
    if (!saved || !isKpiKey(saved.closureRateKey)) return defaults
    return {
      minSample: saved.minSample,
      closureRateKey: saved.closureRateKey as TStatSettings['closureRateKey'],
    }
  }

  async updateSettings(p: UserPrincipal, input: TStatSettings): Promise<TStatSettings> {
    const { district } = await this.resolveScope(p, {})
    const area = await this.scopes.area(district)
    if (!isRootScope(p.scope) && !(area && p.scope.areaPaths.includes(area.path)))
      throw new Forbidden(
        text('仅区级可设置统计口径', 'Only district-wide staff set the statistics settings'),
      )
    await this.scopes.saveSettings(district, input.minSample, input.closureRateKey, this.clock.now())
    return this.settings(district)
  }

  async getKpis(p: UserPrincipal, q: TKpiQuery): Promise<TKpiReport> {
    const scope = await this.resolveScope(p, q)
    const settings = await this.settings(scope.district)
    const period = this.period(q.period, q.day, q.from, q.to)
    const keys = (q.keys as KpiKey[] | undefined) ?? undefined
    const { rows: totalsRows, source } = await this.measure(period, scope.filter, 'none')
    const totals = computeKpis(totalsRows[0]?.measures ?? emptyMeasures(), settings.minSample, keys)
    const groups =
      q.groupBy === 'none'
        ? []
        : (await this.measure(period, scope.filter, q.groupBy)).rows.map((r) => ({
            key: r.key,
            name: r.name || unnamed(q.groupBy, r.key),
            kpis: computeKpis(r.measures, settings.minSample, keys),
          }))
    return {
      period: periodOut(period),
      scope: scope.info,
      minSample: settings.minSample,
      closureRateKey: settings.closureRateKey,
      totals,
      groups,
      source,
      pending: await this.rollups.pending(),
    }
  }

  async getTrend(p: UserPrincipal, q: TrendQuery): Promise<TKpiTrend> {
    const scope = await this.resolveScope(p, q)
    const settings = await this.settings(scope.district)
    const periods = periodsEnding(q.period, q.day ?? this.today(), q.count)
    const keys = (q.keys as KpiKey[] | undefined) ?? undefined
    const series = await this.series(q.period, periods, scope.filter)
    return {
      scope: scope.info,
      points: periods.map((per) => ({
        period: periodOut(per),
        kpis: computeKpis(series.get(per.from) ?? emptyMeasures(), settings.minSample, keys),
      })),
    }
  }

  async getRanking(p: UserPrincipal, q: TRankingQuery): Promise<TRanking> {
    const scope = await this.resolveScope(p, q)
    const settings = await this.settings(scope.district)
    const period = this.period(q.period, q.day, q.from, q.to)
    return this.rank(scope, settings, period, q.level, q.kpi as KpiKey, q.bottom, q.smallSamples)
  }

  async getDashboard(p: UserPrincipal, q: DashboardQuery): Promise<TDashboard> {
    const scope = await this.resolveScope(p, q)
    const settings = await this.settings(scope.district)
    const today = q.day ?? this.today()
    const period = periodOf(q.period, today)
    const previous = previousPeriod(period)
    const keys = [
      ...headlineKeys.slice(0, 4),
      settings.closureRateKey as KpiKey,
      ...headlineKeys.slice(4),
    ].filter((k, i, all) => all.indexOf(k) === i)
    const [now, before, day, majors, channels, trend, live, pending] = await Promise.all([
      this.measure(period, scope.filter, 'none'),
      this.measure(previous, scope.filter, 'none'),
      this.measure(periodOf('day', today), scope.filter, 'none'),
      this.measure(period, scope.filter, 'major'),
      this.measure(period, scope.filter, 'channel'),
      this.series('day', periodsEnding('day', today, 30), scope.filter),
      this.scopes.openCases(scope.filter.areaPaths, scope.filter.unitIds, this.clock.now(), 20),
      this.rollups.pending(),
    ])
    const level =
      scope.filter.unitIds && !q.areaCode ? 'handler' : (nextLevel[scope.level ?? 'district'] ?? 'street')
    const ranking = await this.rank(
      scope,
      settings,
      period,
      level,
      settings.closureRateKey as KpiKey,
      3,
      'mark',
    )
    const m = (r: { rows: MeasureRow[] }) => r.rows[0]?.measures ?? emptyMeasures()
    return {
      period: periodOut(period),
      scope: scope.info,
      minSample: settings.minSample,
      closureRateKey: settings.closureRateKey,
      tiles: computeKpis(m(now), settings.minSample, keys),
      previous: computeKpis(m(before), settings.minSample, keys),
      today: computeKpis(m(day), settings.minSample, ['reported', 'registered', 'handled', 'closed']),
      trend: periodsEnding('day', today, 30).map((per) => ({
        period: periodOut(per),
        kpis: computeKpis(trend.get(per.from) ?? emptyMeasures(), settings.minSample, [
          'reported',
          'handled',
          'closed',
        ]),
      })),
      categoryShares: shares(majors.rows),
      channelShares: shares(channels.rows),
      ranking,
      pending,
      ...live,
    }
  }

  /** The measures of a period: rollups for a standard period on one dimension, facts otherwise. */
  async measure(
    period: Period,
    filter: StatFilter,
    groupBy: Grouping,
  ): Promise<{ rows: MeasureRow[]; source: 'rollup' | 'facts' }> {
    const source: StatSource =
      period.kind !== 'custom' && grainFor(groupBy, filter) !== null
        ? { kind: 'rollup', periodKind: period.kind, periodStart: period.from }
        : { kind: 'facts', from: period.from, to: period.to }
    return {
      rows: await this.kpis.read(source, filter, groupBy),
      source: source.kind === 'rollup' ? 'rollup' : 'facts',
    }
  }

  /** The direct computation from the cases themselves (tests compare it with the rollups; the bench times it). */
  raw(period: Period, filter: StatFilter, groupBy: Grouping): Promise<MeasureRow[]> {
    return this.kpis.read({ kind: 'raw', from: period.from, to: period.to }, filter, groupBy)
  }

  async rank(
    scope: ResolvedScope,
    settings: TStatSettings,
    period: Period,
    level: TRanking['level'],
    kpi: KpiKey,
    bottom: number,
    smallSamples: 'mark' | 'exclude',
  ): Promise<TRanking> {
    const def = kpiDefinition(kpi)
    const { rows } = await this.measure(period, scope.filter, level)
    const byKey = new Map(rows.map((r) => [r.key, r]))
    // Every area of the level is listed, with no cases too: an empty community is a small sample, not absent.
    if (level === 'street' || level === 'community' || level === 'grid') {
      for (const a of await this.scopes.areasAt(level, scope.filter.areaPaths))
        if (!byKey.has(a.code)) byKey.set(a.code, { key: a.code, name: a.name, measures: emptyMeasures() })
    }
    byKey.delete('0')
    const values = [...byKey.values()].map((r) => ({
      key: r.key,
      name: r.name || unnamed(level, r.key),
      kpi: computeKpi(def, r.measures, settings.minSample),
    }))
    const small = (v: TKpiValue) => def.kind !== 'count' && (v.smallSample || v.value === null)
    const dir = def.better === 'higher' ? -1 : 1
    const ranked = values
      .filter((v) => !small(v.kpi))
      .sort((a, b) => dir * ((a.kpi.value ?? 0) - (b.kpi.value ?? 0)) || a.key.localeCompare(b.key))
    const unranked = values.filter((v) => small(v.kpi)).sort((a, b) => a.key.localeCompare(b.key))
    const out: TRanking['rows'] = ranked.map((v, i) => ({
      rank: i + 1,
      ...v,
      bottom: i >= ranked.length - bottom,
    }))
    if (smallSamples === 'mark') out.push(...unranked.map((v) => ({ rank: null, ...v, bottom: false })))
    return {
      period: periodOut(period),
      scope: scope.info,
      level,
      kpi,
      better: def.better,
      minSample: settings.minSample,
      rows: out,
    }
  }

  private async series(
    kind: PeriodKind,
    periods: readonly Period[],
    filter: StatFilter,
  ): Promise<Map<string, Measures>> {
    if (grainFor('none', filter) !== null)
      return readSeries(
        this.db,
        kind,
        periods.map((p) => p.from),
        filter,
      )
    const out = new Map<string, Measures>()
    for (const per of periods) {
      const rows = await this.kpis.read({ kind: 'facts', from: per.from, to: per.to }, filter, 'none')
      out.set(
        per.from,
        rows.reduce((m, r) => addMeasures(m, r.measures), emptyMeasures()),
      )
    }
    return out
  }

  period(kind: PeriodKind | 'custom', day?: string, from?: string, to?: string): Period {
    if (kind !== 'custom') return periodOf(kind, day ?? this.today())
    const fields: Record<string, ReturnType<typeof text>> = {}
    if (!from) fields.from = text('自定义时段须填写开始日期', 'A custom period needs its first day')
    if (!to) fields.to = text('自定义时段须填写结束日期', 'A custom period needs its last day')
    if (from && to && to < from)
      fields.to = text('结束日期不能早于开始日期', 'The last day cannot come before the first')
    if (from && to && daysBetween(from, to) > 3 * 366)
      fields.to = text('自定义时段最长三年', 'A custom period spans at most three years')
    if (Object.keys(fields).length > 0 || !from || !to) throw new ValidationError(fields)
    return { kind: 'custom', from, to }
  }

  today(): string {
    return shanghaiDate(this.clock.now())
  }

  /** The areas (or department) counted: inside the caller's jurisdiction, or refused. */
  async resolveScope(p: UserPrincipal, q: ScopeInput): Promise<ResolvedScope> {
    const filter: StatFilter = {
      areaPaths: [],
      unitIds: null,
      itemCode: q.itemCode,
      majorCode: q.majorCode,
      channel: q.channel,
    }
    const info: TKpiReport['scope'] = { areaCode: null, areaName: null, unitId: null, unitName: null }
    let level: string | null = null
    if (q.areaCode) {
      const area = await this.scopes.area(q.areaCode)
      if (!area || !(pathInScope(area.path, p.scope) || (await this.underOwnUnit(p, area.path))))
        throw new NotFound(text('区域', 'Area'), q.areaCode)
      filter.areaPaths = [area.path]
      Object.assign(info, { areaCode: area.code, areaName: area.name })
      level = area.level
    } else if (p.scope.areaPaths.length > 0) {
      filter.areaPaths = [...p.scope.areaPaths]
      if (p.scope.areaPaths.length === 1) {
        const area = await this.scopes.areaByPath(p.scope.areaPaths[0] as string)
        if (area) {
          Object.assign(info, { areaCode: area.code, areaName: area.name })
          level = area.level
        }
      }
    }
    if (q.unitId !== undefined) {
      const unit = await this.scopes.unit(q.unitId)
      const visible = unit && (p.scope.unitIds.includes(unit.id) || pathInScope(unit.path, p.scope))
      if (!unit || !visible) throw new NotFound(text('部门', 'Department'), String(q.unitId))
      filter.unitIds = [unit.id]
      Object.assign(info, { unitId: unit.id, unitName: unit.name })
    } else if (p.scope.areaPaths.length === 0 && p.scope.unitIds.length > 0) {
      // A department's staff see what was dispatched to their department, wherever it lies.
      filter.unitIds = [...p.scope.unitIds]
      const unit = await this.scopes.unit(p.scope.unitIds[0] as number)
      if (unit) Object.assign(info, { unitId: unit.id, unitName: unit.name })
    }
    if (filter.unitIds && filter.areaPaths.length === 0) filter.areaPaths = await this.scopes.roots()
    if (filter.areaPaths.length === 0)
      throw new Forbidden(text('您没有可统计的辖区', 'You have no jurisdiction to count'))
    // The district is the top of the area path (case codes and settings are per district).
    const district = (filter.areaPaths[0] as string).split('.')[0] as string
    return { filter, info, level, district }
  }

  /** A department's staff may narrow their department's cases to an area the department serves (its area and below). */
  private async underOwnUnit(p: UserPrincipal, path: string): Promise<boolean> {
    if (p.scope.areaPaths.length > 0) return false
    for (const id of p.scope.unitIds) {
      const unit = await this.scopes.unit(id)
      if (unit && (path === unit.path || path.startsWith(`${unit.path}.`))) return true
    }
    return false
  }
}

function periodOut(p: Period): TPeriod {
  return { kind: p.kind, from: p.from, to: p.to, label: periodLabel(p) }
}

function shares(rows: readonly MeasureRow[]) {
  const total = rows.reduce((s, r) => s + r.measures.reported, 0)
  return rows
    .filter((r) => r.measures.reported > 0)
    .map((r) => ({
      key: r.key,
      name: r.name || r.key,
      count: r.measures.reported,
      percent: percent(r.measures.reported, total) ?? 0,
    }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

function unnamed(groupBy: string, key: string): string {
  if (groupBy === 'department' && key === '0') return '未派遣'
  if ((groupBy === 'reporter' || groupBy === 'handler') && key === '0')
    return groupBy === 'reporter' ? '群众及其他' : '未指定'
  return key
}
