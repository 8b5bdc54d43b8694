import { describe, expect, it } from 'vitest'
import type { OutboxEntry } from '../../offline/db.ts'
import { pendingReports, pendingSteps } from './pending.ts'

const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  id: 'id',
  seq: 1,
  operation: 'reportCase',
  params: {},
  body: {},
  files: [],
  filesField: 'attachmentIds',
  uploadedIds: [],
  label: '',
  owner: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  state: 'pending',
  attempts: 0,
  error: null,
  lastAttemptAt: null,
  ...over,
})

describe('what waits on the phone', () => {
  const entries = [
    entry({
      id: 'r1',
      label: '上报：暴露垃圾',
      body: { description: '路边垃圾' },
      files: [{ blob: new Blob(), name: 'a.jpg' }],
    }),
    entry({
      id: 'a1',
      seq: 2,
      operation: 'performCaseAction',
      params: { id: '7' },
      body: { action: 'sign', expectedVersion: 2 },
    }),
    entry({
      id: 'a2',
      seq: 3,
      operation: 'performCaseAction',
      params: { id: '7' },
      body: { action: 'handle', expectedVersion: 3 },
    }),
    entry({
      id: 'a3',
      seq: 4,
      operation: 'performCaseAction',
      params: { id: '9' },
      body: { action: 'verify', passed: false },
      state: 'failed',
      error: { status: 409, code: 'conflict', message: '案件已被他人处理' },
    }),
    entry({ id: 'p1', seq: 5, operation: 'appendPatrolPoints', params: { id: 'x' } }),
    entry({
      id: 'r2',
      seq: 6,
      label: '自处置：邻里纠纷',
      state: 'failed',
      error: { status: 400, code: 'validation', message: '请选择事项类别' },
    }),
  ]

  it('groups the queued steps by case, in the order they go', () => {
    const steps = pendingSteps(entries)
    expect([...steps.keys()]).toEqual([7, 9])
    expect(steps.get(7)?.map((s) => s.action)).toEqual(['sign', 'handle'])
    expect(steps.get(9)?.[0]).toMatchObject({
      action: 'verify',
      passed: false,
      failed: true,
      message: '案件已被他人处理',
    })
  })

  it('lists the reports not yet sent, newest first, with why one was refused', () => {
    expect(pendingReports(entries)).toEqual([
      expect.objectContaining({ id: 'r2', failed: true, message: '请选择事项类别' }),
      expect.objectContaining({ id: 'r1', failed: false, description: '路边垃圾', photos: 1 }),
    ])
  })
})
