import type { Role } from '../auth/roles.ts'
import type { ActionPayload, CaseChanges, CaseFacts, ClockEffect, Refusal } from './machine.ts'
import { type CaseAction, type CaseLevel, type CaseStatus, caseLevels } from './states.ts'

/** `field`: the payload key a payload problem is about, for the 400's field list. */
export type RuleProblem = { zh: string; en: string; refusal?: Refusal; field?: string }
export type RuleEffect = { to?: CaseStatus; changes?: CaseChanges; clock?: ClockEffect }

/** One action, declared: from where, by whom, what it needs, what it changes. */
export type ActionRule = {
  from: 'new' | readonly CaseStatus[]
  roles: readonly Role[]
  /** Done by the command center of the case's level; at a community the grid leader runs it. */
  center?: boolean
  /** Only the unit or person the case is dispatched to. */
  handlerOnly?: boolean
  /** Not by whoever did the handling it judges (separation of duties). */
  notByItsHandler?: boolean
  /** Offered only when it applies (a pending request, a suspension). */
  available?: (f: CaseFacts) => boolean
  check?: (f: CaseFacts, p: ActionPayload) => RuleProblem | null
  effect: (f: CaseFacts, p: ActionPayload) => RuleEffect
}

const open: readonly CaseStatus[] = [
  'reported',
  'accepted',
  'registered',
  'dispatched',
  'handling',
  'returned',
  'handled',
  'verified',
]
const needReason = (p: ActionPayload): RuleProblem | null =>
  p.reason && p.reason.trim().length >= 2 ? null : { zh: '请填写理由', en: 'Give a reason', field: 'reason' }
const needPhotos = (f: CaseFacts, p: ActionPayload): RuleProblem | null =>
  f.photoRequired && !(p.photos && p.photos > 0)
    ? { zh: '此类事项须附照片', en: 'This kind of matter needs a photo', field: 'attachmentIds' }
    : null
const nextLevel = (level: CaseLevel): CaseLevel | undefined => caseLevels[caseLevels.indexOf(level) + 1]
/** Any substantive answer of the handler counts as the first feedback. */
const answered: ClockEffect = { stop: ['first_feedback'] }

const center: Role[] = ['shift_leader']
const intake: Role[] = ['operator', 'shift_leader']
const dispatchers: Role[] = ['dispatcher', 'shift_leader']
const handlers: Role[] = ['dept_handler', 'grid_worker', 'grid_leader']
const reporters: Role[] = ['grid_worker', 'grid_leader', 'supervisor', 'operator', 'shift_leader']

export const caseRules: Record<CaseAction, ActionRule> = {
  report: {
    from: 'new',
    roles: reporters,
    check: needPhotos,
    effect: () => ({ to: 'reported', clock: { start: ['accept'] } }),
  },
  self_handle: {
    from: 'new',
    roles: ['grid_worker', 'grid_leader'],
    check: (f, p) =>
      !f.selfHandleAllowed
        ? { zh: '此类事项不允许自处置', en: 'This kind of matter may not be self-handled', refusal: 'state' }
        : !(p.photos && p.photos > 0)
          ? {
              zh: '自处置须附处置后照片',
              en: 'A self-handled case needs a photo of the fix',
              field: 'attachmentIds',
            }
          : null,
    effect: () => ({ to: 'handled', changes: { selfHandled: true }, clock: { start: ['verify'] } }),
  },
  accept: { from: ['reported'], roles: intake, center: true, effect: () => ({ to: 'accepted' }) },
  reject: {
    from: ['reported', 'accepted'],
    roles: intake,
    center: true,
    check: (_f, p) => needReason(p),
    effect: () => ({ to: 'rejected', clock: { stop: ['accept'] } }),
  },
  register: {
    from: ['accepted'],
    roles: center,
    center: true,
    effect: () => ({ to: 'registered', clock: { stop: ['accept'], start: ['dispatch', 'overall'] } }),
  },
  dispatch: {
    from: ['registered'],
    roles: dispatchers,
    center: true,
    effect: (f, p) => ({
      to: 'dispatched',
      changes: p.level && p.level !== f.level ? { level: p.level } : {},
      clock: { stop: ['dispatch'], start: ['sign'] },
    }),
  },
  sign: {
    from: ['dispatched'],
    roles: handlers,
    handlerOnly: true,
    effect: () => ({ to: 'handling', clock: { stop: ['sign'], start: ['first_feedback', 'handle'] } }),
  },
  handle: {
    from: ['handling'],
    roles: handlers,
    handlerOnly: true,
    available: (f) => !f.suspended,
    check: (f, p) =>
      f.suspended
        ? { zh: '案件挂账中，请先恢复处置', en: 'The case is suspended; resume it first', refusal: 'state' }
        : !p.note?.trim()
          ? { zh: '请填写处置情况', en: 'Describe what was done', field: 'note' }
          : needPhotos(f, p),
    effect: () => ({ to: 'handled', clock: { stop: ['first_feedback', 'handle'], start: ['verify'] } }),
  },
  return: {
    from: ['dispatched', 'handling'],
    roles: handlers,
    handlerOnly: true,
    check: (_f, p) => needReason(p),
    effect: () => ({
      to: 'returned',
      clock: { stop: ['sign', 'first_feedback', 'handle'], start: ['dispatch'] },
    }),
  },
  rule_return: {
    from: ['returned'],
    roles: dispatchers,
    center: true,
    check: (_f, p) =>
      p.ruling === 'reassign' || p.ruling === 'send_back'
        ? null
        : {
            zh: '请选择审定结果：改派或退回原单位',
            en: 'Rule: reassign, or send back to the handler',
            field: 'ruling',
          },
    effect: (f, p) =>
      p.ruling === 'reassign'
        ? {
            to: 'dispatched',
            changes: p.level && p.level !== f.level ? { level: p.level } : {},
            clock: { stop: ['dispatch'], start: ['sign'] },
          }
        : { to: 'handling', changes: { shirked: true }, clock: { stop: ['dispatch'], start: ['handle'] } },
  },
  request_extension: {
    from: ['handling'],
    roles: handlers,
    handlerOnly: true,
    available: (f) => !f.pendingExtension,
    check: (f, p) =>
      f.pendingExtension
        ? { zh: '已有待批的延期申请', en: 'An extension request is pending already', refusal: 'state' }
        : (needReason(p) ??
          (p.extension
            ? null
            : { zh: '请填写延期时长', en: 'Say how long an extension', field: 'extension' })),
    effect: () => ({ changes: { pendingExtension: true }, clock: answered }),
  },
  approve_extension: {
    from: open,
    roles: center,
    center: true,
    available: (f) => f.pendingExtension,
    check: (f, p) =>
      !f.pendingExtension
        ? { zh: '没有待批的延期申请', en: 'No extension request is pending', refusal: 'state' }
        : p.extension
          ? null
          : { zh: '请填写批准的延期时长', en: 'Say how long an extension is approved', field: 'extension' },
    effect: (_f, p) => ({
      changes: { pendingExtension: false },
      ...(p.extension ? { clock: { extend: p.extension } } : {}),
    }),
  },
  deny_extension: {
    from: open,
    roles: center,
    center: true,
    available: (f) => f.pendingExtension,
    check: (f, p) =>
      f.pendingExtension
        ? needReason(p)
        : { zh: '没有待批的延期申请', en: 'No extension request is pending', refusal: 'state' },
    effect: () => ({ changes: { pendingExtension: false } }),
  },
  request_suspension: {
    from: ['handling'],
    roles: handlers,
    handlerOnly: true,
    available: (f) => !f.pendingSuspension && !f.suspended,
    check: (f, p) =>
      f.pendingSuspension || f.suspended
        ? {
            zh: '已挂账或已有待批的挂账申请',
            en: 'Suspended or a suspension request is pending',
            refusal: 'state',
          }
        : needReason(p),
    effect: () => ({ changes: { pendingSuspension: true }, clock: answered }),
  },
  approve_suspension: {
    from: ['handling'],
    roles: center,
    center: true,
    available: (f) => f.pendingSuspension,
    check: (f) =>
      f.pendingSuspension
        ? null
        : { zh: '没有待批的挂账申请', en: 'No suspension request is pending', refusal: 'state' },
    effect: () => ({ changes: { pendingSuspension: false, suspended: true }, clock: { pause: true } }),
  },
  deny_suspension: {
    from: ['handling'],
    roles: center,
    center: true,
    available: (f) => f.pendingSuspension,
    check: (f, p) =>
      f.pendingSuspension
        ? needReason(p)
        : { zh: '没有待批的挂账申请', en: 'No suspension request is pending', refusal: 'state' },
    effect: () => ({ changes: { pendingSuspension: false } }),
  },
  resume: {
    from: ['handling'],
    roles: [...center, ...handlers],
    center: true,
    available: (f) => f.suspended,
    check: (f) =>
      f.suspended ? null : { zh: '案件未挂账', en: 'The case is not suspended', refusal: 'state' },
    effect: () => ({ changes: { suspended: false }, clock: { resume: true } }),
  },
  escalate: {
    from: ['registered', 'dispatched', 'handling', 'returned'],
    roles: dispatchers,
    center: true,
    check: (f, p) =>
      nextLevel(f.level) || f.upstream
        ? needReason(p)
        : { zh: '已在区级，无法再上报', en: 'The case is at the district already', refusal: 'state' },
    effect: (f) => ({
      to: 'registered',
      changes: {
        level: nextLevel(f.level) ?? f.level,
        suspended: false,
        pendingSuspension: false,
        pendingExtension: false,
      },
      clock: {
        stop: ['sign', 'first_feedback', 'handle'],
        start: ['dispatch'],
        ...(f.suspended ? { resume: true } : {}),
      },
    }),
  },
  verify: {
    from: ['handled'],
    // The grid's worker checks on the spot what a department reports done in their grid (核查).
    roles: ['supervisor', 'grid_worker', 'grid_leader', 'shift_leader'],
    notByItsHandler: true,
    check: (_f, p) =>
      typeof p.passed === 'boolean'
        ? null
        : { zh: '请选择核查结果', en: 'Say whether the verification passed', field: 'passed' },
    effect: (f, p) =>
      p.passed
        ? { to: 'verified', clock: { stop: ['verify'] } }
        : {
            to: 'handling',
            changes: { reworkCount: f.reworkCount + 1 },
            clock: { stop: ['verify'], start: ['handle'] },
          },
  },
  close: {
    from: ['verified'],
    roles: center,
    center: true,
    effect: () => ({ to: 'closed', clock: { stop: ['overall'] } }),
  },
  follow_up: {
    from: ['closed'],
    roles: ['operator', 'shift_leader'],
    center: true,
    check: (_f, p) =>
      !p.followUp
        ? { zh: '请填写回访结果', en: 'Record the follow-up', field: 'followUp' }
        : p.followUp.reached && !p.followUp.satisfaction
          ? { zh: '请选择满意度', en: 'Record the satisfaction', field: 'followUp.satisfaction' }
          : null,
    effect: (f, p) =>
      p.followUp?.reached && p.followUp.satisfaction === 'unsatisfied' && p.followUp.forCause
        ? {
            to: 'handling',
            changes: { reworkCount: f.reworkCount + 1 },
            clock: { start: ['handle', 'overall'] },
          }
        : { to: 'archived' },
  },
  reopen: {
    from: ['closed', 'archived'],
    roles: center,
    center: true,
    check: (_f, p) => needReason(p),
    effect: () => ({ to: 'registered', clock: { start: ['dispatch', 'overall'] } }),
  },
  merge: {
    from: ['reported', 'accepted', 'registered'],
    roles: intake,
    center: true,
    check: (_f, p) =>
      p.masterCaseId
        ? null
        : { zh: '请选择要合并到的主案件', en: 'Choose the master case to merge into', field: 'masterCaseId' },
    effect: () => ({ to: 'merged', clock: { stop: ['accept', 'dispatch', 'overall'] } }),
  },
  supervise: {
    from: open,
    roles: ['leader', 'shift_leader'],
    available: (f) => !f.supervised,
    check: (f, p) =>
      f.supervised
        ? { zh: '案件已在督办中', en: 'The case is supervised already', refusal: 'state' }
        : needReason(p),
    effect: () => ({ changes: { supervised: true } }),
  },
  /** A supervised case waits for the handler's (or, before dispatch, the center's) written reply. */
  reply_supervision: {
    from: open,
    roles: [...handlers, ...dispatchers],
    available: (f) => f.supervised,
    check: (f, p) =>
      !f.supervised
        ? { zh: '案件不在督办中', en: 'The case is not supervised', refusal: 'state' }
        : p.note?.trim()
          ? null
          : { zh: '请填写督办回复', en: 'Write the reply to the supervision', field: 'note' },
    effect: () => ({ changes: { supervised: false }, clock: answered }),
  },
  urge: {
    from: open,
    roles: ['operator', 'dispatcher', 'shift_leader', 'leader'],
    effect: () => ({}),
  },
  joint_meeting: {
    from: open,
    roles: ['shift_leader', 'leader'],
    center: true,
    check: (_f, p) =>
      p.note?.trim()
        ? null
        : { zh: '请记录参会单位和会商结论', en: 'Record who met and what they decided', field: 'note' },
    effect: () => ({}),
  },
}
