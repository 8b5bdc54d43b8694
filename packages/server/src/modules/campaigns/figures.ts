import type { TCampaignFigures } from '@onegrid/core/api/campaigns'
import { addDays, type IsoDate, type WorkCalendar } from '@onegrid/core/time/calendar'
import type { GridCount } from './campaign-queries.ts'

/** A grid's counters with its hazard cases' state (closed ones counted). */
export type GridFigures = GridCount & { hazardCasesClosed: number }

/** What closing a campaign keeps: every grid's figures as they stood. */
export type Frozen = { asOf: string; grids: GridFigures[] }

/** (part ÷ whole) × 100 with two decimals, rounded half up in integer arithmetic; null without a whole. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.floor((2 * part * 10_000 + whole) / (2 * whole)) / 100
}

/** Sums grids into figures; `past`: the deadline has passed, so what is open is overdue. */
export function figuresOf(grids: readonly GridFigures[], past: boolean): TCampaignFigures {
  const sum = (k: keyof Omit<GridFigures, 'gridCode' | 'areaPath'>) => grids.reduce((n, g) => n + g[k], 0)
  const total = sum('total')
  const done = sum('done')
  const late = sum('late')
  return {
    total,
    done,
    inProgress: sum('inProgress'),
    pending: sum('pending'),
    overdue: (past ? total - done : 0) + late,
    late,
    hazards: sum('hazards'),
    hazardCases: sum('hazardCases'),
    hazardCasesClosed: sum('hazardCasesClosed'),
    rate: percentOf(done, total),
  }
}

/** The n-th working day counting from `start` (itself included when it is one). */
export function nthWorkingDay(cal: WorkCalendar, start: IsoDate, n: number): IsoDate {
  let day = start
  let count = cal.isWorkingDay(day) ? 1 : 0
  while (count < n) {
    day = addDays(day, 1)
    if (cal.isWorkingDay(day)) count++
  }
  return day
}

/** The last working day before `day`. */
export function previousWorkingDay(cal: WorkCalendar, day: IsoDate): IsoDate {
  let d = addDays(day, -1)
  for (let i = 0; i < 60 && !cal.isWorkingDay(d); i++) d = addDays(d, -1)
  return d
}

/** Working days from `from` to `to`, both included. */
export function workingDaysBetween(cal: WorkCalendar, from: IsoDate, to: IsoDate): number {
  let n = 0
  for (let d = from; d <= to; d = addDays(d, 1)) if (cal.isWorkingDay(d)) n++
  return n
}

/** The share of the campaign's working days elapsed by `today` (included), 0..100. */
export function expectedRate(cal: WorkCalendar, start: IsoDate, deadline: IsoDate, today: IsoDate): number {
  if (today < start) return 0
  if (today > deadline) return 100
  const all = workingDaysBetween(cal, start, deadline)
  if (all === 0) return 100
  return percentOf(workingDaysBetween(cal, start, today), all) ?? 100
}
