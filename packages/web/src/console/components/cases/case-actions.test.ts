import { type TCase, ZCaseActionRequest } from '@onegrid/core/api/cases'
import { roles } from '@onegrid/core/auth/roles'
import { type CaseFacts, decide } from '@onegrid/core/cases/machine'
import { caseRules } from '@onegrid/core/cases/rules'
import { type CaseAction, type CaseStatus, caseActions } from '@onegrid/core/cases/states'
import { describe, expect, it } from 'vitest'
import {
  type ActionForm,
  actionButtons,
  actionSpecs,
  blankActionForm,
  buildActionRequest,
  checkActionForm,
  initialActionForm,
} from './case-actions.ts'

/** The least a user must fill in for each action, as the dialog would hold it. */
function filled(action: CaseAction): ActionForm {
  const form = blankActionForm()
  const spec = actionSpecs[action]
  if (spec.required.includes('reason')) form.reason = '理由充分'
  if (spec.required.includes('note')) form.note = '已处理完毕'
  if (spec.required.includes('extension')) form.extensionAmount = 2
  if (spec.required.includes('ruling')) form.ruling = 'send_back'
  if (spec.required.includes('passed')) form.passed = true
  if (spec.required.includes('followUp')) {
    form.reached = true
    form.satisfaction = 'satisfied'
  }
  if (spec.required.includes('master')) form.masterCaseId = 9
  if (spec.required.includes('participants')) form.participants = ['城市管理局', '街道办']
  return form
}

/** Facts under which the action's state and availability allow it, so only the payload is judged. */
function factsFor(action: CaseAction): CaseFacts {
  const rule = caseRules[action]
  const status = (rule.from === 'new' ? null : rule.from[0]) as CaseStatus | null
  return {
    status,
    level: 'street',
    selfHandleAllowed: true,
    photoRequired: false,
    suspended: action === 'resume',
    pendingExtension: action === 'approve_extension' || action === 'deny_extension',
    pendingSuspension: action === 'approve_suspension' || action === 'deny_suspension',
    supervised: action === 'reply_supervision',
    reworkCount: 0,
  }
}

const buttonActions = caseActions.filter((a) => a !== 'report' && a !== 'self_handle')

describe('case action dialogs', () => {
  it.each(buttonActions)('ask for what the rules of %s need, and the rules accept the result', (action) => {
    const form = filled(action)
    expect(checkActionForm(action, form)).toEqual([])
    const body = buildActionRequest(action, form, 3)
    expect(ZCaseActionRequest.safeParse(body).success).toBe(true)
    const decision = decide(factsFor(action), { roles: [...roles], isHandler: true }, action, {
      ...body,
      photos: 0,
    })
    expect(decision.ok ? 'ok' : decision.message.en).toBe('ok')
  })

  it.each(buttonActions.filter((a) => actionSpecs[a].required.length > 0))(
    'refuse an empty %s form before sending it',
    (action) => {
      expect(checkActionForm(action, blankActionForm()).length).toBeGreaterThan(0)
    },
  )

  it('sends the version the user saw and only the inputs the action takes', () => {
    const form = blankActionForm()
    form.reason = '不属于本部门职责'
    form.note = 'ignored? no: return takes no note'
    form.unitId = 4
    const body = buildActionRequest('return', form, 7)
    expect(body).toEqual({ action: 'return', expectedVersion: 7, reason: '不属于本部门职责' })
  })

  it('asks for a unit when a return is ruled to go elsewhere', () => {
    const form = blankActionForm()
    form.ruling = 'reassign'
    expect(checkActionForm('rule_return', form)).toEqual(['unit'])
    form.unitId = 12
    expect(buildActionRequest('rule_return', form, 2)).toMatchObject({ ruling: 'reassign', unitId: 12 })
  })

  it('records an unreachable reporter without a satisfaction, an unsatisfied one with its cause', () => {
    const form = blankActionForm()
    form.reached = false
    expect(checkActionForm('follow_up', form)).toEqual([])
    expect(buildActionRequest('follow_up', form, 1).followUp).toEqual({ reached: false })
    form.reached = true
    expect(checkActionForm('follow_up', form)).toEqual(['satisfaction'])
    form.satisfaction = 'unsatisfied'
    form.forCause = true
    expect(buildActionRequest('follow_up', form, 1).followUp).toEqual({
      reached: true,
      satisfaction: 'unsatisfied',
      forCause: true,
    })
  })

  it('wants whole days for an extension counted in days', () => {
    const form = blankActionForm()
    form.reason = '材料未到'
    form.extensionAmount = 1.5
    expect(checkActionForm('request_extension', form)).toEqual(['extension'])
    form.extensionUnit = 'working_hours'
    expect(checkActionForm('request_extension', form)).toEqual([])
  })

  it('wants a photo of the fix when the category requires one', () => {
    const form = filled('handle')
    expect(checkActionForm('handle', form, { photos: 0, photoRequired: true })).toEqual(['attachments'])
    expect(checkActionForm('handle', form, { photos: 1, photoRequired: true })).toEqual([])
    expect(buildActionRequest('handle', form, 5, [31, 32]).attachmentIds).toEqual([31, 32])
  })

  it('suggests the routing rule’s handler for a dispatch and the asked extension for an approval', () => {
    const base = {
      itemCode: '0101',
      urgency: 'urgent',
      level: 'street',
      suggestedHandler: {
        unitId: 5,
        unitName: '城市管理局',
        userId: null,
        userName: null,
        body: 'chengguan',
        level: 'district',
      },
      timeline: [{ action: 'request_extension', data: { extension: { amount: 3, unit: 'working_days' } } }],
    } as unknown as TCase
    expect(initialActionForm('dispatch', base)).toMatchObject({ unitId: 5, level: 'district' })
    expect(initialActionForm('register', base)).toMatchObject({ itemCode: '0101', urgency: 'urgent' })
    expect(initialActionForm('approve_extension', base)).toMatchObject({
      extensionAmount: 3,
      extensionUnit: 'working_days',
    })
  })

  it('orders the buttons along the loop and leaves out the steps that create a case', () => {
    expect(actionButtons(['urge', 'self_handle', 'dispatch', 'escalate', 'report'])).toEqual([
      'dispatch',
      'escalate',
      'urge',
    ])
  })
})
