import type { TStageClock } from '@onegrid/core/api/cases'
import { describe, expect, it } from 'vitest'
import type { StreamEvent } from '../../../shared/sse/event-stream.ts'
import {
  clockView,
  createdCase,
  defaultQueue,
  fieldDisplay,
  formatDuration,
  formatShort,
  freshEvents,
  queuesFor,
} from './case-format.ts'

describe('case queues', () => {
  it('shows each role the queues it works from, in the order of the loop', () => {
    expect(queuesFor(['operator'])).toEqual(['to_accept', 'to_follow_up', 'overdue', 'supervised'])
    expect(queuesFor(['dispatcher'])).toEqual(['to_dispatch', 'to_rule', 'overdue', 'supervised'])
    expect(queuesFor(['dept_handler'])).toEqual(['to_sign', 'handling', 'overdue', 'supervised'])
  })

  it('joins the queues of several roles and keeps to those the server counted', () => {
    expect(queuesFor(['operator', 'dispatcher'], ['to_accept', 'to_dispatch', 'overdue'])).toEqual([
      'to_accept',
      'to_dispatch',
      'overdue',
    ])
  })

  it('never leaves someone without a queue', () => {
    expect(queuesFor([], ['handling', 'to_sign'])).toEqual(['to_sign', 'handling'])
  })

  it('opens the first queue with work in it', () => {
    const counts = new Map([
      ['to_accept', 0],
      ['to_follow_up', 4],
    ] as const)
    expect(defaultQueue(['to_accept', 'to_follow_up'], counts)).toBe('to_follow_up')
    expect(defaultQueue(['to_accept'], new Map())).toBe('to_accept')
  })
})

const clock = (over: Partial<TStageClock>): TStageClock => ({
  stage: 'handle',
  startedAt: '2026-03-02T09:00:00+08:00',
  stoppedAt: null,
  deadline: '2026-03-02T19:00:00+08:00',
  paused: false,
  runs: 1,
  light: 'green',
  onTime: null,
  ...over,
})

describe('deadline bars', () => {
  it('fills with the time used and says how much is left', () => {
    const view = clockView(clock({}), new Date('2026-03-02T17:00:00+08:00'))
    expect(view).toEqual({ percent: 80, leftMs: 2 * 3_600_000, running: true })
  })

  it('stays full past the deadline and counts the time over', () => {
    const view = clockView(clock({}), new Date('2026-03-03T01:00:00+08:00'))
    expect(view.percent).toBe(100)
    expect(view.leftMs).toBe(-6 * 3_600_000)
  })

  it('stops where a finished stage stopped', () => {
    const view = clockView(clock({ stoppedAt: '2026-03-02T14:00:00+08:00' }), new Date('2026-03-09'))
    expect(view).toEqual({ percent: 50, leftMs: 5 * 3_600_000, running: false })
  })

  it('writes table times without this year, in Beijing time', () => {
    const now = new Date('2026-11-23T12:00:00+08:00')
    expect(formatShort('2026-11-23T01:05:00Z', 'zh-CN', now)).toBe('11/23 09:05')
    expect(formatShort('2025-12-31T17:00:00Z', 'zh-CN', now)).toBe('01/01 01:00')
    expect(formatShort('2025-06-30T17:00:00Z', 'zh-CN', now)).toBe('2025/07/01 01:00')
  })

  it('writes durations with their two largest parts', () => {
    expect(formatDuration(((2 * 24 + 3) * 60 + 20) * 60_000, 'zh-CN')).toBe('2天3小时')
    expect(formatDuration(45 * 60_000, 'en')).toBe('45 min')
    expect(formatDuration(-(5 * 60 + 1) * 60_000, 'en')).toBe('5 h 1 min')
    expect(formatDuration(3 * 3_600_000, 'zh-CN')).toBe('3小时')
  })
})

describe('live events', () => {
  const event = (id: string, topic = 'case.created'): StreamEvent => ({ id, topic, data: {}, at: '' })

  it('picks the events that arrived since the last look, oldest first', () => {
    const before = [event('b'), event('a')]
    const now = [event('d'), event('c'), event('b'), event('a')]
    expect(freshEvents(now, before).map((e) => e.id)).toEqual(['c', 'd'])
    expect(freshEvents(now, undefined)).toHaveLength(4)
  })

  it('reads a new case from a case.created event and ignores anything else', () => {
    expect(createdCase({ id: 4, code: 'AJ2026000004', title: '井盖缺失', status: 'reported' })).toEqual({
      id: 4,
      code: 'AJ2026000004',
      title: '井盖缺失',
    })
    expect(createdCase({ id: '4' })).toBeNull()
    expect(createdCase(null)).toBeNull()
  })
})

describe('a case’s own fields', () => {
  const fields = [
    { key: 'component_id', label: '管理部件标识码', labelEn: 'Component id', type: 'text', options: [] },
    {
      key: 'component_state',
      label: '部件状态',
      labelEn: 'Component state',
      type: 'single_choice',
      options: [
        { value: 'damaged', label: '破损' },
        { value: 'missing', label: '丢失' },
      ],
    },
  ] as unknown as Parameters<typeof fieldDisplay>[0]

  it('shows labels and chosen options in the category’s order, unknown keys as they are', () => {
    expect(
      fieldDisplay(fields, { legacy: 3, component_state: 'missing', component_id: '' }, 'zh-CN'),
    ).toEqual([
      { key: 'component_state', label: '部件状态', text: '丢失' },
      { key: 'legacy', label: 'legacy', text: '3' },
    ])
    expect(fieldDisplay(fields, { component_state: ['damaged', 'missing'] }, 'en')[0]).toEqual({
      key: 'component_state',
      label: 'Component state',
      text: '破损, 丢失',
    })
  })
})
