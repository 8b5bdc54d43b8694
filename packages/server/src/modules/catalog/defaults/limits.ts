import type { TCatalogLimits, TTimeLimit } from '@onegrid/core/api/catalog'

type StageLimits = TCatalogLimits['normal']

const workingHours = (amount: number): TTimeLimit => ({ amount, unit: 'working_hours' })
const workingDays = (amount: number): TTimeLimit => ({ amount, unit: 'working_days' })
const naturalHours = (amount: number): TTimeLimit => ({ amount, unit: 'natural_hours' })

/** 紧急: natural hours, the clock runs through nights and holidays. */
const urgent: StageLimits = {
  accept: naturalHours(0.5),
  dispatch: naturalHours(1),
  sign: naturalHours(1),
  first_feedback: naturalHours(2),
  handle: naturalHours(24),
  verify: naturalHours(4),
  overall: naturalHours(48),
}

/** 特急: natural hours, a matter that may cost lives or property. */
const critical: StageLimits = {
  accept: naturalHours(0.25),
  dispatch: naturalHours(0.5),
  sign: naturalHours(0.5),
  first_feedback: naturalHours(1),
  handle: naturalHours(4),
  verify: naturalHours(2),
  overall: naturalHours(8),
}

/**
 * 一般, by the "130" rule (seed 004, Dalian Zhongshan): deployed within 1 day, first
 * feedback within 3 working days, tracked to closure; overall = handling + 2 working days.
 */
function normal(handleDays: number): StageLimits {
  return {
    accept: workingHours(2),
    dispatch: workingDays(1),
    sign: workingHours(4),
    first_feedback: workingDays(3),
    handle: workingDays(handleDays),
    verify: workingDays(1),
    overall: workingDays(handleDays + 2),
  }
}

/** A simple matter: handled within 7 working days. */
export const simpleLimits: TCatalogLimits = { normal: normal(7), urgent, critical }

/** A complex matter (disputes, illegal building, repairs needing works): 15 working days. */
export const complexLimits: TCatalogLimits = { normal: normal(15), urgent, critical }

/**
 * A hazard (open manholes, safety and fire hazards, special groups at risk): even an
 * ordinary one moves faster than the "130" rule requires.
 */
export const hazardLimits: TCatalogLimits = {
  normal: {
    accept: workingHours(1),
    dispatch: workingHours(4),
    sign: workingHours(2),
    first_feedback: workingDays(1),
    handle: workingDays(3),
    verify: workingHours(4),
    overall: workingDays(5),
  },
  urgent,
  critical,
}

/**
 * 代办 (errands for residents): the grid's own stages are quick, handling takes what the
 * issuing office needs by law or practice (居住证 15 working days …), first feedback within
 * 1 working day. Urgency speeds up the grid's stages; it cannot shorten the issuing office's
 * time, so handling and overall stay in working days.
 */
export function proxyLimits(handleDays: number): TCatalogLimits {
  const office = {
    handle: workingDays(handleDays),
    verify: workingDays(1),
    overall: workingDays(handleDays + 2),
  }
  return {
    normal: {
      accept: workingHours(2),
      dispatch: workingDays(1),
      sign: workingHours(4),
      first_feedback: workingDays(1),
      ...office,
    },
    urgent: {
      accept: urgent.accept,
      dispatch: urgent.dispatch,
      sign: urgent.sign,
      first_feedback: urgent.first_feedback,
      ...office,
    },
    critical: {
      accept: critical.accept,
      dispatch: critical.dispatch,
      sign: critical.sign,
      first_feedback: critical.first_feedback,
      ...office,
    },
  }
}
