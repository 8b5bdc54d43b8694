import { describe, expect, it } from 'vitest'
import { caseActions, caseStatuses } from '../cases/states.ts'
import { citizenStage, plainStepKind } from './plain-steps.ts'

describe('what a resident hears of a case', () => {
  it('words the loop a resident waits for, and keeps internal steps to the staff', () => {
    const step = (
      action: (typeof caseActions)[number],
      data: Record<string, unknown> = {},
      from = null,
      to = null,
    ) => plainStepKind({ action, fromStatus: from, toStatus: to, data })
    expect(step('report')).toBe('received')
    expect(step('dispatch', {}, null, null)).toBe('dispatched')
    expect(
      plainStepKind({ action: 'dispatch', fromStatus: 'returned', toStatus: 'dispatched', data: {} }),
    ).toBe('redispatched')
    expect(step('verify', { passed: true })).toBe('verified')
    expect(step('verify', { passed: false })).toBe('rework')
    expect(plainStepKind({ action: 'follow_up', fromStatus: 'closed', toStatus: 'handling', data: {} })).toBe(
      'rework',
    )
    expect(plainStepKind({ action: 'follow_up', fromStatus: 'closed', toStatus: 'archived', data: {} })).toBe(
      'followed_up',
    )
    for (const internal of [
      'request_extension',
      'deny_extension',
      'request_suspension',
      'deny_suspension',
      'return',
      'reply_supervision',
    ] as const)
      expect(step(internal)).toBeNull()
    // Every action is decided one way or the other.
    for (const action of caseActions) expect(() => step(action)).not.toThrow()
  })

  it('puts every status in one of five stages', () => {
    expect(caseStatuses.map(citizenStage)).toEqual([
      'received',
      'accepted',
      'accepted',
      'handling',
      'handling',
      'handling',
      'handling',
      'handling',
      'done',
      'done',
      'not_accepted',
      'handling',
    ])
  })
})
