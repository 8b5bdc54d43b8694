import type { WorkCalendar } from '../time/calendar.ts'
import { clockState, computeDeadline, type Pause, type TimeLimit } from '../time/deadline.ts'
import type { ClockEffect, ClockStage } from './machine.ts'

/** A decision's clock effect at the moment it was taken (one row of the case's timeline). */
export type ClockEvent = { at: Date; effect: ClockEffect }

/** Stages an approved extension moves: handling, and with it the overall limit. */
const extended: readonly ClockStage[] = ['handle', 'overall']

type Run = { startedAt: Date; stoppedAt: Date | null; pauses: Pause[]; extensions: TimeLimit[]; runs: number }

export type StageClock = {
  stage: ClockStage
  startedAt: Date
  /** null while the stage runs. */
  stoppedAt: Date | null
  deadline: Date
  /** Suspended now (an open pause). */
  paused: boolean
  /** How many times the stage was started (a rework restarts handling). */
  runs: number
  /** Running: the light now. Stopped: red when it stopped after its deadline. */
  light: 'green' | 'yellow' | 'red'
  /** Stopped in time; null while running. */
  onTime: boolean | null
  /** Suspensions and approved extensions of this run (for {@link warningAt}). */
  pauses: Pause[]
  extensions: TimeLimit[]
}

/**
 * Folds a case's clock events into one clock per stage, with deadlines from the
 * catalog limits the case started with and the working-day calendar: a stage
 * starts and stops with the actions of the state machine, every running stage
 * pauses while the case is suspended, an approved extension moves handling and
 * the overall limit. A stage started again (rework) runs afresh.
 */
export function runClocks(
  cal: WorkCalendar,
  limits: Readonly<Record<ClockStage, TimeLimit>>,
  events: readonly ClockEvent[],
  now: Date,
): StageClock[] {
  const runs = new Map<ClockStage, Run>()
  const running = () => [...runs.values()].filter((r) => r.stoppedAt === null)
  for (const { at, effect } of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    for (const stage of effect.stop ?? []) {
      const run = runs.get(stage)
      if (run && run.stoppedAt === null) {
        run.stoppedAt = at
        closePauses(run, at)
      }
    }
    for (const stage of effect.start ?? []) {
      const before = runs.get(stage)
      if (before && before.stoppedAt === null) continue
      runs.set(stage, {
        startedAt: at,
        stoppedAt: null,
        pauses: [],
        extensions: [],
        runs: (before?.runs ?? 0) + 1,
      })
    }
    if (effect.pause) for (const run of running()) if (!isPaused(run)) run.pauses.push({ from: at, to: null })
    if (effect.resume) for (const run of running()) closePauses(run, at)
    if (effect.extend) for (const stage of extended) runs.get(stage)?.extensions.push(effect.extend)
  }
  return [...runs].map(([stage, run]) => {
    const limit = limits[stage]
    const options = { pauses: run.pauses, extensions: run.extensions }
    if (run.stoppedAt) {
      const deadline = computeDeadline(cal, run.startedAt, limit, options)
      const onTime = run.stoppedAt <= deadline
      return {
        stage,
        ...run,
        deadline,
        paused: false,
        light: onTime ? 'green' : 'red',
        onTime,
      }
    }
    const state = clockState(cal, run.startedAt, limit, now, options)
    return {
      stage,
      ...run,
      deadline: state.deadline,
      paused: isPaused(run),
      light: state.light,
      onTime: null,
    }
  })
}

/**
 * When a running clock's light turns yellow (80 % used), to the minute; null
 * when it is stopped or paused. Searched with clockState itself so that
 * working time, pauses and extensions count exactly as they do for the light;
 * asked only for the clock that runs out first (it costs some twenty probes).
 */
export function warningAt(cal: WorkCalendar, limit: TimeLimit, clock: StageClock): Date | null {
  if (clock.stoppedAt !== null || clock.paused) return null
  const options = { pauses: clock.pauses, extensions: clock.extensions }
  let lo = clock.startedAt.getTime()
  let hi = clock.deadline.getTime()
  while (hi - lo > 60_000) {
    const mid = Math.floor((lo + hi) / 2)
    if (clockState(cal, clock.startedAt, limit, new Date(mid), options).used >= 0.8) hi = mid
    else lo = mid
  }
  return new Date(hi)
}

function isPaused(run: Run): boolean {
  return run.pauses.some((p) => p.to === null)
}

function closePauses(run: Run, at: Date): void {
  for (const p of run.pauses) if (p.to === null) p.to = at
}
