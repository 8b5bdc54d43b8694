import type { TCalendarDay } from '@onegrid/core/api/calendar'
import { addDays, buildCalendar, weekdayOf } from '@onegrid/core/time/calendar'
import type { AppLocale } from '../../../shared/i18n/locale.ts'

/** What a date is under the year's list: the weekday/weekend rule, a holiday (休) or a make-up working day (班). */
export type DayState = 'default' | 'holiday' | 'workday'
/** How a date is shown. */
export interface DayInfo {
  state: DayState
  name: string
  /** Changed here and not saved yet. */
  pending: boolean
}
/** A pending change of one date: its new state and, for a holiday, its name. */
export interface DayChange {
  state: DayState
  name: string
}

const pad = (n: number) => String(n).padStart(2, '0')
export const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`
export const isWeekend = (date: string) => {
  const weekday = weekdayOf(date)
  return weekday === 0 || weekday === 6
}

/** A month as weeks of seven cells, Monday first; cells outside the month are null. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = isoDate(year, month, 1)
  const lead = (weekdayOf(first) + 6) % 7
  const cells: (string | null)[] = Array.from({ length: lead }, () => null)
  for (let date = first; Number(date.slice(5, 7)) === month; date = addDays(date, 1)) cells.push(date)
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks: (string | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

/**
 * The state after a click: default → 休 → 班 → default. A make-up working day only exists on a weekend
 * (a weekday is a working day already), so on a weekday 休 goes straight back to default.
 */
export function nextState(state: DayState, date: string): DayState {
  if (state === 'default') return 'holiday'
  if (state === 'holiday' && isWeekend(date)) return 'workday'
  return 'default'
}

/** The year's list with the pending changes applied, in date order: what is sent to replace it. */
export function applyChanges(
  days: readonly TCalendarDay[],
  changes: ReadonlyMap<string, DayChange>,
): TCalendarDay[] {
  const byDate = new Map(days.map((d) => [d.date, { ...d }]))
  for (const [date, change] of changes) {
    if (change.state === 'default') byDate.delete(date)
    else
      byDate.set(date, {
        date,
        kind: change.state,
        name: change.state === 'holiday' ? change.name.trim() : '',
      })
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date))
}

/** Working days of a year under a list of holidays and make-up days. */
export function countWorkingDays(year: number, days: readonly TCalendarDay[]): number {
  const calendar = buildCalendar({ days, years: [year] })
  let n = 0
  for (let date = isoDate(year, 1, 1); date.startsWith(`${year}-`); date = addDays(date, 1)) {
    if (calendar.isWorkingDay(date)) n++
  }
  return n
}

/** The years offered: those with a schedule, this year and the next, and the one shown. */
export function yearChoices(knownYears: readonly number[], thisYear: number, shown: number): number[] {
  return [...new Set([...knownYears, thisYear, thisYear + 1, shown])].sort((a, b) => a - b)
}

/** A deadline in Beijing time with its weekday, e.g. 2026/10/10 周六 17:30. */
export function formatDeadline(iso: string, locale: AppLocale): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const part = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', ...options }).format(date)
  const day = part({ year: 'numeric', month: '2-digit', day: '2-digit' })
  const weekday = part({ weekday: 'short' })
  const time = part({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  return `${day} ${weekday} ${time}`
}

/** How every date with a holiday, a make-up day or a pending change is shown. */
export function dayInfos(
  days: readonly TCalendarDay[],
  changes: ReadonlyMap<string, DayChange>,
): Map<string, DayInfo> {
  const infos = new Map<string, DayInfo>(
    days.map((d) => [d.date, { state: d.kind, name: d.name, pending: false }]),
  )
  for (const [date, change] of changes)
    infos.set(date, { state: change.state, name: change.name, pending: true })
  return infos
}

/** The state a date has in the saved list. */
export function savedState(days: readonly TCalendarDay[], date: string): DayChange {
  const day = days.find((d) => d.date === date)
  return day ? { state: day.kind, name: day.name } : { state: 'default', name: '' }
}

/** The name of a holiday right before or after a date: the likely name of a day added to it. */
export function neighbourName(infos: ReadonlyMap<string, DayInfo>, date: string): string {
  for (const n of [-1, 1, -2, 2]) {
    const info = infos.get(addDays(date, n))
    if (info?.state === 'holiday' && info.name) return info.name
  }
  return ''
}
