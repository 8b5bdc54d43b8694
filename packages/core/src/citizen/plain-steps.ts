import type { CaseAction, CaseStatus } from '../cases/states.ts'

/**
 * What a resident is told of a case's steps: the steps that change something
 * for them, in plain words (the web page words each kind), never who did it.
 * Internal steps (a request for more time that was denied, a reply to a
 * supervision) are left out; they change nothing the resident waits for.
 */
export const plainStepKinds = [
  'received',
  'accepted',
  'not_accepted',
  'registered',
  'dispatched',
  'signed',
  'handled',
  'extended',
  'suspended',
  'resumed',
  'redispatched',
  'escalated',
  'verified',
  'rework',
  'closed',
  'followed_up',
  'reopened',
  'merged',
  'supervised',
  'urged',
  'joint_meeting',
] as const
export type PlainStepKind = (typeof plainStepKinds)[number]

/** The four stages a resident follows; a merged case follows its master's. */
export const citizenStages = ['received', 'accepted', 'handling', 'done', 'not_accepted'] as const
export type CitizenStage = (typeof citizenStages)[number]

export function citizenStage(status: CaseStatus): CitizenStage {
  switch (status) {
    case 'reported':
      return 'received'
    case 'accepted':
    case 'registered':
      return 'accepted'
    case 'closed':
    case 'archived':
      return 'done'
    case 'rejected':
      return 'not_accepted'
    default:
      return 'handling'
  }
}

export type StepFacts = {
  action: CaseAction
  fromStatus: CaseStatus | null
  toStatus: CaseStatus | null
  /** The step's data as the timeline keeps it (verify's `passed`, a ruling …). */
  data: Record<string, unknown>
}

/** The kind of a step as a resident hears of it, or null when it is not theirs to hear. */
export function plainStepKind(step: StepFacts): PlainStepKind | null {
  switch (step.action) {
    case 'report':
    case 'self_handle':
      return 'received'
    case 'accept':
      return 'accepted'
    case 'reject':
      return 'not_accepted'
    case 'register':
      return 'registered'
    case 'dispatch':
      return step.fromStatus === 'dispatched' || step.fromStatus === 'returned'
        ? 'redispatched'
        : 'dispatched'
    case 'sign':
      return 'signed'
    case 'handle':
      return 'handled'
    case 'approve_extension':
      return 'extended'
    case 'approve_suspension':
      return 'suspended'
    case 'resume':
      return 'resumed'
    case 'rule_return':
      return step.toStatus === 'handling' ? null : 'redispatched'
    case 'escalate':
      return 'escalated'
    case 'verify':
      return step.data.passed === true ? 'verified' : 'rework'
    case 'close':
      return 'closed'
    case 'follow_up':
      return step.toStatus === 'handling' ? 'rework' : 'followed_up'
    case 'reopen':
      return 'reopened'
    case 'merge':
      return 'merged'
    case 'supervise':
      return 'supervised'
    case 'urge':
      return 'urged'
    case 'joint_meeting':
      return 'joint_meeting'
    default:
      return null
  }
}

/** Kinds that name the unit the case went to (a department, never a person). */
export const stepsNamingUnit: readonly PlainStepKind[] = ['dispatched', 'redispatched']

/** Kinds that carry the step's note: why a report was not accepted is the resident's to read. */
export const stepsWithNote: readonly PlainStepKind[] = ['not_accepted']
