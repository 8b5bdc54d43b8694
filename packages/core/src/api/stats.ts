import { z } from 'zod'
import { channels } from '../catalog/vocabulary.ts'
import { kpiKeys } from '../stats/kpis.ts'
import { periodKinds } from '../stats/periods.ts'
import { ZAreaCode } from './grids.ts'

/**
 * Statistics (统计): KPIs of a scope and period, broken down, trended and ranked.
 * Counts come from rollups kept per standard period (docs/KPI.md, "How the numbers
 * are kept"); a custom period is computed from the case facts. Every rate carries
 * its numerator and denominator, and is marked a small sample below the district's
 * minimum. Everything is limited to the caller's jurisdiction: an area of theirs
 * (by default all of it), or their department.
 */

export const ZKpiKey = z.enum(kpiKeys as [string, ...string[]])
export const ZPeriodKind = z.enum([...periodKinds, 'custom'])
const ZDay = z.iso.date()

export const groupings = [
  'none',
  'street',
  'community',
  'grid',
  'major',
  'category',
  'channel',
  'department',
  'reporter',
  'handler',
] as const
export const ZGrouping = z.enum(groupings)
export type Grouping = (typeof groupings)[number]

/** Which period: a standard one by its kind and any day in it (today by default), or a custom range. */
const periodFields = {
  period: ZPeriodKind.default('month'),
  /** Any day of the standard period (default: today, Asia/Shanghai). */
  day: ZDay.optional(),
  /** custom: first and last day, inclusive. */
  from: ZDay.optional(),
  to: ZDay.optional(),
}

/** Where and what: an area of one's jurisdiction or one's department, and optional filters. */
const scopeFields = {
  areaCode: ZAreaCode.optional(),
  unitId: z.coerce.number().int().positive().optional(),
  itemCode: z.string().max(32).optional(),
  majorCode: z.string().max(32).optional(),
  channel: z.enum(channels).optional(),
}

const ZKeyList = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(ZKpiKey).max(40))

export const ZKpiQuery = z.object({
  ...periodFields,
  ...scopeFields,
  groupBy: ZGrouping.default('none'),
  /** Comma-separated KPI keys; all by default. */
  keys: ZKeyList.optional(),
})
export type TKpiQuery = z.infer<typeof ZKpiQuery>

export const ZKpiValue = z
  .object({
    key: ZKpiKey,
    kind: z.enum(['count', 'rate', 'hours']),
    value: z.number().nullable(),
    numerator: z.number(),
    denominator: z.number().nullable(),
    smallSample: z.boolean(),
  })
  .meta({ id: 'KpiValue' })
export type TKpiValue = z.infer<typeof ZKpiValue>

export const ZPeriod = z
  .object({ kind: ZPeriodKind, from: ZDay, to: ZDay, label: z.string() })
  .meta({ id: 'Period' })
export type TPeriod = z.infer<typeof ZPeriod>

export const ZStatScope = z
  .object({
    areaCode: z.string().nullable(),
    areaName: z.string().nullable(),
    unitId: z.number().int().nullable(),
    unitName: z.string().nullable(),
  })
  .meta({ id: 'StatScope' })

export const ZKpiGroup = z
  .object({ key: z.string(), name: z.string(), kpis: z.array(ZKpiValue) })
  .meta({ id: 'KpiGroup' })
export type TKpiGroup = z.infer<typeof ZKpiGroup>

export const ZKpiReport = z
  .object({
    period: ZPeriod,
    scope: ZStatScope,
    /** Rates over fewer cases than this are marked smallSample. */
    minSample: z.number().int(),
    /** Which 结案率 variant the district shows under that label. */
    closureRateKey: ZKpiKey,
    totals: z.array(ZKpiValue),
    groups: z.array(ZKpiGroup),
    /** rollup: the kept counts; facts: computed from the case facts (custom periods). */
    source: z.enum(['rollup', 'facts']),
    /** Changes not yet counted (waiting for the next catch-up, about a second). */
    pending: z.number().int(),
  })
  .meta({ id: 'KpiReport' })
export type TKpiReport = z.infer<typeof ZKpiReport>

export const ZKpiTrendQuery = z.object({
  ...scopeFields,
  period: z.enum(periodKinds).default('day'),
  /** The last period of the trend (the one containing this day; default today). */
  day: ZDay.optional(),
  count: z.coerce.number().int().min(1).max(60).default(30),
  keys: ZKeyList.optional(),
})
export const ZKpiTrend = z
  .object({
    scope: ZStatScope,
    points: z.array(z.object({ period: ZPeriod, kpis: z.array(ZKpiValue) })),
  })
  .meta({ id: 'KpiTrend' })
export type TKpiTrend = z.infer<typeof ZKpiTrend>

export const rankLevels = ['street', 'community', 'grid', 'department', 'reporter', 'handler'] as const
export const ZRankLevel = z.enum(rankLevels)

export const ZRankingQuery = z.object({
  ...periodFields,
  ...scopeFields,
  level: ZRankLevel.default('community'),
  kpi: ZKpiKey.default('onTimeClosureRate'),
  /** How many of the worst to flag (排名倒数). */
  bottom: z.coerce.number().int().min(0).max(50).default(3),
  /** Small samples are listed after the ranked ones, unranked; `exclude` leaves them out. */
  smallSamples: z.enum(['mark', 'exclude']).default('mark'),
})
export type TRankingQuery = z.infer<typeof ZRankingQuery>

export const ZRankingRow = z
  .object({
    /** null for a small sample: not ranked. */
    rank: z.number().int().nullable(),
    key: z.string(),
    name: z.string(),
    kpi: ZKpiValue,
    /** Among the bottom N of the ranked (排名倒数): asked to report back. */
    bottom: z.boolean(),
  })
  .meta({ id: 'RankingRow' })
export const ZRanking = z
  .object({
    period: ZPeriod,
    scope: ZStatScope,
    level: ZRankLevel,
    kpi: ZKpiKey,
    better: z.enum(['higher', 'lower']),
    minSample: z.number().int(),
    rows: z.array(ZRankingRow),
  })
  .meta({ id: 'Ranking' })
export type TRanking = z.infer<typeof ZRanking>

export const ZDashboardQuery = z.object({
  areaCode: ZAreaCode.optional(),
  unitId: z.coerce.number().int().positive().optional(),
  period: z.enum(periodKinds).default('month'),
  day: ZDay.optional(),
})
export const ZDashboard = z
  .object({
    period: ZPeriod,
    scope: ZStatScope,
    minSample: z.number().int(),
    closureRateKey: ZKpiKey,
    /** The headline KPIs of the period, and the same of the previous period (环比). */
    tiles: z.array(ZKpiValue),
    previous: z.array(ZKpiValue),
    /** Today so far: reported, registered, handled, closed. */
    today: z.array(ZKpiValue),
    /** Reported per day, last 30 days, with handled and closed. */
    trend: ZKpiTrend.shape.points,
    /** Share of reports by major category in the period (like Hangzhou's 维稳安保 21 %, 交通安全 22 %). */
    categoryShares: z.array(
      z.object({ key: z.string(), name: z.string(), count: z.number().int(), percent: z.number() }),
    ),
    channelShares: z.array(
      z.object({ key: z.string(), name: z.string(), count: z.number().int(), percent: z.number() }),
    ),
    /** The next level down ranked by the district's closure KPI. */
    ranking: ZRanking,
    /** Open cases now, by the light of the clock that runs out first. */
    open: z.object({
      green: z.number().int(),
      yellow: z.number().int(),
      red: z.number().int(),
      none: z.number().int(),
      supervised: z.number().int(),
    }),
    /** Case changes not yet counted into these numbers (waiting for the next catch-up, about a second). */
    pending: z.number().int(),
    /** The most overdue open cases. */
    overdue: z.array(
      z.object({
        id: z.number().int(),
        code: z.string(),
        title: z.string(),
        areaName: z.string(),
        handlerName: z.string().nullable(),
        dueAt: z.string(),
        supervised: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Dashboard' })
export type TDashboard = z.infer<typeof ZDashboard>

export const ZStatSettings = z
  .object({
    /** Rates over fewer cases are marked small samples and not ranked. */
    minSample: z.number().int().min(1).max(10_000),
    /** The 结案率 variant shown under that label. */
    closureRateKey: z.enum(['completionRate', 'acceptedHandledRate', 'closureRateCjt', 'onTimeClosureRate']),
  })
  .meta({ id: 'StatSettings' })
export type TStatSettings = z.infer<typeof ZStatSettings>

export const ZKpiDefinitionList = z
  .object({
    items: z.array(
      z.object({
        key: ZKpiKey,
        name: z.object({ zh: z.string(), en: z.string() }),
        kind: z.enum(['count', 'rate', 'hours']),
        better: z.enum(['higher', 'lower']),
        formula: z.object({ zh: z.string(), en: z.string() }),
        numerator: z.array(z.string()),
        denominator: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'KpiDefinitionList' })
