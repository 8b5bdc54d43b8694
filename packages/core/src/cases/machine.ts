import type { Role } from '../auth/roles.ts'
import type { TimeLimit } from '../time/deadline.ts'
import { type ActionRule, caseRules } from './rules.ts'
import type { CaseAction, CaseLevel, CaseStatus } from './states.ts'

/** What the machine needs to know about a case (the server reads it from the case row). */
export type CaseFacts = {
  /** null: a report not yet made (the actions that create a case). */
  status: CaseStatus | null
  level: CaseLevel
  /** The catalog rules the case started with allow 自处置. */
  selfHandleAllowed: boolean
  /** The catalog rules require a photo with the report and with the handling feedback. */
  photoRequired: boolean
  suspended: boolean
  pendingExtension: boolean
  pendingSuspension: boolean
  supervised: boolean
  reworkCount: number
  /**
   * A superior platform takes the district's escalations (贯通): a case at the
   * district may be escalated once more, to it, and stays at the district.
   */
  upstream?: boolean
}

/** Who acts, as the server sees them for this case. */
export type CaseActor = {
  /** Roles the actor holds with the case inside their jurisdiction (area or unit). */
  roles: readonly Role[]
  /** The case is dispatched to the actor's unit or to the actor. */
  isHandler: boolean
  /**
   * The handling to be verified is the actor's own: they are its handler, or they reported
   * the case and handled it on the spot (自处置). Nobody verifies their own work.
   */
  handledIt?: boolean
}

export type FollowUp = {
  reached: boolean
  satisfaction?: 'satisfied' | 'basically' | 'unsatisfied'
  /** Unsatisfied for a cause the handler can remedy: the case goes back to handling (rework). */
  forCause?: boolean
}

/** What an action may carry; each rule says what it requires. */
export type ActionPayload = {
  reason?: string
  note?: string
  /** dispatch and rule_return (reassign): the level of the handler it goes to (down from an escalation). */
  level?: CaseLevel
  ruling?: 'reassign' | 'send_back'
  passed?: boolean
  followUp?: FollowUp
  extension?: TimeLimit
  masterCaseId?: number
  /** How many photos come with the step. */
  photos?: number
}

/** Clock stages (the catalog's limit stages) an action starts or stops, and pauses. */
export type ClockEffect = {
  start?: readonly ClockStage[]
  stop?: readonly ClockStage[]
  pause?: boolean
  resume?: boolean
  extend?: TimeLimit
}
export type ClockStage = 'accept' | 'dispatch' | 'sign' | 'first_feedback' | 'handle' | 'verify' | 'overall'

export type CaseChanges = Partial<Omit<CaseFacts, 'selfHandleAllowed' | 'photoRequired'>> & {
  selfHandled?: boolean
  /** An unjustified return (the ruling sent it back): counts as 推诿. */
  shirked?: boolean
}

export type Decision =
  | {
      ok: true
      action: CaseAction
      from: CaseStatus | null
      to: CaseStatus
      changes: CaseChanges
      clock: ClockEffect
    }
  | {
      ok: false
      action: CaseAction
      refusal: Refusal
      message: { zh: string; en: string }
      /** For a payload refusal: the payload key at fault. */
      field?: string
    }

/** Why an action is refused: the server maps `state` to 409 invalid_transition, `role`/`handler` to 403, `payload` to 400. */
export type Refusal = 'state' | 'role' | 'handler' | 'payload'

const refuse = (action: CaseAction, refusal: Refusal, zh: string, en: string, field?: string): Decision => ({
  ok: false,
  action,
  refusal,
  message: { zh, en },
  ...(field ? { field } : {}),
})

/** The center's roles at a level: at a community the grid leader runs the station (社区工作站). */
function rolesAt(rule: ActionRule, level: CaseLevel): readonly Role[] {
  return level === 'community' && rule.center ? [...rule.roles, 'grid_leader'] : rule.roles
}

/**
 * The one transition function: whether `actor` may do `action` on a case in
 * `facts` with `payload`, and what it changes. For the actions that create a
 * case (report, self_handle) `facts.status` is null.
 */
export function decide(
  facts: CaseFacts,
  actor: CaseActor,
  action: CaseAction,
  payload: ActionPayload = {},
): Decision {
  const rule = caseRules[action]
  const creating = rule.from === 'new'
  if (creating !== (facts.status === null))
    return creating
      ? refuse(action, 'state', '案件已存在', 'The case exists already')
      : refuse(action, 'state', '案件尚未上报', 'There is no case yet')
  const level = facts.level
  if (facts.status !== null && rule.from !== 'new' && !rule.from.includes(facts.status))
    return refuse(
      action,
      'state',
      `当前状态下不能执行此操作`,
      `This action is not possible while the case is ${facts.status}`,
    )
  if (!actor.roles.some((r) => rolesAt(rule, level).includes(r)))
    return refuse(action, 'role', '您的角色不能执行此操作', 'Your role may not do this')
  if (rule.handlerOnly && !actor.isHandler)
    return refuse(
      action,
      'handler',
      '只有承办单位或承办人可以执行此操作',
      'Only the handler of the case may do this',
    )
  if (rule.notByItsHandler && actor.handledIt)
    return refuse(action, 'handler', '不能核查自己处置的案件', 'Nobody may verify their own handling')
  const problem = rule.check?.(facts, payload)
  if (problem) return refuse(action, problem.refusal ?? 'payload', problem.zh, problem.en, problem.field)
  const effect = rule.effect(facts, payload)
  return {
    ok: true,
    action,
    from: facts.status,
    to: effect.to ?? facts.status ?? 'reported',
    changes: effect.changes ?? {},
    clock: effect.clock ?? {},
  }
}

/** The actions the actor may take now (payload aside): the buttons the console and the field app show. */
export function allowedActions(facts: CaseFacts, actor: CaseActor): CaseAction[] {
  const status = facts.status
  return (Object.keys(caseRules) as CaseAction[]).filter((action) => {
    const rule = caseRules[action]
    if (status === null ? rule.from !== 'new' : rule.from === 'new' || !rule.from.includes(status))
      return false
    if (!actor.roles.some((r) => rolesAt(rule, facts.level).includes(r))) return false
    if (rule.handlerOnly && !actor.isHandler) return false
    if (rule.notByItsHandler && actor.handledIt) return false
    return rule.available?.(facts) ?? true
  })
}

/** The facts after a decision (what the server writes; tests walk paths with it). */
export function applyDecision(facts: CaseFacts, decision: Decision): CaseFacts {
  if (!decision.ok) return facts
  const { selfHandled: _s, shirked: _r, ...changes } = decision.changes
  return { ...facts, ...changes, status: decision.to }
}
