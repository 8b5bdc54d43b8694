import type { TKpiValue, TRanking } from '@onegrid/core/api/stats'
import { computeKpis, type KpiKey, kpiDefinition, percent } from '@onegrid/core/stats/kpis'
import { emptyMeasures } from '@onegrid/core/stats/measures'
import { type Period, periodLabel, periodOf, periodStart, previousPeriod } from '@onegrid/core/stats/periods'
import { addDays, shanghaiDate, shanghaiTime } from '@onegrid/core/time/calendar'
import type { UserPrincipal } from '../../../platform/auth/principal.ts'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import { headlineKeys, type StatsService } from '../stats-service.ts'
import type {
  BulletinKpi,
  BulletinModel,
  BulletinPeriod,
  BulletinPeriodKind,
  BulletinRanking,
  BulletinShare,
} from './bulletin-model.ts'
import type { BulletinQueries } from './bulletin-queries.ts'

/** What a bulletin reads of the statistics: the rollups through the stats service. */
export type BulletinStats = Pick<StatsService, 'resolveScope' | 'settings' | 'measure' | 'rank'>

export type BulletinRequest = {
  period: BulletinPeriodKind
  day?: string | undefined
  areaCode?: string | undefined
}

/** How many overdue and supervised cases a bulletin lists (their totals are always given). */
export const bulletinCaseLimits = { overdue: 200, supervised: 100 } as const
/** The bottom of a ranking flagged (排名靠后), and how many of the level below are named. */
const bottomCount = 3
const lowerLevelCount = 10

type AreaLevel = 'street' | 'community' | 'grid'
const levelNames: Record<TRanking['level'], string> = {
  street: '街道（乡镇）',
  community: '社区（村）',
  grid: '网格',
  department: '职能部门',
  reporter: '上报人',
  handler: '处置人',
}
/** The levels ranked under an area of each level: the next one in full, the one after by its bottom. */
const levelsUnder: Record<string, readonly AreaLevel[]> = {
  province: ['street', 'community'],
  city: ['street', 'community'],
  district: ['street', 'community'],
  street: ['community', 'grid'],
  community: ['grid'],
  grid: [],
}

/** The period a bulletin covers: the one containing `day`, or by default the last complete one. */
export function bulletinPeriod(kind: BulletinPeriodKind, today: string, day?: string): Period {
  return periodOf(kind, day ?? addDays(periodStart(kind, today), -1))
}

function periodOut(p: Period): BulletinPeriod {
  return { kind: p.kind as BulletinPeriodKind, from: p.from, to: p.to, label: periodLabel(p) }
}

/**
 * Assembles a bulletin from the statistics (rollups for the two periods, the
 * rankings) and the live open cases, for an area of the caller's jurisdiction.
 */
export async function buildBulletinModel(
  stats: BulletinStats,
  queries: BulletinQueries,
  p: UserPrincipal,
  request: BulletinRequest,
  now: Date,
): Promise<{ model: BulletinModel; areaPath: string; districtCode: string }> {
  const scope = await stats.resolveScope(p, { areaCode: request.areaCode })
  const areaPath = scope.filter.areaPaths.length === 1 ? scope.filter.areaPaths[0] : undefined
  if (!areaPath || !scope.info.areaCode || !scope.info.areaName || scope.filter.unitIds)
    throw new ValidationError({
      areaCode: text(
        '请选择通报的区域（您的辖区不止一个区域）',
        'Choose the area of the bulletin (your jurisdiction has several)',
      ),
    })
  const settings = await stats.settings(scope.district)
  const period = bulletinPeriod(request.period, shanghaiDate(now), request.day)
  const previous = previousPeriod(period)
  const closureKey = settings.closureRateKey as KpiKey
  const keys = [...headlineKeys.slice(0, 4), closureKey, ...headlineKeys.slice(4)].filter(
    (k, i, all) => all.indexOf(k) === i,
  )
  const [current, before, majors, majorsBefore] = await Promise.all([
    stats.measure(period, scope.filter, 'none'),
    stats.measure(previous, scope.filter, 'none'),
    stats.measure(period, scope.filter, 'major'),
    stats.measure(previous, scope.filter, 'major'),
  ])
  const totals = (r: { rows: { measures: ReturnType<typeof emptyMeasures> }[] }) =>
    r.rows[0]?.measures ?? emptyMeasures()
  const nowValues = computeKpis(totals(current), settings.minSample, keys)
  const beforeValues = new Map(
    computeKpis(totals(before), settings.minSample, keys).map((v) => [v.key, v as TKpiValue]),
  )
  const kpis: BulletinKpi[] = nowValues.map((v) => {
    const def = kpiDefinition(v.key)
    return {
      key: v.key,
      name: def.name.zh,
      formula: def.formula.zh,
      better: def.better,
      current: v,
      previous: beforeValues.get(v.key) ?? null,
    }
  })

  const kpiName = kpiDefinition(closureKey).name.zh
  const [full, lower] = levelsUnder[scope.level ?? 'district'] ?? []
  const rankings: BulletinRanking[] = []
  if (full) {
    const r = await stats.rank(scope, settings, period, full, closureKey, bottomCount, 'mark')
    rankings.push({
      title: `${levelNames[full]}${kpiName}排名`,
      levelName: levelNames[full],
      kpiName,
      ranking: r,
    })
  }
  if (lower) {
    const r = await stats.rank(scope, settings, period, lower, closureKey, lowerLevelCount, 'exclude')
    const named = r.rows.filter((x) => x.bottom)
    rankings.push({
      title: `${levelNames[lower]}${kpiName}排名后${named.length}位（${r.rows.length}个参与排名）`,
      levelName: levelNames[lower],
      kpiName,
      ranking: { ...r, rows: named },
    })
  }
  const departments = await stats.rank(scope, settings, period, 'department', closureKey, bottomCount, 'mark')
  rankings.push({
    title: `${levelNames.department}${kpiName}排名`,
    levelName: levelNames.department,
    kpiName,
    ranking: departments,
  })

  // Overdue at the end of the period (or now, for a period not over yet); supervised now.
  const end = shanghaiTime(addDays(period.to, 1), '00:00')
  const cutoff = end < now ? end : now
  const caseScope = { areaPaths: scope.filter.areaPaths, unitIds: scope.filter.unitIds }
  const [overdue, supervised, districtName] = await Promise.all([
    queries.overdue(caseScope, cutoff, bulletinCaseLimits.overdue),
    queries.supervised(caseScope, now, bulletinCaseLimits.supervised),
    queries.areaName(scope.district),
  ])

  const issuer = `${scope.info.areaName}网格化服务管理中心`
  const periodInfo = periodOut(period)
  return {
    areaPath,
    districtCode: scope.district,
    model: {
      title: `${issuer}${periodInfo.label}工作通报`,
      issuer,
      districtName: districtName ?? scope.info.areaName,
      areaName: scope.info.areaName,
      areaCode: scope.info.areaCode,
      period: periodInfo,
      previousPeriod: periodOut(previous),
      issuedAt: now.toISOString(),
      minSample: settings.minSample,
      kpis,
      rankings,
      overdue: overdue.cases,
      overdueTotal: overdue.total,
      supervised: supervised.cases,
      supervisedTotal: supervised.total,
      categoryShares: shares(majors.rows, majorsBefore.rows),
    },
  }
}

type ShareRow = { key: string; name: string; measures: { reported: number } }

function shares(rows: readonly ShareRow[], before: readonly ShareRow[]): BulletinShare[] {
  const total = rows.reduce((s, r) => s + r.measures.reported, 0)
  const previous = new Map(before.map((r) => [r.key, r.measures.reported]))
  return rows
    .filter((r) => r.measures.reported > 0)
    .map((r) => ({
      key: r.key,
      name: r.name || r.key,
      count: r.measures.reported,
      percent: percent(r.measures.reported, total) ?? 0,
      previousCount: previous.get(r.key) ?? 0,
    }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}
