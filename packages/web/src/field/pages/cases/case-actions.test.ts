import { describe, expect, it } from 'vitest'
import type { TCaseSummary } from '../../../shared/api/cases.ts'
import {
  actionBody,
  actionProblems,
  actorFor,
  availableActions,
  type Me,
  meOf,
  pathOfCode,
  projected,
} from './case-actions.ts'

const summary = (over: Partial<TCaseSummary> = {}): TCaseSummary => ({
  id: 7,
  code: '11012020261201000007',
  title: '暴露垃圾',
  status: 'handled',
  level: 'community',
  channel: 'grid_worker',
  urgency: 'normal',
  itemCode: '0101',
  itemName: '暴露垃圾',
  areaCode: '110120001001001',
  areaName: '第一网格',
  gridCode: '110120001001001',
  address: null,
  location: { lng: 116.4, lat: 39.9 },
  handler: null,
  flags: {
    selfHandled: true,
    supervised: false,
    suspended: false,
    overdue: false,
    pendingExtension: false,
    pendingSuspension: false,
    reworkCount: 0,
    shirkCount: 0,
    mergedInto: null,
  },
  light: 'green',
  dueAt: null,
  dueStage: null,
  reportedAt: '2026-12-01T08:00:00+08:00',
  updatedAt: '2026-12-01T08:00:00+08:00',
  version: 3,
  ...over,
})

const leader: Me = meOf({
  id: 5,
  assignments: [{ role: 'grid_leader', areaCode: '110120001001001', unitId: null }],
})
const worker: Me = meOf({
  id: 6,
  assignments: [{ role: 'grid_worker', areaCode: '110120001001001', unitId: null }],
})
const otherLeader: Me = meOf({
  id: 9,
  assignments: [{ role: 'grid_leader', areaCode: '110120001001002', unitId: null }],
})

describe('my roles for a case', () => {
  it('builds an area’s path from its nested code', () => {
    expect(pathOfCode('110120001001001')).toBe('110120.110120001.110120001001.110120001001001')
    expect(pathOfCode('110120001')).toBe('110120.110120001')
  })

  it('counts area roles only within their area, and every role for the case’s handler', () => {
    expect(actorFor(leader, summary())).toEqual({
      roles: ['grid_leader'],
      isHandler: false,
      handledIt: false,
    })
    expect(actorFor(otherLeader, summary())).toEqual({ roles: [], isHandler: false, handledIt: false })
    const mine = summary({ handler: { unitId: null, unitName: null, userId: 9, userName: '某人' } })
    expect(actorFor(otherLeader, mine)).toEqual({ roles: ['grid_leader'], isHandler: true, handledIt: true })
  })
})

describe('the actions the phone offers', () => {
  it('offers 核查 to the grid’s worker and leader, never to whoever did the handling', () => {
    expect(availableActions(summary(), leader)).toEqual(['verify'])
    expect(availableActions(summary(), worker)).toEqual(['verify'])
    expect(availableActions(summary(), otherLeader)).toEqual([])
    const selfHandled = summary({ flags: { ...summary().flags, selfHandled: true } })
    expect(availableActions({ ...selfHandled, reportedByMe: true }, worker)).toEqual([])
    expect(availableActions({ ...selfHandled, reportedByMe: false }, worker)).toEqual(['verify'])
  })

  it('offers sign, then handle and return, to the worker the case is dispatched to', () => {
    const handler = { unitId: null, unitName: null, userId: 6, userName: '吴网格员' }
    expect(availableActions(summary({ status: 'dispatched', handler }), worker)).toEqual(['sign', 'return'])
    expect(availableActions(summary({ status: 'handling', handler }), worker)).toEqual(['handle', 'return'])
    expect(availableActions(summary({ status: 'dispatched' }), worker)).toEqual([])
  })

  it('follows the steps queued on the phone: signed offline, it may be handled offline', () => {
    const handler = { unitId: null, unitName: null, userId: 6, userName: '吴网格员' }
    const c = summary({ status: 'dispatched', handler })
    expect(availableActions(c, worker, [{ action: 'sign' }])).toEqual(['handle', 'return'])
    expect(projected(c, worker, [{ action: 'sign' }])).toMatchObject({
      facts: { status: 'handling' },
      version: 4,
    })
    expect(availableActions(c, worker, [{ action: 'sign' }, { action: 'handle' }])).toEqual([])
  })

  it('counts a failed verification queued as rework', () => {
    const p = projected(summary(), leader, [{ action: 'verify', passed: false }])
    expect(p).toMatchObject({ facts: { status: 'handling', reworkCount: 1 }, version: 4 })
  })

  it('takes the server’s list when there is one and nothing is queued', () => {
    expect(availableActions(summary(), worker, [], ['verify', 'urge'])).toEqual(['verify'])
    expect(availableActions(summary(), leader, [{ action: 'verify', passed: true }], ['verify'])).toEqual([])
  })
})

describe('the performCaseAction body', () => {
  it('verifies with the version seen and the result; photos come with the queue', () => {
    expect(actionBody({ action: 'verify', passed: true, note: ' 已整改 ' }, 3)).toEqual({
      action: 'verify',
      expectedVersion: 3,
      passed: true,
      note: '已整改',
      attachmentIds: [],
    })
    expect(actionBody({ action: 'verify', passed: false, note: '未整改到位' }, 4)).toEqual({
      action: 'verify',
      expectedVersion: 4,
      passed: false,
      note: '未整改到位',
      attachmentIds: [],
    })
  })

  it('signs with nothing but the version, handles with a note, returns with a reason', () => {
    expect(actionBody({ action: 'sign' }, 2)).toEqual({
      action: 'sign',
      expectedVersion: 2,
      attachmentIds: [],
    })
    expect(actionBody({ action: 'handle', note: '已清理' }, 3)).toMatchObject({ note: '已清理' })
    expect(actionBody({ action: 'return', reason: '不属本网格' }, 3)).toMatchObject({ reason: '不属本网格' })
    expect(actionBody({ action: 'handle', note: '已调解', fields: { resolved: 'yes' } }, 3)).toMatchObject({
      fields: { resolved: 'yes' },
    })
    expect(actionBody({ action: 'verify', passed: true, fields: { resolved: 'yes' } }, 3)).not.toHaveProperty(
      'fields',
    )
  })

  it('needs a result and a photo to verify, a note to fail it; a note and a photo to handle', () => {
    expect(actionProblems({ action: 'verify' }, 0)).toEqual(['passed', 'photo'])
    expect(actionProblems({ action: 'verify', passed: false }, 1)).toEqual(['note'])
    expect(actionProblems({ action: 'verify', passed: true }, 1)).toEqual([])
    expect(actionProblems({ action: 'handle' }, 0)).toEqual(['note', 'photo'])
    expect(actionProblems({ action: 'return', reason: 'x' }, 0)).toEqual(['reason'])
    expect(actionProblems({ action: 'sign' }, 0)).toEqual([])
  })
})
