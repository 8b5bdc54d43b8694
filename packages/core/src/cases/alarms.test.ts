import { describe, expect, it } from 'vitest'
import { buildCalendar } from '../time/calendar.ts'
import { at, days2026, local } from '../time/fixtures.ts'
import { alarmSteps, climb, nextAlarmAt } from './alarms.ts'

const cal = buildCalendar({ days: days2026, years: [2026] })
const step = (name: (typeof alarmSteps)[number]) => alarmSteps.indexOf(name)
// Due Wed 2026-09-30 17:30, the eve of 国庆: warned at 15:00.
const clock = { warnAt: at('2026-09-30 15:00'), dueAt: at('2026-09-30 17:30') }

describe('the alarm ladder', () => {
  it('warns, marks overdue, has the next level supervise and names the case in the bulletin, in working days', () => {
    expect(climb(cal, clock, 0, at('2026-09-30 14:00'))).toEqual({ step: 0, nextAt: clock.warnAt })
    const warned = climb(cal, clock, 0, at('2026-09-30 15:01'))
    expect(warned).toEqual({ step: step('warned'), nextAt: clock.dueAt })
    const overdue = climb(cal, clock, warned.step, at('2026-09-30 18:00'))
    expect(overdue.step).toBe(step('overdue'))
    // One working day after the deadline: 10-01…10-07 off, so Thu 10-08 17:30.
    expect(local(overdue.nextAt ?? new Date(0))).toBe('Thu 2026-10-08 17:30')
    const supervised = climb(cal, clock, overdue.step, at('2026-10-08 18:00'))
    expect(supervised.step).toBe(step('supervised'))
    // Three working days: 10-08, 10-09, and the make-up Saturday 10-10.
    expect(local(supervised.nextAt ?? new Date(0))).toBe('Sat 2026-10-10 17:30')
    expect(climb(cal, clock, supervised.step, at('2026-10-12 09:00'))).toEqual({
      step: step('bulletin'),
      nextAt: null,
    })
  })

  it('jumps to the highest due step when the sweep ran late, and fires nothing for a paused clock', () => {
    expect(climb(cal, clock, 0, at('2026-10-09 09:00')).step).toBe(step('supervised'))
    expect(nextAlarmAt(cal, { warnAt: null, dueAt: null }, 0)).toBeNull()
    expect(climb(cal, { warnAt: null, dueAt: null }, 0, at('2026-12-01 09:00'))).toEqual({
      step: 0,
      nextAt: null,
    })
  })
})
