import { type PeriodKind, periodKinds } from '@onegrid/core/stats/periods'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { StatLevel } from '../../../shared/api/stats.ts'

/** What the dashboard shows, as its address carries it (?period=week&day=2026-11-20&area=110120001&rank=grid). */
export interface StatsView {
  period: PeriodKind
  day: string | null
  area: string | null
  /** A ranking level other than the dashboard's own (the next level down). */
  rank: StatLevel | null
}

const rankLevels: readonly StatLevel[] = ['street', 'community', 'grid', 'department', 'reporter', 'handler']
const one = (v: LocationQuery[string] | undefined) => (typeof v === 'string' && v !== '' ? v : null)

export function viewFromQuery(query: LocationQuery): StatsView {
  const period = one(query.period)
  const day = one(query.day)
  const area = one(query.area)
  const rank = one(query.rank)
  return {
    period: period && (periodKinds as readonly string[]).includes(period) ? (period as PeriodKind) : 'month',
    day: day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null,
    area: area && /^\d{6,15}$/.test(area) ? area : null,
    rank: rank && (rankLevels as readonly string[]).includes(rank) ? (rank as StatLevel) : null,
  }
}

/** The address of a view: defaults left out, so the plain dashboard stays at `/`. */
export function viewToQuery(view: StatsView): LocationQueryRaw {
  return {
    ...(view.period !== 'month' ? { period: view.period } : {}),
    ...(view.day ? { day: view.day } : {}),
    ...(view.area ? { area: view.area } : {}),
    ...(view.rank ? { rank: view.rank } : {}),
  }
}

/** How many periods the trend shows for each kind: a month of days, a quarter of weeks, a year of months… */
export const trendLength: Record<PeriodKind, number> = {
  day: 30,
  week: 12,
  half_month: 12,
  month: 12,
  quarter: 8,
  year: 5,
}

/** The areas a user may count: the last code of each scope path, none inside another. */
export function scopeRoots(areaScopes: readonly string[]): string[] {
  const codes = [...new Set(areaScopes.map((path) => path.split('.').at(-1) ?? '').filter(Boolean))]
  return codes.filter((code) => !codes.some((other) => other !== code && code.startsWith(other)))
}

/** The ranking levels below an area's level that make sense to offer (a grid has no level below). */
export function rankLevelsFor(areaCode: string | null, hasUnits: boolean): StatLevel[] {
  const length = areaCode?.length ?? 6
  const areas: StatLevel[] =
    length <= 6
      ? ['street', 'community', 'grid']
      : length <= 9
        ? ['community', 'grid']
        : length <= 12
          ? ['grid']
          : []
  return [...areas, ...(hasUnits || length <= 6 ? (['department'] as const) : [])]
}
