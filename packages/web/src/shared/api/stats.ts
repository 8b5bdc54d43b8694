// Types only: the schemas stay on the server, so zod is not bundled into the pages.
import type {
  BulletinFormat,
  TBulletin,
  TBulletinList,
  TBulletinListQuery,
  TGenerateBulletin,
} from '@onegrid/core/api/bulletins'
import type {
  TDashboard,
  TKpiGroup,
  TKpiReport,
  TKpiTrend,
  TKpiValue,
  TPeriod,
  TRanking,
} from '@onegrid/core/api/stats'
import type { KpiKey } from '@onegrid/core/stats/kpis'
import type { PeriodKind } from '@onegrid/core/stats/periods'
import { api } from './endpoints.ts'
import { compactQuery } from './registry.ts'

export type {
  BulletinFormat,
  TBulletin,
  TBulletinList,
  TDashboard,
  TKpiGroup,
  TKpiReport,
  TKpiTrend,
  TKpiValue,
  TPeriod,
  TRanking,
}

/** Where the numbers are counted: an area of one's jurisdiction (by default all of it) or one's department. */
export interface StatScopeQuery {
  areaCode?: string | undefined
  unitId?: number | undefined
}

/** A standard period by its kind and any day in it (today when left out). */
export interface StatPeriodQuery {
  period: PeriodKind
  day?: string | undefined
}

export type StatLevel = TRanking['level']

/** The command center's page at once: tiles with the previous period, today, trend, shares, ranking, open and overdue cases. */
export const getDashboard = (query: StatScopeQuery & StatPeriodQuery, signal?: AbortSignal) =>
  api.get<TDashboard>('/api/stats/dashboard', compactQuery({ ...query }), { signal })

/** KPIs of a scope and period (all, or the keys asked for). */
export const getKpis = (
  query: StatScopeQuery & StatPeriodQuery & { keys?: readonly KpiKey[] | undefined },
  signal?: AbortSignal,
) =>
  api.get<TKpiReport>(
    '/api/stats/kpis',
    compactQuery({ ...query, keys: query.keys?.join(',') || undefined }),
    { signal },
  )

/** The last `count` periods of a kind, ending with the one containing `day`. */
export const getKpiTrend = (
  query: StatScopeQuery & StatPeriodQuery & { count: number; keys: readonly KpiKey[] },
  signal?: AbortSignal,
) =>
  api.get<TKpiTrend>('/api/stats/trend', compactQuery({ ...query, keys: query.keys.join(',') }), { signal })

/** The areas (or departments, people) of a level ranked by one KPI, the bottom flagged. */
export const getRanking = (
  query: StatScopeQuery & StatPeriodQuery & { level: StatLevel; kpi: KpiKey; bottom?: number | undefined },
  signal?: AbortSignal,
) => api.get<TRanking>('/api/stats/ranking', compactQuery({ ...query }), { signal })

// ---------------------------------------------------------------- bulletins (通报)

export type BulletinKind = TBulletin['period']['kind']

/** The same list as core's (core/api/bulletins.ts), without bundling zod into the pages. */
export const bulletinKindList: readonly BulletinKind[] = ['half_month', 'month']

export type BulletinListQuery = Partial<TBulletinListQuery>

/** The archived bulletins of one's areas and those under them, newest period first. */
export const listBulletins = (query: BulletinListQuery, signal?: AbortSignal) =>
  api.get<TBulletinList>('/api/stats/bulletins', compactQuery({ ...query }), { signal })

/**
 * Generates and archives a bulletin (needs bulletins.manage). Without `day`, the last finished period;
 * without `areaCode`, the caller's jurisdiction when it is one area. Takes a few seconds on the server.
 */
export const generateBulletin = (body: Partial<TGenerateBulletin> & Pick<TGenerateBulletin, 'period'>) =>
  api.post<TBulletin>('/api/stats/bulletins', body)
