import { describe, expect, it } from 'vitest'
import { buildCalendar } from './calendar.ts'
import { addWorkingTime, workingTimeBetween } from './deadline.ts'
import { at, days2025, days2026, local } from './fixtures.ts'

const cal = buildCalendar({ days: [...days2025, ...days2026], years: [2025, 2026] })
const HOUR = 3_600_000
const MINUTE = 60_000

describe('workingTimeBetween', () => {
  it('Fri 2026-05-08 17:00 → make-up Sat 05-09 10:00 is 2 h (30 min + 90 min)', () => {
    expect(workingTimeBetween(cal, at('2026-05-08 17:00'), at('2026-05-09 10:00'))).toBe(2 * HOUR)
  })

  it('an ordinary week Mon 2026-03-09 → Mon 03-16 is 5 × 7.5 h', () => {
    expect(workingTimeBetween(cal, at('2026-03-09 00:00'), at('2026-03-16 00:00'))).toBe(37.5 * HOUR)
  })

  it('the week before 春节 2026 (Mon 02-09 → Mon 02-16) has six working days with make-up Sat 02-14', () => {
    expect(workingTimeBetween(cal, at('2026-02-09 00:00'), at('2026-02-16 00:00'))).toBe(45 * HOUR)
  })

  it('国庆 2026 (Thu 10-01 → Thu 10-08 00:00) has no working time', () => {
    expect(workingTimeBetween(cal, at('2026-10-01 00:00'), at('2026-10-08 00:00'))).toBe(0)
  })

  it('the lunch break and the night are not working time', () => {
    expect(workingTimeBetween(cal, at('2026-03-10 12:00'), at('2026-03-10 13:30'))).toBe(0)
    expect(workingTimeBetween(cal, at('2026-03-10 17:30'), at('2026-03-11 08:30'))).toBe(0)
    expect(workingTimeBetween(cal, at('2026-03-10 11:00'), at('2026-03-10 14:00'))).toBe(90 * MINUTE)
  })

  it('an empty or reversed range is 0', () => {
    expect(workingTimeBetween(cal, at('2026-03-10 10:00'), at('2026-03-10 10:00'))).toBe(0)
    expect(workingTimeBetween(cal, at('2026-03-10 11:00'), at('2026-03-10 10:00'))).toBe(0)
  })
})

describe('addWorkingTime', () => {
  it('a start at night begins at 08:30 the next working day', () => {
    expect(local(addWorkingTime(cal, at('2026-03-10 22:00'), 30 * MINUTE))).toBe('Wed 2026-03-11 09:00')
  })

  it('a start on Friday evening skips the weekend', () => {
    expect(local(addWorkingTime(cal, at('2026-03-06 18:00'), HOUR))).toBe('Mon 2026-03-09 09:30')
  })

  it('reaching exactly the end of a period stops there, not at the next period', () => {
    expect(local(addWorkingTime(cal, at('2026-03-10 10:30'), 90 * MINUTE))).toBe('Tue 2026-03-10 12:00')
    expect(local(addWorkingTime(cal, at('2026-03-10 13:30'), 4 * HOUR))).toBe('Tue 2026-03-10 17:30')
  })

  it('moving by 0 leaves the instant where it is, even outside working hours', () => {
    expect(local(addWorkingTime(cal, at('2026-03-07 03:00'), 0))).toBe('Sat 2026-03-07 03:00')
  })

  it('rejects negative and non-finite amounts', () => {
    expect(() => addWorkingTime(cal, at('2026-03-10 10:00'), -1)).toThrow(RangeError)
    expect(() => addWorkingTime(cal, at('2026-03-10 10:00'), Number.NaN)).toThrow(RangeError)
    expect(() => addWorkingTime(cal, at('2026-03-10 10:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })

  it('stops rather than loop forever when a hand-made calendar never works', () => {
    const never = { ...cal, isWorkingDay: () => false }
    expect(() => addWorkingTime(never, at('2026-03-10 10:00'), HOUR)).toThrow(RangeError)
  })
})
