import { describe, expect, it } from 'vitest'
import { buildCalendar } from '../time/calendar.ts'
import type { TimeLimit } from '../time/deadline.ts'
import { at, days2026, local } from '../time/fixtures.ts'
import { type ClockEvent, runClocks, type StageClock, warningAt } from './clocks.ts'
import type { ClockStage } from './machine.ts'

const cal = buildCalendar({ days: days2026, years: [2026] })
const wd = (amount: number): TimeLimit => ({ amount, unit: 'working_days' })
const wh = (amount: number): TimeLimit => ({ amount, unit: 'working_hours' })

/** The default catalog's everyday limits ("130": dispatched within a day, first feedback within three). */
const limits: Record<ClockStage, TimeLimit> = {
  accept: wh(2),
  dispatch: wd(1),
  sign: wh(4),
  first_feedback: wd(3),
  handle: wd(3),
  verify: wd(1),
  overall: wd(10),
}
const ev = (time: string, effect: ClockEvent['effect']): ClockEvent => ({ at: at(time), effect })
const byStage = (clocks: StageClock[]) => Object.fromEntries(clocks.map((c) => [c.stage, c]))

describe('a case’s clocks', () => {
  it('gives a report made at 20:00 on the Friday before 清明 the deadlines a printed calendar gives', () => {
    // Fri 2026-04-03 20:00; 04-04…04-06 (Sat–Mon) off. Reported, then registered at 20:05.
    const clocks = byStage(
      runClocks(
        cal,
        limits,
        [
          ev('2026-04-03 20:00', { start: ['accept'] }),
          ev('2026-04-03 20:05', { stop: ['accept'], start: ['dispatch', 'overall'] }),
        ],
        at('2026-04-07 09:00'),
      ),
    )
    // Accept, 2 working hours: counted from the next working moment, Tue 04-07 08:30 → 10:30.
    expect(local(clocks.accept?.deadline ?? new Date(0))).toBe('Tue 2026-04-07 10:30')
    expect(clocks.accept?.onTime).toBe(true)
    // Dispatch, 1 working day: the start day is not counted; Sat, Sun, Mon off → Tue 04-07 17:30.
    expect(local(clocks.dispatch?.deadline ?? new Date(0))).toBe('Tue 2026-04-07 17:30')
    // Overall, 10 working days: Tue 04-07 … Mon 04-20.
    expect(local(clocks.overall?.deadline ?? new Date(0))).toBe('Mon 2026-04-20 17:30')
    expect(clocks.dispatch?.light).toBe('green')
  })

  it('starts handling at sign, pauses it over a suspension across the 端午 holiday, and moves it by an extension', () => {
    const events = [
      ev('2026-06-18 10:00', { stop: ['sign'], start: ['first_feedback', 'handle'] }),
      ev('2026-06-18 16:00', { stop: ['first_feedback'] }),
      // Suspended Fri 06-19 (a holiday) 09:00 → Tue 06-23 08:30: the working time lost is Mon 06-22's 7.5 h only.
      ev('2026-06-19 09:00', { pause: true }),
      ev('2026-06-23 08:30', { resume: true }),
    ]
    const suspended = byStage(runClocks(cal, limits, events, at('2026-06-24 09:00')))
    // 3 working days from Thu 06-18: Mon 06-22, Tue 06-23, Wed 06-24 → 17:30; plus Mon 06-22's 7.5 h → Thu 06-25 17:30.
    expect(local(suspended.handle?.deadline ?? new Date(0))).toBe('Thu 2026-06-25 17:30')
    expect(suspended.first_feedback?.onTime).toBe(true)

    const extended = byStage(
      runClocks(cal, limits, [...events, ev('2026-06-24 10:00', { extend: wd(2) })], at('2026-06-24 11:00')),
    )
    // Two more working days from Thu 06-25 17:30: Fri 06-26, Mon 06-29.
    expect(local(extended.handle?.deadline ?? new Date(0))).toBe('Mon 2026-06-29 17:30')
  })

  it('shows the light of a running stage and whether a stopped one kept its deadline', () => {
    const events = [ev('2026-11-23 09:00', { stop: ['dispatch'], start: ['sign'] })]
    // Sign within 4 working hours of Mon 09:00: 3 h until noon, lunch 12:00–13:30 not counted, 1 h more → 14:30.
    const early = byStage(runClocks(cal, limits, events, at('2026-11-23 13:00')))
    expect(local(early.sign?.deadline ?? new Date(0))).toBe('Mon 2026-11-23 14:30')
    expect(early.sign?.light).toBe('green') // 3 of 4 hours used: 75 %
    // 80 % of 4 working hours is 3 h 12 min: noon, then 12 minutes after lunch.
    expect(local((early.sign && warningAt(cal, limits.sign, early.sign)) ?? new Date(0))).toBe(
      'Mon 2026-11-23 13:42',
    )
    expect(byStage(runClocks(cal, limits, events, at('2026-11-23 14:00'))).sign?.light).toBe('yellow') // 87.5 %
    expect(byStage(runClocks(cal, limits, events, at('2026-11-23 14:45'))).sign?.light).toBe('red')
    const late = byStage(
      runClocks(cal, limits, [...events, ev('2026-11-23 15:00', { stop: ['sign'] })], at('2026-11-24 09:00')),
    )
    expect(late.sign).toMatchObject({ onTime: false, light: 'red' })
  })

  it('restarts handling afresh after a failed verification (rework)', () => {
    const clocks = byStage(
      runClocks(
        cal,
        limits,
        [
          ev('2026-11-02 09:00', { start: ['handle'] }),
          ev('2026-11-03 09:00', { stop: ['handle'], start: ['verify'] }),
          ev('2026-11-04 09:00', { stop: ['verify'], start: ['handle'] }),
        ],
        at('2026-11-04 10:00'),
      ),
    )
    expect(clocks.handle).toMatchObject({ runs: 2, stoppedAt: null })
    expect(local(clocks.handle?.deadline ?? new Date(0))).toBe('Mon 2026-11-09 17:30')
    expect(clocks.verify?.onTime).toBe(true)
  })
})
