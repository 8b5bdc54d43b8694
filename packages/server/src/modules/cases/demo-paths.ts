import type { TCatalogRules, TUrgency } from '@onegrid/core/api/catalog'
import type { ActionPayload, CaseFacts, ClockStage, FollowUp } from '@onegrid/core/cases/machine'
import type { CaseAction, CaseLevel, CaseStatus } from '@onegrid/core/cases/states'
import type { Random } from '@onegrid/core/random'
import type { TimeLimit } from '@onegrid/core/time/deadline'
import { pick, texts, uniform } from './demo-random.ts'

/** The paths a demo case may take through the loop, step by step, with the time each step takes. */

// ─── Paths ───────────────────────────────────────────────────────────────────

/** Time from the previous step: working time (office hours of working days) or plain elapsed time. */
export type Delay = { mode: 'work' | 'natural'; minutes: number }
export type Who =
  | 'reporter'
  | 'intake'
  | 'center'
  | 'dispatcher'
  | 'handler'
  | 'verifier'
  | 'leader'
  | 'followup'
export type Step = {
  action: CaseAction
  who: Who
  delay: Delay
  payload?: ActionPayload
  /** For the timeline (reason or note). */
  note?: string
  data?: Record<string, unknown>
  photos?: number
  /** rule_return reassign: to another unit than the one that returned it. */
  reassign?: boolean
  /** Skipped when the machine refuses it (supervise once the sweep has escalated to supervision). */
  optional?: boolean
}

export type Kind = 'normal' | 'reject' | 'self' | 'duplicate'
/** A case kept open on purpose, so that every queue of the console has something in it. */
export type Showcase = {
  name: string
  variant: Partial<Variant>
  /** Cut the path at the first step after which this holds. */
  until: (f: CaseFacts, action: CaseAction) => boolean
  /** Waiting since that step, as a share of the running stage's limit (above 1: overdue). */
  wait: [number, number]
}

export type Variant = {
  escalate: 'registered' | 'handling' | null
  ret: 'dispatched' | 'handling' | null
  reassign: boolean
  supervise: boolean
  urge: boolean
  extension: 'approve' | 'deny' | null
  suspension: 'approve' | 'deny' | null
  rework: boolean
  joint: boolean
  lateHandle: boolean
  followUp: FollowUp
}

/** A showcase test: the case is in this status (and whatever else holds). */
const status =
  (s: CaseStatus, extra: (f: CaseFacts) => boolean = () => true) =>
  (f: CaseFacts) =>
    f.status === s && extra(f)

/** One of each open status first (a small demo still shows every queue), then overdue and flagged ones. */
export const showcases: Showcase[] = [
  { name: 'reported', variant: {}, until: status('reported'), wait: [0.1, 0.6] },
  { name: 'accepted', variant: {}, until: status('accepted'), wait: [0.1, 0.6] },
  { name: 'registered', variant: {}, until: status('registered'), wait: [0.1, 0.6] },
  { name: 'dispatched', variant: {}, until: status('dispatched'), wait: [0.1, 0.6] },
  { name: 'handling', variant: {}, until: status('handling'), wait: [0.1, 0.6] },
  { name: 'returned', variant: { ret: 'handling' }, until: status('returned'), wait: [0.1, 0.6] },
  { name: 'handled', variant: {}, until: status('handled'), wait: [0.1, 0.6] },
  { name: 'verified', variant: {}, until: status('verified'), wait: [0.1, 0.6] },
  { name: 'closed', variant: {}, until: status('closed'), wait: [0.1, 0.8] },
  { name: 'reported late', variant: {}, until: status('reported'), wait: [1.3, 2.5] },
  { name: 'registered late', variant: {}, until: status('registered'), wait: [1.3, 2.5] },
  { name: 'dispatched late', variant: {}, until: status('dispatched'), wait: [1.3, 2.5] },
  { name: 'handling late', variant: {}, until: status('handling'), wait: [1.1, 1.5] },
  { name: 'handled late', variant: {}, until: status('handled'), wait: [1.3, 2] },
  {
    name: 'supervised',
    variant: { supervise: true },
    until: status('handling', (f) => f.supervised),
    wait: [0.05, 0.3],
  },
  {
    name: 'extension requested',
    variant: { extension: 'approve' },
    until: status('handling', (f) => f.pendingExtension),
    wait: [0.02, 0.1],
  },
  {
    name: 'suspended',
    variant: { suspension: 'approve' },
    until: status('handling', (f) => f.suspended),
    wait: [0.3, 1.2],
  },
  {
    name: 'suspension requested',
    variant: { suspension: 'approve' },
    until: status('handling', (f) => f.pendingSuspension),
    wait: [0.02, 0.1],
  },
  {
    name: 'reworked',
    variant: { rework: true },
    until: status('handling', (f) => f.reworkCount > 0),
    wait: [0.1, 0.5],
  },
  {
    name: 'escalated',
    variant: { escalate: 'registered' },
    until: (f, action) => action === 'escalate' && f.status === 'registered',
    wait: [0.1, 0.6],
  },
]

/** The clock stage a case waits on in a status (what a showcase's wait is measured against). */
export const waitingStage: Partial<Record<CaseStatus, ClockStage>> = {
  reported: 'accept',
  accepted: 'accept',
  registered: 'dispatch',
  dispatched: 'sign',
  handling: 'handle',
  returned: 'dispatch',
  handled: 'verify',
}

export type PathContext = {
  r: Random
  rules: TCatalogRules
  urgency: TUrgency
  dayMinutes: number
  level: CaseLevel
  resident: boolean
  photosRequired: boolean
}

export function limitDelay(limit: TimeLimit, dayMinutes: number, share: number): Delay {
  switch (limit.unit) {
    case 'working_days':
      return { mode: 'work', minutes: limit.amount * dayMinutes * share }
    case 'working_hours':
      return { mode: 'work', minutes: limit.amount * 60 * share }
    case 'natural_days':
      return { mode: 'natural', minutes: limit.amount * 1440 * share }
    case 'natural_hours':
      return { mode: 'natural', minutes: limit.amount * 60 * share }
  }
}

export function pathTools(ctx: PathContext) {
  const { r, rules, urgency, dayMinutes } = ctx
  /** A share of a stage's limit: mostly early, sometimes (lateRate) past it. */
  const stage = (s: ClockStage, lo: number, hi: number, lateRate = 0): Delay =>
    limitDelay(
      rules.limits[urgency][s],
      dayMinutes,
      lateRate > 0 && r() < lateRate ? uniform(r, 1.05, 1.7) : lo + (hi - lo) * r() ** 1.5,
    )
  /** Minutes of office time, or plain minutes (a third of them) when the matter is urgent. */
  const work = (lo: number, hi: number): Delay =>
    urgency === 'normal'
      ? { mode: 'work', minutes: uniform(r, lo, hi) }
      : { mode: 'natural', minutes: uniform(r, lo, hi) / 3 }
  const photos = (required: boolean, chance: number) =>
    required || r() < chance ? 1 + Math.floor(r() * 2) : 0
  // A handler answers within the first-feedback limit (the "130" rule), or handling's when that is shorter:
  // handling on time means handled, extended or suspended within it.
  const limits = rules.limits[urgency]
  const feedback = limitDelay(limits.first_feedback, dayMinutes, 1)
  const handling = limitDelay(limits.handle, dayMinutes, 1)
  const window = feedback.mode === handling.mode && handling.minutes < feedback.minutes ? handling : feedback
  /** A share of the time to answer in. */
  const answer = (lo: number, hi: number): Delay => ({
    mode: window.mode,
    minutes: window.minutes * (lo + (hi - lo) * r() ** 1.5),
  })
  return { stage, work, photos, answer }
}

export function randomVariant(ctx: PathContext): Variant {
  const { r, level } = ctx
  const reached = r() < (ctx.resident ? 0.93 : 0.86)
  const s = r()
  const satisfaction = s < 0.8 ? 'satisfied' : s < 0.945 ? 'basically' : 'unsatisfied'
  const escalate = level !== 'district' && r() < 0.05 ? (r() < 0.4 ? 'registered' : 'handling') : null
  return {
    escalate,
    ret: r() < 0.05 ? (r() < 0.4 ? 'dispatched' : 'handling') : null,
    reassign: r() < 0.6,
    supervise: r() < 0.04,
    urge: r() < 0.07,
    extension: r() < 0.05 ? (r() < 0.8 ? 'approve' : 'deny') : null,
    suspension: r() < 0.025 ? (r() < 0.8 ? 'approve' : 'deny') : null,
    rework: r() < 0.04,
    joint: escalate !== null && r() < 0.4,
    lateHandle: r() < 0.05,
    followUp: reached
      ? { reached, satisfaction, ...(satisfaction === 'unsatisfied' ? { forCause: r() < 0.4 } : {}) }
      : { reached },
  }
}

/** 上报 → 受理 → 立案 → 派遣 → 签收 → 处置 → 核查 → 结案 → 回访, with the turns a variant takes. */
export function normalPath(ctx: PathContext, v: Variant, report: Step): Step[] {
  const { r } = ctx
  const { stage, work, photos, answer } = pathTools(ctx)
  const steps: Step[] = [report]
  const handleNote = () =>
    pick(r, ctx.rules.routing.default.body === 'zongzhi' ? texts.dispute : texts.handle)
  const sign = (optional = false) =>
    steps.push({
      action: 'sign',
      who: 'handler',
      delay: stage('sign', 0.05, 0.6, 0.03),
      ...(optional ? { optional } : {}),
    })
  const handle = (delay: Delay) =>
    steps.push({
      action: 'handle',
      who: 'handler',
      delay,
      note: handleNote(),
      photos: photos(ctx.photosRequired, 0.6),
    })
  const verify = (passed: boolean) =>
    steps.push({
      action: 'verify',
      who: 'verifier',
      delay: stage('verify', 0.05, 0.6, 0.02),
      payload: { passed },
      note: passed ? texts.verifyPassed : texts.verifyFailed,
      photos: r() < 0.3 ? 1 : 0,
    })
  const ruling = (ret: 'dispatched' | 'handling') => {
    steps.push({
      action: 'return',
      who: 'handler',
      delay: ret === 'dispatched' ? stage('sign', 0.1, 0.7) : answer(0.03, 0.2),
      payload: { reason: pick(r, texts.returned) },
    })
    steps.push({
      action: 'rule_return',
      who: 'dispatcher',
      delay: stage('dispatch', 0.05, 0.4),
      payload: { ruling: v.reassign ? 'reassign' : 'send_back' },
      note: v.reassign ? texts.reassign : texts.sendBack,
      reassign: v.reassign,
    })
    if (v.reassign) sign()
  }
  // A case reassigned up to the district on the way cannot go higher: then it is handled where it is.
  const escalate = () => {
    steps.push({ action: 'escalate', who: 'dispatcher', delay: work(20, 240), optional: true })
    if (v.joint)
      steps.push({
        action: 'joint_meeting',
        who: 'leader',
        delay: work(120, 900),
        payload: { note: texts.joint },
        data: { participants: texts.participants },
      })
  }
  const dispatch = (optional = false) =>
    steps.push({
      action: 'dispatch',
      who: 'dispatcher',
      delay: stage('dispatch', 0.03, 0.5, 0.02),
      ...(optional ? { optional } : {}),
    })

  steps.push({ action: 'accept', who: 'intake', delay: stage('accept', 0.05, 0.5, 0.02) })
  steps.push({ action: 'register', who: 'center', delay: stage('accept', 0.02, 0.2) })
  if (v.escalate === 'registered') escalate()
  dispatch()
  if (v.ret === 'dispatched') ruling('dispatched')
  else sign()
  if (v.ret === 'handling') ruling('handling')
  if (v.escalate === 'handling') {
    escalate()
    dispatch(true)
    sign(true)
  }
  // A supervision (督办), by a leader or by the deadline sweep's ladder, waits for the handler's written reply.
  const reply = () =>
    steps.push({
      action: 'reply_supervision',
      who: 'handler',
      delay: work(20, 240),
      payload: { note: pick(r, texts.reply) },
      optional: true,
    })
  if (v.supervise) {
    steps.push({
      action: 'supervise',
      who: 'leader',
      delay: answer(0.05, 0.3),
      payload: { reason: pick(r, texts.supervise) },
      optional: true,
    })
    reply()
  }
  if (v.urge) steps.push({ action: 'urge', who: 'dispatcher', delay: answer(0.1, 0.35), note: texts.urge })
  if (v.extension) {
    const extension: TimeLimit =
      ctx.rules.limits[ctx.urgency].handle.unit === 'natural_hours'
        ? { amount: 24, unit: 'natural_hours' }
        : { amount: pick(r, [3, 5, 5, 10]), unit: 'working_days' }
    steps.push({
      action: 'request_extension',
      who: 'handler',
      delay: answer(0.3, 0.7),
      payload: { reason: pick(r, texts.extension), extension },
    })
    steps.push(
      v.extension === 'approve'
        ? { action: 'approve_extension', who: 'center', delay: work(30, 300), payload: { extension } }
        : {
            action: 'deny_extension',
            who: 'center',
            delay: work(30, 300),
            payload: { reason: texts.denyExtension },
          },
    )
  }
  if (v.suspension) {
    steps.push({
      action: 'request_suspension',
      who: 'handler',
      delay: answer(0.1, 0.4),
      payload: { reason: pick(r, texts.suspension) },
    })
    if (v.suspension === 'approve') {
      steps.push({ action: 'approve_suspension', who: 'center', delay: work(30, 300) })
      steps.push({
        action: 'resume',
        who: 'handler',
        delay: { mode: 'work', minutes: uniform(r, 1, 6) * ctx.dayMinutes },
        note: texts.resume,
      })
    } else
      steps.push({
        action: 'deny_suspension',
        who: 'center',
        delay: work(30, 300),
        payload: { reason: texts.denySuspension },
      })
  }
  reply()
  handle(
    v.lateHandle
      ? stage('handle', 0, 0, 1)
      : v.extension === 'approve'
        ? stage('handle', 0.5, 1.2)
        : v.extension || v.suspension
          ? stage('handle', 0.1, 0.6)
          : answer(0.08, v.supervise || v.urge ? 0.55 : 0.85),
  )
  if (v.rework) {
    verify(false)
    handle(stage('handle', 0.05, 0.4))
  }
  verify(true)
  const closeAndFollowUp = (followUp: FollowUp) => {
    steps.push({ action: 'close', who: 'center', delay: work(10, 150), note: texts.close })
    steps.push({
      action: 'follow_up',
      who: 'followup',
      delay: work(60, 900),
      payload: { followUp },
      note: followUp.reached
        ? texts.followUp[followUp.satisfaction ?? 'satisfied']
        : texts.followUp.unreached,
      data: { followUp },
    })
  }
  closeAndFollowUp(v.followUp)
  if (v.followUp.forCause) {
    handle(stage('handle', 0.1, 0.5))
    verify(true)
    closeAndFollowUp({ reached: true, satisfaction: r() < 0.7 ? 'satisfied' : 'basically' })
  }
  return steps
}
