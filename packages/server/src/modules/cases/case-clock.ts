import type { TCatalogRules, TUrgency } from '@onegrid/core/api/catalog'
import { nextAlarmAt } from '@onegrid/core/cases/alarms'
import { type ClockEvent, runClocks, type StageClock, warningAt } from '@onegrid/core/cases/clocks'
import type { ClockStage } from '@onegrid/core/cases/machine'
import type { WorkCalendar } from '@onegrid/core/time/calendar'

/** What a case row keeps of its clocks: every stage for the case page, and the one that runs out first for queues. */
export type ClockColumns = {
  clocks: StageClock[]
  dueAt: Date | null
  warnAt: Date | null
  dueStage: ClockStage | null
  /** A stage kept or missed its deadline late: the case counts as overdue from then on. */
  late: boolean
}

/**
 * The case's clocks from its timeline's clock effects, with the limits of the
 * catalog version the case started with at its urgency. The overall limit is
 * shown but does not drive the alarm while a stage clock runs: the stage is what
 * someone can act on.
 */
export function caseClocks(
  cal: WorkCalendar,
  rules: TCatalogRules,
  urgency: TUrgency,
  events: readonly ClockEvent[],
  now: Date,
): ClockColumns {
  const limits = rules.limits[urgency]
  const clocks = runClocks(cal, limits, events, now)
  const running = clocks.filter((c) => c.stoppedAt === null && !c.paused)
  const stageRunning = running.filter((c) => c.stage !== 'overall')
  const watched = (stageRunning.length > 0 ? stageRunning : running).reduce<StageClock | null>(
    (first, c) => (first === null || c.deadline < first.deadline ? c : first),
    null,
  )
  return {
    clocks,
    dueAt: watched?.deadline ?? null,
    warnAt: watched ? warningAt(cal, limits[watched.stage], watched) : null,
    dueStage: watched?.stage ?? null,
    late: clocks.some((c) => c.onTime === false || c.light === 'red'),
  }
}

/**
 * Alarm columns after a change of clocks: the ladder restarts when the watched
 * deadline moved (a new stage, an extension); otherwise it keeps its step.
 */
export function alarmColumns(
  cal: WorkCalendar,
  before: { dueAt: Date | null; alarmStep: number },
  after: ClockColumns,
): { alarmStep: number; nextAlarmAt: Date | null } {
  const same = before.dueAt?.getTime() === after.dueAt?.getTime()
  const step = same ? before.alarmStep : 0
  // A step already due at the moment of the change fires at the next sweep, never silently now.
  return { alarmStep: step, nextAlarmAt: nextAlarmAt(cal, after, step) }
}
