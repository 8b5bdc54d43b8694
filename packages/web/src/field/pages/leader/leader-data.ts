import { listCases, type TCaseList, type TCaseQuery } from '../../../shared/api/cases.ts'
import { getDashboard, type TDashboard } from '../../../shared/api/stats.ts'
import { fieldDb } from '../../offline/db.ts'

/**
 * What 领导通 shows and how it is fetched and kept: the dashboard of a period and scope (GET
 * /api/stats/dashboard), the overdue cases not yet supervised and the supervised ones of the scope now
 * (listCases' queues, which carry each case's version for 督办), and the last answer kept on the phone for when there is no signal.
 */

export const leaderPeriods = ['day', 'week', 'month', 'year'] as const
export type LeaderPeriod = (typeof leaderPeriods)[number]

/** Which numbers: a standard period containing today, and an area of mine (null: all of my scope). */
export interface LeaderView {
  period: LeaderPeriod
  area: string | null
}

export interface LeaderSnapshot {
  dashboard: TDashboard
  /** Overdue and not supervised yet: what a leader may 督办. */
  overdue: TCaseList
  /** Under supervision (督办中), overdue or not, the latest first. */
  supervised: TCaseList
}

/** How many cases of each list are fetched (the card shows five, the rest on a tap). */
export const listSize = 20

const isPeriod = (v: unknown): v is LeaderPeriod => leaderPeriods.some((p) => p === v)
const one = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v)

/** The view from the page's address (`?period=week&area=110120001`); this month and all of my scope by default. */
export function viewFromQuery(query: Record<string, unknown>): LeaderView {
  const period = one(query.period)
  const area = one(query.area)
  return {
    period: isPeriod(period) ? period : 'month',
    area: typeof area === 'string' && /^\d{6,15}$/.test(area) ? area : null,
  }
}

export function viewToQuery(view: LeaderView): Record<string, string> {
  return {
    ...(view.period === 'month' ? {} : { period: view.period }),
    ...(view.area ? { area: view.area } : {}),
  }
}

/**
 * The area one level up from `area` (codes nest: district 6, street 9, community 12, grid 15 digits), or
 * null for all of my scope once that is reached (my own areas, or the district).
 */
export function parentArea(area: string, mine: readonly string[]): string | null {
  const parent = area.slice(0, -3)
  return parent.length <= 6 || mine.includes(parent) ? null : parent
}

/** Rankings of areas can be opened one level down (a street's communities, a community's grids). */
export const drillable = (level: string): boolean => level === 'street' || level === 'community'

/** Fetches the three parts side by side. */
export async function fetchSnapshot(view: LeaderView, signal?: AbortSignal): Promise<LeaderSnapshot> {
  const areaCode = view.area ?? undefined
  const list = (query: TCaseQuery) =>
    listCases({ ...query, pageSize: listSize, ...(areaCode ? { areaCode } : {}) }, signal)
  const [dashboard, overdue, supervised] = await Promise.all([
    getDashboard({ period: view.period, areaCode }, signal),
    // Overdue a day, a case is supervised by the deadline sweep: those are in the second list.
    list({ queue: 'overdue', supervised: 'false', sort: 'due_asc' }),
    // The latest supervised (or answered to) first: what was just asked for is on top.
    list({ queue: 'supervised', sort: 'updated_desc' }),
  ])
  return { dashboard, overdue, supervised }
}

const keyOf = (view: LeaderView) => `leader:${view.period}:${view.area ?? ''}`

/**
 * The last snapshot of a view kept on the phone (the field app's reference store, cleared with the rest
 * on signing out), if it is this user's.
 */
export async function keptSnapshot(
  view: LeaderView,
  owner: number,
): Promise<{ snapshot: LeaderSnapshot; savedAt: number } | undefined> {
  const record = await (await fieldDb()).get('reference', keyOf(view))
  if (!record || record.owner !== owner) return undefined
  return { snapshot: record.value as LeaderSnapshot, savedAt: record.savedAt }
}

export async function keepSnapshot(
  view: LeaderView,
  owner: number,
  snapshot: LeaderSnapshot,
  savedAt: number,
): Promise<void> {
  await (await fieldDb()).put('reference', { key: keyOf(view), value: snapshot, savedAt, owner })
}

/** The 30 days' reported counts of the dashboard's trend, oldest first. */
export function reportedSeries(dashboard: Pick<TDashboard, 'trend'>): number[] {
  return dashboard.trend.map((p) => p.kpis.find((k) => k.key === 'reported')?.value ?? 0)
}
