import { describe, expect, it } from 'vitest'
import type { TCaseSummary } from '../../../shared/api/cases.ts'
import type { PendingStep } from '../cases/pending.ts'
import { noteIsEnough, superviseBody, superviseState } from './supervise.ts'

const flags = (supervised: boolean) => ({ flags: { supervised } as TCaseSummary['flags'] })
const step = (over: Partial<PendingStep>): PendingStep => ({
  id: 's1',
  action: 'supervise',
  label: '督办：C1',
  failed: false,
  message: null,
  ...over,
})

describe('督办', () => {
  it('sends the version seen and the instruction as the reason the state machine asks for', () => {
    expect(superviseBody({ version: 7 }, '  请加快办理  ')).toEqual({
      action: 'supervise',
      expectedVersion: 7,
      reason: '请加快办理',
      attachmentIds: [],
    })
    expect(noteIsEnough(' 快 ')).toBe(false)
    expect(noteIsEnough('快办')).toBe(true)
  })

  it('stands as the server says, else as the phone’s queue has it', () => {
    expect(superviseState(flags(true), [step({})])).toEqual({ kind: 'on' })
    expect(superviseState(flags(false), undefined)).toEqual({ kind: 'none' })
    expect(superviseState(flags(false), [step({ action: 'urge' })])).toEqual({ kind: 'none' })
    expect(superviseState(flags(false), [step({})])).toEqual({ kind: 'pending' })
    expect(
      superviseState(flags(false), [step({ id: 'a', failed: true, message: '案件已被他人更新' })]),
    ).toEqual({ kind: 'failed', message: '案件已被他人更新', ids: ['a'] })
    // A new one queued after a refused one: waiting.
    expect(superviseState(flags(false), [step({ id: 'a', failed: true }), step({ id: 'b' })]).kind).toBe(
      'pending',
    )
  })
})
