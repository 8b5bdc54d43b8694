import { describe, expect, it } from 'vitest'
import { buildCalendar } from './calendar.ts'
import { clockState, computeDeadline, type DeadlineOptions, type TimeLimit } from './deadline.ts'
import { at, days2025, days2026, local } from './fixtures.ts'

const cal = buildCalendar({ days: [...days2025, ...days2026], years: [2025, 2026] })
const HOUR = 3_600_000
const MINUTE = 60_000

function state(start: string, limit: TimeLimit, now: string, options?: DeadlineOptions) {
  const s = clockState(cal, at(start), limit, at(now), options)
  return { deadline: local(s.deadline), used: s.used, light: s.light, remainingMs: s.remainingMs }
}

describe('clockState: Tue 2026-03-10 09:00 + 4 working hours (deadline 14:30)', () => {
  const fourHours: TimeLimit = { amount: 4, unit: 'working_hours' }
  const run = (now: string) => state('2026-03-10 09:00', fourHours, now)

  it('at 08:00, before the start, nothing is used', () => {
    expect(run('2026-03-10 08:00')).toEqual({
      deadline: 'Tue 2026-03-10 14:30',
      used: 0,
      light: 'green',
      remainingMs: 4 * HOUR,
    })
  })

  it('at 11:00 half is used: green', () => {
    expect(run('2026-03-10 11:00')).toEqual({
      deadline: 'Tue 2026-03-10 14:30',
      used: 0.5,
      light: 'green',
      remainingMs: 2 * HOUR,
    })
  })

  it('at 13:00 (lunch) 3 h of 4 are used: 0.75, still green', () => {
    expect(run('2026-03-10 13:00')).toMatchObject({ used: 0.75, light: 'green', remainingMs: HOUR })
  })

  it('at 13:42 exactly 80 % is used: yellow', () => {
    expect(run('2026-03-10 13:42')).toMatchObject({ used: 0.8, light: 'yellow', remainingMs: 48 * MINUTE })
  })

  it('at 14:00 0.875: yellow; at 14:30 exactly 1: still yellow, nothing left', () => {
    expect(run('2026-03-10 14:00')).toMatchObject({ used: 0.875, light: 'yellow', remainingMs: 30 * MINUTE })
    expect(run('2026-03-10 14:30')).toMatchObject({ used: 1, light: 'yellow', remainingMs: 0 })
  })

  it('at 15:00 past the deadline: red, 1.125, 30 min overdue', () => {
    expect(run('2026-03-10 15:00')).toMatchObject({ used: 1.125, light: 'red', remainingMs: -30 * MINUTE })
  })

  it('at 18:00 the whole afternoon is overdue: 7 h of 4 used', () => {
    expect(run('2026-03-10 18:00')).toMatchObject({ used: 1.75, light: 'red', remainingMs: -3 * HOUR })
  })
})

describe('clockState in other units', () => {
  it('working days count working time from the start instant: Wed 03-11 08:30 + 1 day is 15 h', () => {
    const oneDay: TimeLimit = { amount: 1, unit: 'working_days' }
    expect(state('2026-03-11 08:30', oneDay, '2026-03-12 08:30')).toEqual({
      deadline: 'Thu 2026-03-12 17:30',
      used: 0.5,
      light: 'green',
      remainingMs: 7.5 * HOUR,
    })
    expect(state('2026-03-11 08:30', oneDay, '2026-03-12 14:30')).toMatchObject({
      used: 0.8,
      light: 'yellow',
      remainingMs: 3 * HOUR,
    })
    // Overdue overnight: no working time has passed since 17:30, but the deadline has.
    expect(state('2026-03-11 08:30', oneDay, '2026-03-13 08:00')).toMatchObject({
      used: 1,
      light: 'red',
      remainingMs: 0,
    })
  })

  it('natural hours: Thu 2026-10-01 10:00 + 24 h at 22:00 is half used', () => {
    expect(state('2026-10-01 10:00', { amount: 24, unit: 'natural_hours' }, '2026-10-01 22:00')).toEqual({
      deadline: 'Fri 2026-10-02 10:00',
      used: 0.5,
      light: 'green',
      remainingMs: 12 * HOUR,
    })
  })

  it('natural days: Mon 03-09 00:00 + 2 days runs 72 h to 24:00 Wed; Tue 12:00 is half', () => {
    expect(state('2026-03-09 00:00', { amount: 2, unit: 'natural_days' }, '2026-03-10 12:00')).toEqual({
      deadline: 'Thu 2026-03-12 00:00',
      used: 0.5,
      light: 'green',
      remainingMs: 36 * HOUR,
    })
  })
})

describe('clockState with pauses', () => {
  const fourHours: TimeLimit = { amount: 4, unit: 'working_hours' }

  it('an open pause lasts until now: paused since 10:00, at 11:00 the deadline is 15:30 and 1 h is used', () => {
    const options = { pauses: [{ from: at('2026-03-10 10:00'), to: null }] }
    expect(local(computeDeadline(cal, at('2026-03-10 09:00'), fourHours, options))).toBe(
      'Tue 2026-03-10 14:30',
    )
    expect(state('2026-03-10 09:00', fourHours, '2026-03-10 11:00', options)).toEqual({
      deadline: 'Tue 2026-03-10 15:30',
      used: 0.25,
      light: 'green',
      remainingMs: 3 * HOUR,
    })
  })

  it('a clock paused past its deadline stays green: at 16:00 the deadline is Wed 10:00, still 3 h left', () => {
    // Paused 10:00–16:00 with 3 h left at 10:00: 16:00–17:30, then Wed 08:30–10:00.
    const options = { pauses: [{ from: at('2026-03-10 10:00'), to: null }] }
    expect(state('2026-03-10 09:00', fourHours, '2026-03-10 16:00', options)).toEqual({
      deadline: 'Wed 2026-03-11 10:00',
      used: 0.25,
      light: 'green',
      remainingMs: 3 * HOUR,
    })
  })

  it('the §7 suspension example at Thu 06-25 10:18: 22.8 h of 28.5 h used, yellow instead of red', () => {
    const limit: TimeLimit = { amount: 3, unit: 'working_days' }
    const options = { pauses: [{ from: at('2026-06-22 09:00'), to: at('2026-06-23 09:00') }] }
    expect(state('2026-06-18 10:00', limit, '2026-06-25 10:18', options)).toEqual({
      deadline: 'Thu 2026-06-25 17:30',
      used: 0.8,
      light: 'yellow',
      remainingMs: 20_520_000, // 5 h 42 min
    })
    expect(state('2026-06-18 10:00', limit, '2026-06-25 10:18')).toMatchObject({ light: 'red' })
  })

  it('counts an extension in the whole: 4 h + 4 h ends Wed 09:30, so at 14:30 half is used', () => {
    const options = { extensions: [fourHours] }
    expect(state('2026-03-10 09:00', fourHours, '2026-03-10 14:30', options)).toEqual({
      deadline: 'Wed 2026-03-11 09:30',
      used: 0.5,
      light: 'green',
      remainingMs: 4 * HOUR,
    })
  })

  it('validates the limit like computeDeadline', () => {
    expect(() =>
      clockState(cal, at('2026-03-10 09:00'), { amount: 0, unit: 'working_hours' }, new Date()),
    ).toThrow(RangeError)
  })
})
