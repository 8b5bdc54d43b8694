import { describe, expect, it } from 'vitest'
import { buildCalendar } from './calendar.ts'
import { computeDeadline, type DeadlineOptions, type TimeLimit } from './deadline.ts'
import { at, days2025, days2026, local } from './fixtures.ts'

const cal = buildCalendar({ days: [...days2025, ...days2026], years: [2025, 2026] })

const wd = (amount: number): TimeLimit => ({ amount, unit: 'working_days' })
const wh = (amount: number): TimeLimit => ({ amount, unit: 'working_hours' })
const nd = (amount: number): TimeLimit => ({ amount, unit: 'natural_days' })
const nh = (amount: number): TimeLimit => ({ amount, unit: 'natural_hours' })

/** The deadline as local Shanghai time with its weekday. */
function due(start: string, limit: TimeLimit, options?: DeadlineOptions, calendar = cal): string {
  return local(computeDeadline(calendar, at(start), limit, options))
}

describe('standards.md §7 worked examples', () => {
  it('Wed 2026-09-30 15:00 + 3 working days: 10-01…10-07 off; 10-08, 10-09, make-up Sat 10-10', () => {
    expect(due('2026-09-30 15:00', wd(3))).toBe('Sat 2026-10-10 17:30')
  })

  it('Fri 2026-02-13 16:00 + 3 working days: make-up Sat 02-14; 02-15…02-23 off; 02-24, 02-25', () => {
    expect(due('2026-02-13 16:00', wd(3))).toBe('Wed 2026-02-25 17:30')
  })

  it('Sun 2026-10-04 11:00 + 1 working day: the holiday start day is not counted anyway → 10-08', () => {
    expect(due('2026-10-04 11:00', wd(1))).toBe('Thu 2026-10-08 17:30')
  })

  it('Mon 2026-04-27 09:00 + 15 working days: 05-01…05-05 off, make-up Sat 05-09 counts', () => {
    expect(due('2026-04-27 09:00', wd(15))).toBe('Wed 2026-05-20 17:30')
  })

  it('Fri 2026-05-08 17:00 + 2 working hours: 30 min Friday, 90 min make-up Saturday', () => {
    expect(due('2026-05-08 17:00', wh(2))).toBe('Sat 2026-05-09 10:00')
  })

  it('Thu 2026-10-01 10:00 + 24 natural hours ignores the holiday', () => {
    expect(due('2026-10-01 10:00', nh(24))).toBe('Fri 2026-10-02 10:00')
  })

  it('Thu 2026-06-18 10:00 + 3 working days, suspended Mon 06-22 09:00 → Tue 06-23 09:00 (7.5 h = one working day)', () => {
    expect(due('2026-06-18 10:00', wd(3))).toBe('Wed 2026-06-24 17:30')
    const pauses = [{ from: at('2026-06-22 09:00'), to: at('2026-06-23 09:00') }]
    expect(due('2026-06-18 10:00', wd(3), { pauses })).toBe('Thu 2026-06-25 17:30')
  })
})

describe('working days in 2025', () => {
  it('Fri 01-24 + 3: make-up Sun 01-26 = 1, Mon 01-27 = 2, 01-28…02-04 off, Wed 02-05 = 3', () => {
    expect(due('2025-01-24 10:00', wd(3))).toBe('Wed 2025-02-05 17:30')
  })

  it('Mon 02-03 (春节) + 5: Wed 02-05, Thu, Fri, make-up Sat 02-08 = 4, Sun off, Mon 02-10 = 5', () => {
    expect(due('2025-02-03 10:00', wd(5))).toBe('Mon 2025-02-10 17:30')
  })

  it('Fri 04-25 + 5 (劳动节): make-up Sun 04-27 = 1, 04-28…04-30 = 2–4, 05-01…05-05 off, Tue 05-06 = 5', () => {
    expect(due('2025-04-25 14:00', wd(5))).toBe('Tue 2025-05-06 17:30')
  })

  it('Fri 09-26 + 3 (国庆): Sat off, make-up Sun 09-28 = 1, Mon 09-29 = 2, Tue 09-30 = 3', () => {
    expect(due('2025-09-26 09:00', wd(3))).toBe('Tue 2025-09-30 17:30')
  })

  it('Tue 09-30 + 3 (国庆): 10-01…10-08 off, Thu 10-09 = 1, Fri 10-10 = 2, make-up Sat 10-11 = 3', () => {
    expect(due('2025-09-30 10:00', wd(3))).toBe('Sat 2025-10-11 17:30')
  })

  it('Thu 04-03 + 1 (清明 04-04…04-06) → Mon 04-07; Fri 05-30 + 1 (端午 05-31…06-02) → Tue 06-03', () => {
    expect(due('2025-04-03 10:00', wd(1))).toBe('Mon 2025-04-07 17:30')
    expect(due('2025-05-30 16:00', wd(1))).toBe('Tue 2025-06-03 17:30')
  })

  it('Tue 2024-12-31 + 1: 元旦 2025-01-01 off → Thu 01-02 (2024 itself falls back to weekdays)', () => {
    expect(due('2024-12-31 10:00', wd(1))).toBe('Thu 2025-01-02 17:30')
  })
})

describe('working days: the start day and the weekend', () => {
  it('Fri 2026-03-06 + 1 skips the weekend → Mon 03-09', () => {
    expect(due('2026-03-06 10:00', wd(1))).toBe('Mon 2026-03-09 17:30')
  })

  it('a start at 23:59 Wed does not count Wed; a start at 00:01 Thu does not count Thu', () => {
    expect(due('2026-03-11 23:59', wd(1))).toBe('Thu 2026-03-12 17:30')
    expect(due('2026-03-12 00:01', wd(1))).toBe('Fri 2026-03-13 17:30')
  })

  it('a start exactly at 08:30 or at 17:30 Tue both end at close of business Wed', () => {
    expect(due('2026-03-10 08:30', wd(1))).toBe('Wed 2026-03-11 17:30')
    expect(due('2026-03-10 17:30', wd(1))).toBe('Wed 2026-03-11 17:30')
  })
})

describe('working hours', () => {
  it('a start exactly at 08:30 runs from there; one at 17:30 runs from 08:30 next day', () => {
    expect(due('2026-03-10 08:30', wh(1))).toBe('Tue 2026-03-10 09:30')
    expect(due('2026-03-10 17:30', wh(1))).toBe('Wed 2026-03-11 09:30')
  })

  it('a start in the lunch break begins at 13:30; one before lunch continues after it', () => {
    expect(due('2026-03-10 12:45', wh(1))).toBe('Tue 2026-03-10 14:30')
    expect(due('2026-03-10 12:00', wh(1))).toBe('Tue 2026-03-10 14:30')
    expect(due('2026-03-10 11:30', wh(1))).toBe('Tue 2026-03-10 14:00')
    expect(due('2026-03-10 11:45', wh(0.5))).toBe('Tue 2026-03-10 13:45')
  })

  it('across midnight: 17:00 + 1 h is 30 min today and 30 min tomorrow; 23:59 and 00:01 both start at 08:30', () => {
    expect(due('2026-03-10 17:00', wh(1))).toBe('Wed 2026-03-11 09:00')
    expect(due('2026-03-10 23:59', wh(1))).toBe('Wed 2026-03-11 09:30')
    expect(due('2026-03-11 00:01', wh(1))).toBe('Wed 2026-03-11 09:30')
  })

  it('reaching exactly the end of a period is the deadline', () => {
    expect(due('2026-03-10 10:30', wh(1.5))).toBe('Tue 2026-03-10 12:00')
    expect(due('2026-03-10 13:30', wh(4))).toBe('Tue 2026-03-10 17:30')
  })

  it('Mon 03-09 09:00 + 20 h: Mon 7 h, Tue 7.5 h, Wed 3.5 h + 2 h → Wed 15:30', () => {
    expect(due('2026-03-09 09:00', wh(20))).toBe('Wed 2026-03-11 15:30')
  })

  it('Wed 2026-09-30 16:30 + 8 h: 1 h on Wed, 国庆 off, 7 h on Thu 10-08 → 17:00', () => {
    expect(due('2026-09-30 16:30', wh(8))).toBe('Thu 2026-10-08 17:00')
  })
})

describe('natural hours and days', () => {
  it('natural hours run through nights and weekends', () => {
    expect(due('2026-03-06 20:00', nh(1.5))).toBe('Fri 2026-03-06 21:30')
    expect(due('2026-03-06 20:00', nh(48))).toBe('Sun 2026-03-08 20:00')
  })

  it('Mon 03-09 15:00 + 3 days ends at 24:00 Thu 03-12 (shown as Fri 00:00)', () => {
    expect(due('2026-03-09 15:00', nd(3))).toBe('Fri 2026-03-13 00:00')
    expect(due('2026-03-09 23:59', nd(1))).toBe('Wed 2026-03-11 00:00')
  })

  it('Wed 03-11 + 3 days lands on Sat 03-14, so it rolls to 24:00 Mon 03-16', () => {
    expect(due('2026-03-11 10:00', nd(3))).toBe('Tue 2026-03-17 00:00')
  })

  it('Mon 2026-09-28 + 5 days lands on Sat 10-03 in 国庆, so it rolls to 24:00 Thu 10-08', () => {
    expect(due('2026-09-28 10:00', nd(5))).toBe('Fri 2026-10-09 00:00')
  })

  it('Wed 2026-10-07 + 3 days lands on make-up Sat 10-10, a working day: 24:00 Sat', () => {
    expect(due('2026-10-07 09:00', nd(3))).toBe('Sun 2026-10-11 00:00')
  })
})

describe('validation', () => {
  it('throws RangeError for an amount that is not finite and > 0, days that are not whole, an unknown unit', () => {
    expect(() => due('2026-03-10 10:00', wd(0))).toThrow(RangeError)
    expect(() => due('2026-03-10 10:00', wh(-1))).toThrow(RangeError)
    expect(() => due('2026-03-10 10:00', nh(Number.NaN))).toThrow(RangeError)
    expect(() => due('2026-03-10 10:00', nh(Number.POSITIVE_INFINITY))).toThrow(RangeError)
    expect(() => due('2026-03-10 10:00', wd(1.5))).toThrow(RangeError)
    expect(() => due('2026-03-10 10:00', nd(0.5))).toThrow(RangeError)
    const bogus = JSON.parse('{"amount":1,"unit":"fortnights"}') as TimeLimit
    expect(() => due('2026-03-10 10:00', bogus)).toThrow(RangeError)
  })

  it('checks extensions the same way, and rejects a pause that ends before it starts', () => {
    expect(() => due('2026-03-10 10:00', wd(1), { extensions: [wd(2.5)] })).toThrow(RangeError)
    const pauses = [{ from: at('2026-03-10 11:00'), to: at('2026-03-10 10:00') }]
    expect(() => due('2026-03-10 10:00', wd(1), { pauses })).toThrow(RangeError)
  })
})
