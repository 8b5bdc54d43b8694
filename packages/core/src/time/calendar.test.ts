import { describe, expect, it } from 'vitest'
import {
  addDays,
  buildCalendar,
  checkWorkingHours,
  defaultWorkingHours,
  shanghaiDate,
  shanghaiTime,
  weekdayOf,
} from './calendar.ts'
import { days2025, days2026 } from './fixtures.ts'

const cal = buildCalendar({ days: [...days2025, ...days2026], years: [2025, 2026] })

describe('Asia/Shanghai dates (fixed UTC+8)', () => {
  it('gives the local date of an instant: 16:00 UTC is already the next day', () => {
    expect(shanghaiDate(new Date('2026-05-08T15:59:59.999Z'))).toBe('2026-05-08')
    expect(shanghaiDate(new Date('2026-05-08T16:00:00.000Z'))).toBe('2026-05-09')
    expect(shanghaiDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01')
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError)
  })

  it('gives the instant of a local date and time, 24:00 being the next midnight', () => {
    expect(shanghaiTime('2026-05-09', '10:00').toISOString()).toBe('2026-05-09T02:00:00.000Z')
    expect(shanghaiTime('2026-05-09', '00:00').toISOString()).toBe('2026-05-08T16:00:00.000Z')
    expect(shanghaiTime('2026-05-09', '24:00').toISOString()).toBe('2026-05-09T16:00:00.000Z')
    expect(shanghaiTime('2026-12-31', '24:00').toISOString()).toBe('2026-12-31T16:00:00.000Z')
  })

  it('rejects malformed and impossible dates and times', () => {
    expect(() => shanghaiTime('2026-02-29', '10:00')).toThrow(RangeError)
    expect(() => shanghaiTime('2026-5-9', '10:00')).toThrow(RangeError)
    expect(() => shanghaiTime('2026-05-09', '8:30')).toThrow(RangeError)
    expect(() => shanghaiTime('2026-05-09', '24:01')).toThrow(RangeError)
    expect(() => shanghaiTime('2026-05-09', '10:60')).toThrow(RangeError)
  })

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-10-01', 0)).toBe('2026-10-01')
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01')
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError)
  })

  it('names weekdays 0 = Sunday … 6 = Saturday', () => {
    expect(weekdayOf('2026-10-04')).toBe(0)
    expect(weekdayOf('2026-05-08')).toBe(5)
    expect(weekdayOf('2026-10-10')).toBe(6)
    expect(weekdayOf('2025-01-01')).toBe(3)
    expect(weekdayOf('2027-01-01')).toBe(5)
  })
})

describe('working hours', () => {
  it('defaults to 08:30–12:00 and 13:30–17:30, which pass the check', () => {
    expect(defaultWorkingHours).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ])
    expect(checkWorkingHours(defaultWorkingHours)).toEqual([])
    expect(checkWorkingHours([{ start: '09:00', end: '17:00' }])).toEqual([])
    expect(checkWorkingHours([{ start: '00:00', end: '24:00' }])).toEqual([])
    // Touching periods do not overlap.
    expect(
      checkWorkingHours([
        { start: '08:00', end: '12:00' },
        { start: '12:00', end: '16:00' },
      ]),
    ).toEqual([])
  })

  it("rejects '8:30' and '25:00', naming the period", () => {
    expect(checkWorkingHours([{ start: '8:30', end: '12:00' }])).toEqual([
      "hours[0].start is not HH:MM (00:00–23:59): '8:30'",
    ])
    expect(
      checkWorkingHours([
        { start: '08:30', end: '12:00' },
        { start: '13:30', end: '25:00' },
      ]),
    ).toEqual(["hours[1].end is not HH:MM (00:00–24:00): '25:00'"])
    expect(checkWorkingHours([{ start: '24:00', end: '24:00' }])[0]).toContain('hours[0].start')
  })

  it('rejects a start that is not before its end', () => {
    expect(checkWorkingHours([{ start: '12:00', end: '12:00' }])).toEqual([
      'hours[0]: start 12:00 is not before end 12:00',
    ])
    expect(checkWorkingHours([{ start: '17:30', end: '13:30' }])).toEqual([
      'hours[0]: start 17:30 is not before end 13:30',
    ])
  })

  it('rejects overlapping and descending periods, and no periods at all', () => {
    expect(
      checkWorkingHours([
        { start: '08:30', end: '12:00' },
        { start: '11:30', end: '17:30' },
      ]),
    ).toEqual(['hours[1] starts at 11:30, before hours[0] ends (overlap or not ascending)'])
    expect(
      checkWorkingHours([
        { start: '13:30', end: '17:30' },
        { start: '08:30', end: '12:00' },
      ]),
    ).toEqual(['hours[1] starts at 08:30, before hours[0] ends (overlap or not ascending)'])
    expect(checkWorkingHours([])).toEqual(['at least one working period is required'])
  })
})

describe('buildCalendar', () => {
  it('takes holidays off, makes 调休 weekends working days, and keeps the weekday rule elsewhere', () => {
    expect(cal.isWorkingDay('2026-10-01')).toBe(false) // Thu, 国庆
    expect(cal.isWorkingDay('2026-10-10')).toBe(true) // Sat, make-up
    expect(cal.isWorkingDay('2026-10-09')).toBe(true) // Fri, plain weekday
    expect(cal.isWorkingDay('2026-10-11')).toBe(false) // Sun, plain weekend
    expect(cal.isWorkingDay('2025-01-26')).toBe(true) // Sun, make-up for 春节
    expect(cal.isWorkingDay('2025-02-04')).toBe(false) // Tue, 春节
    // Asked twice (from the cache) the answer stays.
    expect(cal.isWorkingDay('2026-10-10')).toBe(true)
    expect(() => cal.isWorkingDay('2026-13-01')).toThrow(RangeError)
  })

  it('shows the override of a date for display, and nothing for an ordinary day', () => {
    expect(cal.dayOf('2026-02-14')).toEqual({ date: '2026-02-14', kind: 'workday', name: '春节' })
    expect(cal.dayOf('2025-10-08')).toEqual({ date: '2025-10-08', kind: 'holiday', name: '国庆节、中秋节' })
    expect(cal.dayOf('2026-03-10')).toBeUndefined()
  })

  it('knows the years entered; a 2027 date falls back to Mon–Fri until a 2027 day is entered', () => {
    expect([...cal.knownYears]).toEqual([2025, 2026])
    expect(cal.knownYears.has(2027)).toBe(false)
    expect(cal.isWorkingDay('2027-01-01')).toBe(true) // Friday, no schedule
    expect(cal.isWorkingDay('2027-01-02')).toBe(false) // Saturday
    const with2027 = buildCalendar({
      days: [...days2026, { date: '2027-01-01', kind: 'holiday', name: '元旦' }],
      years: [2026, 2027],
    })
    expect(with2027.isWorkingDay('2027-01-01')).toBe(false)
    expect(with2027.knownYears.has(2027)).toBe(true)
  })

  it('uses the default hours unless others are given', () => {
    expect(cal.hours).toEqual(defaultWorkingHours)
    const custom = buildCalendar({ days: [], years: [], hours: [{ start: '09:00', end: '17:00' }] })
    expect(custom.hours).toEqual([{ start: '09:00', end: '17:00' }])
  })

  it('rejects bad hours, malformed dates and a date entered as both holiday and workday', () => {
    expect(() => buildCalendar({ days: [], years: [], hours: [{ start: '8:30', end: '12:00' }] })).toThrow(
      RangeError,
    )
    expect(() => buildCalendar({ days: [{ date: '2026-02-30', kind: 'holiday' }], years: [2026] })).toThrow(
      RangeError,
    )
    expect(() =>
      buildCalendar({
        days: [
          { date: '2026-10-10', kind: 'workday' },
          { date: '2026-10-10', kind: 'holiday' },
        ],
        years: [2026],
      }),
    ).toThrow(RangeError)
    expect(() => buildCalendar({ days: [], years: [2026.5] })).toThrow(RangeError)
  })
})
