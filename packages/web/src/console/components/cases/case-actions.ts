import type { TCase, TCaseActionRequest } from '@onegrid/core/api/cases'
import type { CaseAction, CaseLevel } from '@onegrid/core/cases/states'
import type { urgencies } from '@onegrid/core/catalog/vocabulary'
import type { LimitUnit } from '@onegrid/core/time/deadline'

/**
 * What each step's dialog asks for. The rules of core/cases/rules.ts decide; this only mirrors
 * what they require, so the dialog shows exactly those inputs and catches a missing one before sending.
 */
export type ActionInput =
  | 'reason'
  | 'note'
  | 'attachments'
  | 'register'
  | 'dispatch'
  | 'ruling'
  | 'extension'
  | 'passed'
  | 'followUp'
  | 'master'
  | 'participants'
  /** The item's handling form (处置表单), when its catalog entry has one. */
  | 'fields'

export interface ActionSpec {
  inputs: readonly ActionInput[]
  /** Inputs that must be filled (reason: 2+ characters). */
  required: readonly ActionInput[]
  /** A step that cannot be undone or sends the case away: the confirm button is red. */
  danger?: boolean
}

const reasonOnly: ActionSpec = { inputs: ['reason'], required: ['reason'] }
const noteOnly: ActionSpec = { inputs: ['note'], required: [] }

export const actionSpecs: Record<CaseAction, ActionSpec> = {
  report: { inputs: [], required: [] },
  self_handle: { inputs: [], required: [] },
  accept: noteOnly,
  reject: { ...reasonOnly, danger: true },
  register: { inputs: ['register', 'note'], required: [] },
  dispatch: { inputs: ['dispatch', 'note'], required: [] },
  sign: noteOnly,
  handle: { inputs: ['note', 'fields', 'attachments'], required: ['note'] },
  return: { ...reasonOnly, danger: true },
  rule_return: { inputs: ['ruling', 'note'], required: ['ruling'] },
  request_extension: { inputs: ['reason', 'extension'], required: ['reason', 'extension'] },
  approve_extension: { inputs: ['extension', 'note'], required: ['extension'] },
  deny_extension: reasonOnly,
  request_suspension: reasonOnly,
  approve_suspension: noteOnly,
  deny_suspension: reasonOnly,
  resume: noteOnly,
  escalate: reasonOnly,
  verify: { inputs: ['passed', 'note', 'attachments'], required: ['passed'] },
  close: noteOnly,
  follow_up: { inputs: ['followUp', 'note'], required: ['followUp'] },
  reopen: reasonOnly,
  merge: { inputs: ['master', 'note'], required: ['master'], danger: true },
  supervise: reasonOnly,
  reply_supervision: { inputs: ['note', 'attachments'], required: ['note'] },
  urge: noteOnly,
  joint_meeting: { inputs: ['participants', 'note', 'attachments'], required: ['participants', 'note'] },
}

/** Steps that create a case are not buttons on a case page. */
const creating: readonly CaseAction[] = ['report', 'self_handle']

/** The buttons of a case page, in the order of the loop (the server's list may come in any order). */
export function actionButtons(allowed: readonly CaseAction[]): CaseAction[] {
  const order = Object.keys(actionSpecs) as CaseAction[]
  return order.filter((a) => allowed.includes(a) && !creating.includes(a))
}

/** Buttons that move the case forward are primary; the rest plain (and red for refusals). */
export function actionKind(action: CaseAction): 'primary' | 'danger' | 'default' {
  if (actionSpecs[action].danger) return 'danger'
  const forward: readonly CaseAction[] = [
    'accept',
    'register',
    'dispatch',
    'sign',
    'handle',
    'verify',
    'close',
    'follow_up',
    'rule_return',
    'approve_extension',
    'approve_suspension',
  ]
  return forward.includes(action) ? 'primary' : 'default'
}

export type Urgency = (typeof urgencies)[number]
export type Satisfaction = 'satisfied' | 'basically' | 'unsatisfied'

/** The dialog's inputs, one shape for every action. */
export interface ActionForm {
  reason: string
  note: string
  itemCode: string | null
  urgency: Urgency | undefined
  unitId: number | null
  level: CaseLevel | undefined
  ruling: 'reassign' | 'send_back' | undefined
  extensionAmount: number | null
  extensionUnit: LimitUnit
  passed: boolean | undefined
  reached: boolean | undefined
  satisfaction: Satisfaction | undefined
  forCause: boolean
  masterCaseId: number | null
  participants: string[]
  /** Values of the handling form, by field key. */
  fields: Record<string, unknown>
}

export function blankActionForm(): ActionForm {
  return {
    reason: '',
    note: '',
    itemCode: null,
    urgency: undefined,
    unitId: null,
    level: undefined,
    ruling: undefined,
    extensionAmount: null,
    extensionUnit: 'working_days',
    passed: undefined,
    reached: undefined,
    satisfaction: undefined,
    forCause: false,
    masterCaseId: null,
    participants: [],
    fields: {},
  }
}

/** The extension a handler asked for, from the latest request in the timeline (to approve it as asked). */
export function requestedExtension(c: Pick<TCase, 'timeline'>): { amount: number; unit: LimitUnit } | null {
  const request = [...c.timeline].reverse().find((e) => e.action === 'request_extension')
  const ext = request?.data.extension
  if (typeof ext !== 'object' || ext === null) return null
  const { amount, unit } = ext as Record<string, unknown>
  const units: readonly string[] = ['working_days', 'working_hours', 'natural_days', 'natural_hours']
  return typeof amount === 'number' && typeof unit === 'string' && units.includes(unit)
    ? { amount, unit: unit as LimitUnit }
    : null
}

/** The form as the case suggests it: the routing rule's handler for a dispatch, the case's own category. */
export function initialActionForm(action: CaseAction, c: TCase): ActionForm {
  const form = blankActionForm()
  if (action === 'register') {
    form.itemCode = c.itemCode
    form.urgency = c.urgency
  }
  if (action === 'dispatch') {
    form.unitId = c.suggestedHandler?.unitId ?? null
    form.level = c.suggestedHandler?.level ?? c.level
  }
  if (action === 'approve_extension') {
    const asked = requestedExtension(c)
    if (asked) {
      form.extensionAmount = asked.amount
      form.extensionUnit = asked.unit
    }
  }
  return form
}

/** Which inputs are missing or wrong, as message keys under console.cases.action.errors. */
export type ActionProblem =
  | 'reason'
  | 'note'
  | 'extension'
  | 'ruling'
  | 'unit'
  | 'passed'
  | 'reached'
  | 'satisfaction'
  | 'master'
  | 'participants'
  | 'attachments'

export function checkActionForm(
  action: CaseAction,
  form: ActionForm,
  options: { photos: number; photoRequired?: boolean } = { photos: 0 },
): ActionProblem[] {
  const spec = actionSpecs[action]
  const problems: ActionProblem[] = []
  const needs = (input: ActionInput) => spec.required.includes(input)
  if (needs('reason') && form.reason.trim().length < 2) problems.push('reason')
  if (needs('note') && !form.note.trim()) problems.push('note')
  if (needs('extension') && !(form.extensionAmount && form.extensionAmount > 0)) problems.push('extension')
  if (
    spec.inputs.includes('extension') &&
    form.extensionAmount &&
    form.extensionUnit.endsWith('_days') &&
    !Number.isInteger(form.extensionAmount)
  ) {
    problems.push('extension')
  }
  if (needs('ruling')) {
    if (!form.ruling) problems.push('ruling')
    else if (form.ruling === 'reassign' && !form.unitId) problems.push('unit')
  }
  if (needs('passed') && form.passed === undefined) problems.push('passed')
  if (needs('followUp')) {
    if (form.reached === undefined) problems.push('reached')
    else if (form.reached && !form.satisfaction) problems.push('satisfaction')
  }
  if (needs('master') && !form.masterCaseId) problems.push('master')
  if (needs('participants') && !form.participants.some((p) => p.trim())) problems.push('participants')
  if (action === 'handle' && options.photoRequired && options.photos === 0) problems.push('attachments')
  return [...new Set(problems)]
}

/** The request body: only what the action takes, with the version the user saw. */
export function buildActionRequest(
  action: CaseAction,
  form: ActionForm,
  expectedVersion: number,
  attachmentIds: readonly number[] = [],
): TCaseActionRequest {
  const spec = actionSpecs[action]
  const has = (input: ActionInput) => spec.inputs.includes(input)
  const body: TCaseActionRequest = { action, expectedVersion }
  const reason = form.reason.trim()
  const note = form.note.trim()
  if (has('reason') && reason) body.reason = reason
  if (has('note') && note) body.note = note
  if (has('register')) {
    if (form.itemCode) body.itemCode = form.itemCode
    if (form.urgency) body.urgency = form.urgency
  }
  if (has('dispatch')) {
    if (form.unitId) body.unitId = form.unitId
    if (form.level) body.level = form.level
  }
  if (has('ruling') && form.ruling) {
    body.ruling = form.ruling
    if (form.ruling === 'reassign') {
      if (form.unitId) body.unitId = form.unitId
      if (form.level) body.level = form.level
    }
  }
  if (has('extension') && form.extensionAmount) {
    body.extension = { amount: form.extensionAmount, unit: form.extensionUnit }
  }
  if (has('passed') && form.passed !== undefined) body.passed = form.passed
  if (has('followUp') && form.reached !== undefined) {
    body.followUp = form.reached
      ? {
          reached: true,
          ...(form.satisfaction ? { satisfaction: form.satisfaction } : {}),
          ...(form.satisfaction === 'unsatisfied' ? { forCause: form.forCause } : {}),
        }
      : { reached: false }
  }
  if (has('master') && form.masterCaseId) body.masterCaseId = form.masterCaseId
  if (has('participants')) body.participants = form.participants.map((p) => p.trim()).filter(Boolean)
  if (has('attachments') && attachmentIds.length) body.attachmentIds = [...attachmentIds]
  if (has('fields')) {
    const values = Object.fromEntries(Object.entries(form.fields).filter(([, v]) => v !== undefined))
    if (Object.keys(values).length > 0) body.fields = values
  }
  return body
}
