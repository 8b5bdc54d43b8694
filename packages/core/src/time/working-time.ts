/**
 * Working time: the working periods of working days, measured and walked through day by day
 * (never minute by minute, so a sweep over thousands of cases stays cheap).
 */
import { addDays, minutesOfDay, shanghaiDate, shanghaiTime, type WorkCalendar } from './calendar.ts'

const MINUTE = 60_000
const DAY = 86_400_000

/**
 * A calendar whose days are all off forever cannot occur with finite overrides, but a
 * hand-made WorkCalendar could say so; ten years without a working day is surely a bug.
 */
const maxDaysWithoutWork = 3660

/** The working periods as [start, end) instants, day after day, from the day that contains `from`. */
function* workingSpans(cal: WorkCalendar, from: Date): Generator<readonly [number, number]> {
  if (Number.isNaN(from.getTime())) throw new RangeError('invalid Date')
  const offsets = cal.hours.map(
    (p) => [minutesOfDay(p.start) * MINUTE, minutesOfDay(p.end) * MINUTE] as const,
  )
  if (offsets.length === 0) throw new RangeError('the calendar has no working periods')
  // Local days step by 24 h (Shanghai has no daylight saving); the next date comes from addDays' cache.
  let date = shanghaiDate(from)
  let midnight = shanghaiTime(date, '00:00').getTime()
  let idleDays = 0
  for (;;) {
    if (cal.isWorkingDay(date)) {
      idleDays = 0
      for (const [start, end] of offsets) yield [midnight + start, midnight + end]
    } else if (++idleDays > maxDaysWithoutWork) {
      throw new RangeError(`no working day within ${maxDaysWithoutWork} days of ${from.toISOString()}`)
    }
    midnight += DAY
    date = addDays(date, 1)
  }
}

/** Working time (ms) inside [from, to): only working periods of working days. */
export function workingTimeBetween(cal: WorkCalendar, from: Date, to: Date): number {
  const end = to.getTime()
  if (Number.isNaN(end)) throw new RangeError('invalid Date')
  if (end <= from.getTime()) return 0
  let total = 0
  for (const [spanStart, spanEnd] of workingSpans(cal, from)) {
    if (spanStart >= end) break
    total += Math.max(0, Math.min(spanEnd, end) - Math.max(spanStart, from.getTime()))
  }
  return total
}

/**
 * Moves forward through `ms` of working time from `from` (a start outside working hours begins
 * at the next working moment). Reaching exactly the end of a period is the answer: 1 h from
 * 16:30 is 17:30 that day, not 08:30 the next. Moving by 0 returns `from` itself, so that a
 * pause without working time in it leaves a deadline where it was.
 */
export function addWorkingTime(cal: WorkCalendar, from: Date, ms: number): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`working time must be a finite ms >= 0: ${ms}`)
  if (ms === 0) return new Date(from.getTime())
  let left = ms
  for (const [spanStart, spanEnd] of workingSpans(cal, from)) {
    if (spanEnd <= from.getTime()) continue
    const start = Math.max(spanStart, from.getTime())
    if (left <= spanEnd - start) return new Date(start + left)
    left -= spanEnd - start
  }
  // workingSpans never ends: it yields or throws.
  throw new Error('unreachable')
}
