import type { WorkCalendar } from '../time/calendar.ts'
import { computeDeadline } from '../time/deadline.ts'

/**
 * The ladder a late case climbs (督查督办): a warning at 80 % of the running
 * limit, then at the deadline it is marked overdue and urged (催办), one working
 * day later the next level supervises it (督办), three working days later it
 * goes into the bulletin (通报). Each step fires once per deadline: a new
 * deadline (the next stage, an extension) starts the ladder again.
 */
export const alarmSteps = ['none', 'warned', 'overdue', 'supervised', 'bulletin'] as const
export type AlarmStep = (typeof alarmSteps)[number]

export type AlarmClock = { warnAt: Date | null; dueAt: Date | null }

/** Working days past the deadline at which the next level supervises, then the bulletin names it. */
export const ladderDays = { supervised: 1, bulletin: 3 } as const

/** When step `next` is due for a clock, or null when it never is (no clock, or paused). */
export function stepDueAt(cal: WorkCalendar, clock: AlarmClock, next: number): Date | null {
  const step = alarmSteps[next]
  if (!step || !clock.dueAt) return null
  switch (step) {
    case 'warned':
      return clock.warnAt
    case 'overdue':
      return clock.dueAt
    case 'supervised':
    case 'bulletin':
      return computeDeadline(cal, clock.dueAt, { amount: ladderDays[step], unit: 'working_days' })
    default:
      return null
  }
}

/**
 * The step a sweep at `now` takes a case to (the highest step already due:
 * a sweep that ran late does not fire the skipped steps one by one), and when
 * to look again.
 */
export function climb(
  cal: WorkCalendar,
  clock: AlarmClock,
  current: number,
  now: Date,
): { step: number; nextAt: Date | null } {
  let step = current
  for (let next = current + 1; next < alarmSteps.length; next++) {
    const due = stepDueAt(cal, clock, next)
    if (due === null) continue
    if (due <= now) step = next
    else break
  }
  return { step, nextAt: nextAlarmAt(cal, clock, step) }
}

/** The first step after `step` that can still fire, or null. */
export function nextAlarmAt(cal: WorkCalendar, clock: AlarmClock, step: number): Date | null {
  for (let next = step + 1; next < alarmSteps.length; next++) {
    const due = stepDueAt(cal, clock, next)
    if (due) return due
  }
  return null
}
