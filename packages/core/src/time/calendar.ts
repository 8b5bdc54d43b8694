/**
 * The working-day calendar (standards.md §7): which dates are working days in Asia/Shanghai
 * and when the working periods of a day are.
 *
 * All local time is Asia/Shanghai as a fixed UTC+8: China has had no daylight saving since
 * 1991, so plain Date arithmetic is exact and needs no time-zone database.
 */

/** A date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type IsoDate = string

/** An override of the weekday/weekend rule: a day off on a weekday (holiday) or a make-up working day (调休) on a weekend. */
export type CalendarDay = { date: IsoDate; kind: 'holiday' | 'workday'; name?: string }

/** Working periods of a working day, 'HH:MM' local time, ascending, non-overlapping, e.g. 08:30–12:00 and 13:30–17:30. */
export type WorkingPeriod = { start: string; end: string }

/** Office hours of Chinese government service: 08:30–12:00 and 13:30–17:30. */
export const defaultWorkingHours: readonly WorkingPeriod[] = Object.freeze([
  Object.freeze({ start: '08:30', end: '12:00' }),
  Object.freeze({ start: '13:30', end: '17:30' }),
])

export type WorkCalendar = {
  readonly hours: readonly WorkingPeriod[]
  /** Years whose schedule was entered; outside them, Mon–Fri work and Sat–Sun rest is assumed. */
  readonly knownYears: ReadonlySet<number>
  isWorkingDay(date: IsoDate): boolean
  /** The override for that date, if any (for display). */
  dayOf(date: IsoDate): CalendarDay | undefined
}

const MINUTE = 60_000
const DAY = 86_400_000
const SHANGHAI_OFFSET = 8 * 60 * MINUTE

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/
const hhmmPattern = /^(?:[01]\d|2[0-3]):[0-5]\d$/

/** UTC midnight of the date's numbers, so that day arithmetic needs no time zone. */
// Deadlines walk day by day through the calendar many times per request: the
// conversions below are remembered (dates in use are a few thousand at most).
const memoLimit = 50_000
const dayOfDate = new Map<string, number>()
const dateOfDay = new Map<number, IsoDate>()
const minutesOfHhmm = new Map<string, number>()

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size < memoLimit) memo.set(key, value)
  return value
}

function utcDayOf(date: IsoDate): number {
  const known = dayOfDate.get(date)
  if (known !== undefined) return known
  const match = isoDatePattern.exec(date)
  if (match) {
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
    // Date.UTC rolls 02-30 over into March; a round trip catches such dates.
    if (new Date(ms).toISOString().slice(0, 10) === date) return remember(dayOfDate, date, ms)
  }
  throw new RangeError(`not a date (YYYY-MM-DD): ${date}`)
}

function isoOfUtcDay(ms: number): IsoDate {
  const day = Math.floor(ms / DAY)
  const known = dateOfDay.get(day)
  if (known !== undefined) return known
  return remember(dateOfDay, day, new Date(day * DAY).toISOString().slice(0, 10))
}

/**
 * Minutes after local midnight of 'HH:MM'. '24:00' (= 1440) is accepted because a period, or
 * a natural-day limit, may end at the very end of a day.
 */
export function minutesOfDay(hhmm: string): number {
  const known = minutesOfHhmm.get(hhmm)
  if (known !== undefined) return known
  if (hhmm === '24:00') return 1440
  if (!hhmmPattern.test(hhmm)) throw new RangeError(`not a time (HH:MM): ${hhmm}`)
  return remember(minutesOfHhmm, hhmm, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)))
}

/** The local calendar date of an instant. */
export function shanghaiDate(at: Date): IsoDate {
  const ms = at.getTime()
  if (Number.isNaN(ms)) throw new RangeError('invalid Date')
  return isoOfUtcDay(ms + SHANGHAI_OFFSET)
}

/** The instant of a local date and time; '24:00' is the next midnight (the end of that date). */
export function shanghaiTime(date: IsoDate, hhmm: string): Date {
  return new Date(utcDayOf(date) + minutesOfDay(hhmm) * MINUTE - SHANGHAI_OFFSET)
}

/** Day-by-day walks (working days, sweeps over thousands of cases) ask for the same next days again and again. */
const nextDays = new Map<IsoDate, IsoDate>()
const maxCachedDays = 100_000

export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer: ${n}`)
  if (n !== 1) return isoOfUtcDay(utcDayOf(date) + n * DAY)
  let next = nextDays.get(date)
  if (next === undefined) {
    next = isoOfUtcDay(utcDayOf(date) + DAY)
    if (nextDays.size < maxCachedDays) nextDays.set(date, next)
  }
  return next
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return new Date(utcDayOf(date)).getUTCDay()
}

/**
 * Checks working hours: HH:MM format, each period start < end, ascending, no overlap.
 * Returns problems (empty = ok), English messages naming the period by index.
 * '24:00' is allowed as an end (a shift to midnight) but not as a start. Periods may touch
 * (12:00–12:00) since that is not an overlap. At least one period is required: without one no
 * working-time limit could ever run out.
 */
export function checkWorkingHours(hours: readonly WorkingPeriod[]): string[] {
  if (hours.length === 0) return ['at least one working period is required']
  const problems: string[] = []
  let previousEnd: number | undefined
  hours.forEach((period, i) => {
    const start = hhmmPattern.test(period.start) ? minutesOfDay(period.start) : undefined
    const end = hhmmPattern.test(period.end) || period.end === '24:00' ? minutesOfDay(period.end) : undefined
    if (start === undefined) problems.push(`hours[${i}].start is not HH:MM (00:00–23:59): '${period.start}'`)
    if (end === undefined) problems.push(`hours[${i}].end is not HH:MM (00:00–24:00): '${period.end}'`)
    if (start !== undefined && end !== undefined && start >= end) {
      problems.push(`hours[${i}]: start ${period.start} is not before end ${period.end}`)
    }
    if (start !== undefined && previousEnd !== undefined && start < previousEnd) {
      problems.push(
        `hours[${i}] starts at ${period.start}, before hours[${i - 1}] ends (overlap or not ascending)`,
      )
    }
    // A broken end leaves nothing to compare the next start with; skip rather than cascade.
    previousEnd = end
  })
  return problems
}

/**
 * A calendar from the State Council schedules entered for `years` (holidays and make-up days)
 * and the working hours (default 08:30–12:00, 13:30–17:30).
 *
 * Overrides apply whatever their year: `knownYears` only tells callers (e.g. a warning in the
 * console) for which years the schedule was entered, so that a deadline in an unknown year can
 * be flagged as assumed. Throws RangeError on invalid hours, a malformed date, or a date entered
 * both as holiday and as workday, since silently picking one would move deadlines.
 */
export function buildCalendar(input: {
  days: readonly CalendarDay[]
  years: readonly number[]
  hours?: readonly WorkingPeriod[]
}): WorkCalendar {
  const hours = input.hours ?? defaultWorkingHours
  const problems = checkWorkingHours(hours)
  if (problems.length > 0) throw new RangeError(`invalid working hours: ${problems.join('; ')}`)
  for (const year of input.years) {
    if (!Number.isInteger(year)) throw new RangeError(`not a year: ${year}`)
  }
  const overrides = new Map<IsoDate, CalendarDay>()
  for (const day of input.days) {
    utcDayOf(day.date)
    if (day.kind !== 'holiday' && day.kind !== 'workday') {
      throw new RangeError(`${day.date}: kind must be 'holiday' or 'workday'`)
    }
    const earlier = overrides.get(day.date)
    if (earlier && earlier.kind !== day.kind) {
      throw new RangeError(`${day.date} is entered both as holiday and as workday`)
    }
    overrides.set(day.date, Object.freeze({ ...day }))
  }
  // Deadline sweeps ask about the same few hundred dates for thousands of cases.
  const workingDays = new Map<IsoDate, boolean>()
  return Object.freeze({
    hours: Object.freeze(hours.map((p) => Object.freeze({ start: p.start, end: p.end }))),
    knownYears: new Set(input.years),
    isWorkingDay(date: IsoDate): boolean {
      let working = workingDays.get(date)
      if (working === undefined) {
        const override = overrides.get(date)
        const weekday = weekdayOf(date)
        working = override ? override.kind === 'workday' : weekday !== 0 && weekday !== 6
        workingDays.set(date, working)
      }
      return working
    },
    dayOf(date: IsoDate): CalendarDay | undefined {
      return overrides.get(date)
    },
  })
}
