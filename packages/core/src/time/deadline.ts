/**
 * Case deadlines (办理时限) counted as standards.md §7 says, after 民法典 第二百零一条、第二百零三条.
 *
 * - working_days: the start's local date is not counted; count N working days after it
 *   (holidays off, 调休 make-up days on, weekends off unless make-up). The deadline is the end
 *   of the last working period (close of business, 17:30 by default) of the N-th working day.
 *   A start on a holiday or at night changes nothing: the start date is simply not counted.
 * - working_hours: counted through the working periods of working days only; a start outside
 *   working hours begins at the next working moment; reaching exactly the end of a period is
 *   the deadline (Fri 17:00 + 2 h → make-up Sat 10:00: 30 min Friday, 90 min Saturday).
 * - natural_hours: plain elapsed time, holidays ignored.
 * - natural_days: the start day is not counted; ends at 24:00 of the N-th calendar day after
 *   the start date; if that day is not a working day (weekend or holiday) the end moves to
 *   24:00 of the next working day (民法典 第二百零三条).
 *
 * Pauses (挂起/暂停) add back the time they lasted, measured in the limit's own time: working
 * time for working units (so a pause over a weekend adds nothing to a working-days limit) and
 * elapsed time for natural units. Extensions (延期) are applied after the pauses.
 */
import { addDays, shanghaiDate, shanghaiTime, type WorkCalendar } from './calendar.ts'
import { addWorkingTime, workingTimeBetween } from './working-time.ts'

export { addWorkingTime, workingTimeBetween } from './working-time.ts'

export const limitUnits = ['working_days', 'working_hours', 'natural_days', 'natural_hours'] as const
export type LimitUnit = (typeof limitUnits)[number]
/** amount > 0; hours may be fractional (0.5 = 30 min); days are whole. */
export type TimeLimit = { amount: number; unit: LimitUnit }
/** A suspension (挂起/暂停): to = null while still suspended. */
export type Pause = { from: Date; to: Date | null }
export type DeadlineOptions = { pauses?: readonly Pause[]; extensions?: readonly TimeLimit[] }

const HOUR = 3_600_000

/** A pause reduced to the instants that matter: clipped to the start, never empty. */
type Interval = { from: number; to: number }

function checkLimit(limit: TimeLimit): void {
  if (!(limitUnits as readonly string[]).includes(limit.unit)) {
    throw new RangeError(`unknown limit unit: ${String(limit.unit)}`)
  }
  if (!Number.isFinite(limit.amount) || limit.amount <= 0) {
    throw new RangeError(`limit amount must be a finite number > 0: ${limit.amount}`)
  }
  if (limit.unit.endsWith('_days') && !Number.isInteger(limit.amount)) {
    throw new RangeError(`a limit in days must be a whole number: ${limit.amount}`)
  }
}

function checkDate(at: Date, what: string): number {
  const ms = at.getTime()
  if (Number.isNaN(ms)) throw new RangeError(`${what} is an invalid Date`)
  return ms
}

const isWorkingUnit = (unit: LimitUnit): boolean => unit === 'working_days' || unit === 'working_hours'

/** Time inside [from, to) in the limit's own measure. */
function measure(cal: WorkCalendar, unit: LimitUnit, from: number, to: number): number {
  if (to <= from) return 0
  return isWorkingUnit(unit) ? workingTimeBetween(cal, new Date(from), new Date(to)) : to - from
}

/** Moves forward by `ms` of the limit's own measure. */
function advance(cal: WorkCalendar, unit: LimitUnit, from: number, ms: number): number {
  return isWorkingUnit(unit) ? addWorkingTime(cal, new Date(from), ms).getTime() : from + ms
}

/**
 * The date a day count starts after. A deadline exactly at local midnight is 24:00 of the day
 * before (that is how natural-day deadlines and 24:00 shifts end), so an extension counted from
 * it must not skip the day that follows.
 */
function countingBase(at: number, fromDeadline: boolean): string {
  const date = shanghaiDate(new Date(at))
  return fromDeadline && shanghaiTime(date, '00:00').getTime() === at ? addDays(date, -1) : date
}

/** Where `limit` runs out when counted from `from`, ignoring pauses. */
function runOut(cal: WorkCalendar, from: number, limit: TimeLimit, fromDeadline: boolean): number {
  switch (limit.unit) {
    case 'working_hours':
      return addWorkingTime(cal, new Date(from), limit.amount * HOUR).getTime()
    case 'natural_hours':
      return from + limit.amount * HOUR
    case 'working_days': {
      let date = countingBase(from, fromDeadline)
      for (let counted = 0; counted < limit.amount; ) {
        date = addDays(date, 1)
        if (cal.isWorkingDay(date)) counted++
      }
      const closeOfBusiness = cal.hours[cal.hours.length - 1]?.end
      if (closeOfBusiness === undefined) throw new RangeError('the calendar has no working periods')
      return shanghaiTime(date, closeOfBusiness).getTime()
    }
    case 'natural_days': {
      let date = addDays(countingBase(from, fromDeadline), limit.amount)
      while (!cal.isWorkingDay(date)) date = addDays(date, 1)
      return shanghaiTime(date, '24:00').getTime()
    }
  }
}

/**
 * Pauses as sorted, merged intervals from `start` on. An open pause ends at `openEnd`, or at its
 * own start (adds nothing yet) when there is none. Overlapping pauses are merged so that time
 * suspended twice is added back once.
 */
function pauseIntervals(start: number, pauses: readonly Pause[], openEnd: number | undefined): Interval[] {
  const intervals: Interval[] = []
  for (const pause of pauses) {
    const from = checkDate(pause.from, 'pause.from')
    const to = pause.to === null ? Math.max(from, openEnd ?? from) : checkDate(pause.to, 'pause.to')
    if (to < from) throw new RangeError(`a pause ends before it starts: ${pause.from.toISOString()}`)
    if (to > Math.max(from, start)) intervals.push({ from: Math.max(from, start), to })
  }
  intervals.sort((a, b) => a.from - b.from)
  const merged: Interval[] = []
  for (const interval of intervals) {
    const last = merged[merged.length - 1]
    if (last && interval.from <= last.to) last.to = Math.max(last.to, interval.to)
    else merged.push({ ...interval })
  }
  return merged
}

/**
 * The deadline with pauses and extensions. Each pause moves the deadline on by the part of it
 * that lies before the (moving) deadline. A pause that starts before the deadline and ends after
 * it is therefore counted whole: the clock stood still until the pause ended and then still had
 * the time between pause start and old deadline to run. A pause that starts at or after the
 * deadline adds nothing, and neither does any later one.
 */
function deadlineOf(
  cal: WorkCalendar,
  start: number,
  limit: TimeLimit,
  pauses: readonly Interval[],
  extensions: readonly TimeLimit[],
): number {
  let deadline = runOut(cal, start, limit, false)
  for (const pause of pauses) {
    if (pause.from >= deadline) break
    deadline =
      pause.to <= deadline
        ? advance(cal, limit.unit, deadline, measure(cal, limit.unit, pause.from, pause.to))
        : advance(cal, limit.unit, pause.to, measure(cal, limit.unit, pause.from, deadline))
  }
  for (const extension of extensions) deadline = runOut(cal, deadline, extension, true)
  return deadline
}

function pausedWithin(
  cal: WorkCalendar,
  unit: LimitUnit,
  pauses: readonly Interval[],
  from: number,
  to: number,
) {
  let total = 0
  for (const pause of pauses) total += measure(cal, unit, Math.max(pause.from, from), Math.min(pause.to, to))
  return total
}

/**
 * The moment a limit started at `start` runs out. An open pause (to = null) adds nothing yet:
 * how long it will last is not known; {@link clockState} counts it up to `now`.
 * Throws RangeError for an amount that is not finite and > 0, or days that are not whole.
 */
export function computeDeadline(
  cal: WorkCalendar,
  start: Date,
  limit: TimeLimit,
  options?: DeadlineOptions,
): Date {
  checkLimit(limit)
  const extensions = options?.extensions ?? []
  for (const extension of extensions) checkLimit(extension)
  const from = checkDate(start, 'start')
  const pauses = pauseIntervals(from, options?.pauses ?? [], undefined)
  return new Date(deadlineOf(cal, from, limit, pauses, extensions))
}

/**
 * How much of a limit is used at `now`, and the light: warning (黄灯) from 80 %, overdue (红灯)
 * once `now` is past the deadline. An open pause lasts until `now`.
 *
 * used = (time from start to now − paused time) / (time from start to the deadline − paused
 * time), both in the limit's own measure: working time for working units (from the start
 * instant, so a working-days limit also counts the rest of the start day), elapsed time for
 * natural units. remainingMs is the difference, negative when overdue.
 */
export function clockState(
  cal: WorkCalendar,
  start: Date,
  limit: TimeLimit,
  now: Date,
  options?: DeadlineOptions,
): { deadline: Date; used: number; light: 'green' | 'yellow' | 'red'; remainingMs: number } {
  checkLimit(limit)
  const extensions = options?.extensions ?? []
  for (const extension of extensions) checkLimit(extension)
  const from = checkDate(start, 'start')
  const at = checkDate(now, 'now')
  const pauses = pauseIntervals(from, options?.pauses ?? [], at)
  const deadline = deadlineOf(cal, from, limit, pauses, extensions)
  const total =
    measure(cal, limit.unit, from, deadline) - pausedWithin(cal, limit.unit, pauses, from, deadline)
  const usedMs = measure(cal, limit.unit, from, at) - pausedWithin(cal, limit.unit, pauses, from, at)
  // Only a limit that leaves no measurable time at all (e.g. paused throughout) has total 0.
  const used = total > 0 ? usedMs / total : at > deadline ? Number.POSITIVE_INFINITY : 0
  const light = at > deadline ? 'red' : used >= 0.8 ? 'yellow' : 'green'
  return { deadline: new Date(deadline), used, light, remainingMs: total - usedMs }
}
