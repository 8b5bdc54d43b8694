import { describe, expect, it } from 'vitest'
import type { Role } from '../auth/roles.ts'
import {
  type ActionPayload,
  allowedActions,
  applyDecision,
  type CaseActor,
  type CaseFacts,
  decide,
} from './machine.ts'
import { type CaseAction, caseActions, caseStatuses } from './states.ts'

const fresh = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  status: null,
  level: 'street',
  selfHandleAllowed: false,
  photoRequired: false,
  suspended: false,
  pendingExtension: false,
  pendingSuspension: false,
  supervised: false,
  reworkCount: 0,
  ...over,
})
const as = (role: Role, isHandler = false): CaseActor => ({ roles: [role], isHandler })
const worker = as('grid_worker')
const operator = as('operator')
const shiftLeader = as('shift_leader')
const dispatcher = as('dispatcher')
const handler = as('dept_handler', true)
const otherDept = as('dept_handler', false)
const supervisor = as('supervisor')

/** Walks steps from a state, failing on the first refused one; returns the facts and every decision. */
function walk(start: CaseFacts, steps: [CaseActor, CaseAction, ActionPayload?][]) {
  let facts = start
  const decisions = []
  for (const [actor, action, payload] of steps) {
    const d = decide(facts, actor, action, payload)
    if (!d.ok) throw new Error(`${action} refused at ${facts.status}: ${d.message.en}`)
    decisions.push(d)
    facts = applyDecision(facts, d)
  }
  return { facts, decisions }
}

const toHandling: [CaseActor, CaseAction, ActionPayload?][] = [
  [worker, 'report'],
  [operator, 'accept'],
  [shiftLeader, 'register'],
  [dispatcher, 'dispatch'],
  [handler, 'sign'],
]

describe('the closed loop', () => {
  it('runs report → accept → register → dispatch → sign → handle → verify → close → follow-up, with its clocks', () => {
    const { facts, decisions } = walk(fresh(), [
      ...toHandling,
      [handler, 'handle', { note: '已拆除', photos: 2 }],
      [supervisor, 'verify', { passed: true }],
      [shiftLeader, 'close'],
      [operator, 'follow_up', { followUp: { reached: true, satisfaction: 'satisfied' } }],
    ])
    expect(decisions.map((d) => d.to)).toEqual([
      'reported',
      'accepted',
      'registered',
      'dispatched',
      'handling',
      'handled',
      'verified',
      'closed',
      'archived',
    ])
    expect(decisions.map((d) => d.clock)).toEqual([
      { start: ['accept'] },
      {},
      { stop: ['accept'], start: ['dispatch', 'overall'] },
      { stop: ['dispatch'], start: ['sign'] },
      { stop: ['sign'], start: ['first_feedback', 'handle'] },
      { stop: ['first_feedback', 'handle'], start: ['verify'] },
      { stop: ['verify'] },
      { stop: ['overall'] },
      {},
    ])
    expect(facts.status).toBe('archived')
    expect(allowedActions(facts, shiftLeader)).toEqual(['reopen'])
  })

  it('rejects with a reason only', () => {
    const reported = applyDecision(fresh(), decide(fresh(), worker, 'report'))
    const bare = decide(reported, operator, 'reject')
    expect(bare).toMatchObject({ ok: false, refusal: 'payload' })
    expect(decide(reported, operator, 'reject', { reason: '属于 110 警情' })).toMatchObject({
      ok: true,
      to: 'rejected',
    })
  })

  it('refuses by role, by handler and by state, saying which', () => {
    const { facts: dispatched } = walk(fresh(), toHandling.slice(0, 4))
    expect(decide(dispatched, worker, 'dispatch')).toMatchObject({ ok: false, refusal: 'state' })
    expect(decide(dispatched, otherDept, 'sign')).toMatchObject({ ok: false, refusal: 'handler' })
    expect(decide(dispatched, worker, 'sign')).toMatchObject({ ok: false, refusal: 'handler' })
    expect(decide(dispatched, supervisor, 'sign')).toMatchObject({ ok: false, refusal: 'role' })
    expect(decide(dispatched, operator, 'close')).toMatchObject({ ok: false, refusal: 'state' })
    expect(decide(dispatched, worker, 'report')).toMatchObject({ ok: false, refusal: 'state' })
  })

  it('lets the grid leader run a community’s station, and only there', () => {
    const leader = as('grid_leader')
    const community = walk(fresh({ level: 'community' }), [
      [worker, 'report'],
      [leader, 'accept'],
      [leader, 'register'],
      [leader, 'dispatch'],
    ])
    expect(community.facts.status).toBe('dispatched')
    const street = applyDecision(fresh(), decide(fresh(), worker, 'report'))
    expect(decide(street, leader, 'accept')).toMatchObject({ ok: false, refusal: 'role' })
  })
})

describe('returns and rulings (退回、审定)', () => {
  const returned = () =>
    walk(fresh(), [...toHandling, [handler, 'return', { reason: '不属本单位职责' }]]).facts

  it('needs a reason, and stops the handler’s clocks', () => {
    const { facts } = walk(fresh(), toHandling)
    expect(decide(facts, handler, 'return')).toMatchObject({ ok: false, refusal: 'payload' })
    expect(decide(facts, handler, 'return', { reason: '不属本单位' })).toMatchObject({
      to: 'returned',
      clock: { stop: ['sign', 'first_feedback', 'handle'], start: ['dispatch'] },
    })
  })

  it('reassigns to another handler, or sends it back as an unjustified return (推诿)', () => {
    expect(decide(returned(), dispatcher, 'rule_return', { ruling: 'reassign' })).toMatchObject({
      ok: true,
      to: 'dispatched',
      changes: {},
    })
    expect(decide(returned(), dispatcher, 'rule_return', { ruling: 'send_back' })).toMatchObject({
      ok: true,
      to: 'handling',
      changes: { shirked: true },
    })
    expect(decide(returned(), dispatcher, 'rule_return')).toMatchObject({ ok: false, refusal: 'payload' })
  })
})

describe('escalation (上报上级) and back down', () => {
  it('climbs community → street → district, not beyond, and a dispatch brings it down a level', () => {
    const leader = as('grid_leader')
    let { facts } = walk(fresh({ level: 'community' }), [
      [worker, 'report'],
      [leader, 'accept'],
      [leader, 'register'],
      [leader, 'escalate', { reason: '涉及多个社区' }],
    ])
    expect(facts).toMatchObject({ status: 'registered', level: 'street' })
    facts = walk(facts, [[dispatcher, 'escalate', { reason: '需区级部门协调' }]]).facts
    expect(facts.level).toBe('district')
    expect(decide(facts, dispatcher, 'escalate', { reason: '再上报' })).toMatchObject({
      ok: false,
      refusal: 'state',
    })
    facts = walk(facts, [[dispatcher, 'dispatch', { level: 'street' }]]).facts
    expect(facts).toMatchObject({ status: 'dispatched', level: 'street' })
  })
  it('goes beyond the district only to a superior platform, and stays at the district', () => {
    const registered = walk(fresh({ level: 'district' }), [
      [worker, 'report'],
      [operator, 'accept'],
      [shiftLeader, 'register'],
    ]).facts
    expect(decide(registered, dispatcher, 'escalate', { reason: '事权在市级' })).toMatchObject({
      ok: false,
      refusal: 'state',
    })
    const linked = { ...registered, upstream: true }
    expect(decide(linked, dispatcher, 'escalate')).toMatchObject({ ok: false, refusal: 'payload' })
    expect(decide(linked, dispatcher, 'escalate', { reason: '事权在市级' })).toMatchObject({
      ok: true,
      to: 'registered',
      changes: { level: 'district' },
    })
  })
})

describe('extension (延期) and suspension (挂账)', () => {
  it('extends by the approved limit once requested, one request at a time', () => {
    let { facts } = walk(fresh(), toHandling)
    const extension = { amount: 5, unit: 'working_days' } as const
    expect(decide(facts, handler, 'request_extension', { reason: '需协调产权单位' })).toMatchObject({
      ok: false,
      refusal: 'payload',
    })
    facts = walk(facts, [[handler, 'request_extension', { reason: '需协调产权单位', extension }]]).facts
    expect(facts.pendingExtension).toBe(true)
    expect(decide(facts, handler, 'request_extension', { reason: '再申请', extension })).toMatchObject({
      refusal: 'state',
    })
    expect(allowedActions(facts, shiftLeader)).toEqual(
      expect.arrayContaining(['approve_extension', 'deny_extension']),
    )
    const approved = decide(facts, shiftLeader, 'approve_extension', {
      extension: { amount: 3, unit: 'working_days' },
    })
    expect(approved).toMatchObject({
      ok: true,
      to: 'handling',
      clock: { extend: { amount: 3, unit: 'working_days' } },
    })
    expect(applyDecision(facts, approved).pendingExtension).toBe(false)
  })

  it('pauses the clock while suspended; handling waits for resume', () => {
    const { facts, decisions } = walk(fresh(), [
      ...toHandling,
      [handler, 'request_suspension', { reason: '等待法院判决' }],
      [shiftLeader, 'approve_suspension'],
    ])
    expect(decisions.at(-1)?.clock).toEqual({ pause: true })
    expect(facts).toMatchObject({ suspended: true, pendingSuspension: false })
    expect(decide(facts, handler, 'handle', { note: '已处置' })).toMatchObject({
      ok: false,
      refusal: 'state',
    })
    expect(allowedActions(facts, handler)).not.toContain('handle')
    expect(allowedActions(facts, handler)).toContain('resume')
    const resumed = walk(facts, [[handler, 'resume']])
    expect(resumed.decisions[0]?.clock).toEqual({ resume: true })
    expect(walk(resumed.facts, [[handler, 'handle', { note: '已处置' }]]).facts.status).toBe('handled')
  })

  it('denies a suspension with a reason', () => {
    const { facts } = walk(fresh(), [...toHandling, [handler, 'request_suspension', { reason: '等待' }]])
    expect(decide(facts, shiftLeader, 'deny_suspension')).toMatchObject({ ok: false, refusal: 'payload' })
    const denied = walk(facts, [[shiftLeader, 'deny_suspension', { reason: '可先行处置' }]]).facts
    expect(denied).toMatchObject({ status: 'handling', pendingSuspension: false, suspended: false })
  })
})

describe('rework (返工)', () => {
  const handled = () => walk(fresh(), [...toHandling, [handler, 'handle', { note: '已清理' }]]).facts

  it('a failed verification sends it back to handling and counts a rework', () => {
    const d = decide(handled(), supervisor, 'verify', { passed: false })
    expect(d).toMatchObject({
      ok: true,
      to: 'handling',
      changes: { reworkCount: 1 },
      clock: { start: ['handle'] },
    })
  })

  it('the grid’s worker verifies on the spot, but nobody verifies their own handling', () => {
    expect(decide(handled(), worker, 'verify', { passed: true })).toMatchObject({ ok: true, to: 'verified' })
    expect(allowedActions(handled(), worker)).toContain('verify')
    // The worker the case was dispatched to, or who reported and fixed it on the spot (自处置).
    const handledIt: CaseActor = { roles: ['grid_worker'], isHandler: false, handledIt: true }
    expect(decide(handled(), handledIt, 'verify', { passed: true })).toMatchObject({
      ok: false,
      refusal: 'handler',
    })
    expect(allowedActions(handled(), handledIt)).not.toContain('verify')
    const selfHandled = walk(fresh({ selfHandleAllowed: true }), [
      [worker, 'self_handle', { note: '已劝离', photos: 1 }],
    ]).facts
    expect(decide(selfHandled, { ...worker, handledIt: true }, 'verify', { passed: true }).ok).toBe(false)
    expect(decide(selfHandled, as('grid_leader'), 'verify', { passed: true }).ok).toBe(true)
  })

  it('an unsatisfied follow-up for cause reopens handling; other answers archive', () => {
    const closed = walk(handled(), [
      [supervisor, 'verify', { passed: true }],
      [shiftLeader, 'close'],
    ]).facts
    expect(
      decide(closed, operator, 'follow_up', {
        followUp: { reached: true, satisfaction: 'unsatisfied', forCause: true },
      }),
    ).toMatchObject({ to: 'handling', changes: { reworkCount: 1 } })
    expect(
      decide(closed, operator, 'follow_up', { followUp: { reached: true, satisfaction: 'unsatisfied' } }),
    ).toMatchObject({ to: 'archived' })
    expect(decide(closed, operator, 'follow_up', { followUp: { reached: false } })).toMatchObject({
      to: 'archived',
    })
    expect(decide(closed, operator, 'follow_up', { followUp: { reached: true } })).toMatchObject({
      refusal: 'payload',
    })
  })
})

describe('self-handling (自处置), merging, supervision', () => {
  it('self-handles only an item that allows it, with a photo, then the community verifies', () => {
    expect(decide(fresh(), worker, 'self_handle', { photos: 1 })).toMatchObject({
      ok: false,
      refusal: 'state',
    })
    const allowed = fresh({ selfHandleAllowed: true, level: 'community' })
    expect(decide(allowed, worker, 'self_handle')).toMatchObject({ ok: false, refusal: 'payload' })
    const d = decide(allowed, worker, 'self_handle', { photos: 1 })
    expect(d).toMatchObject({
      ok: true,
      to: 'handled',
      changes: { selfHandled: true },
      clock: { start: ['verify'] },
    })
    expect(decide(applyDecision(allowed, d), as('grid_leader'), 'verify', { passed: true })).toMatchObject({
      to: 'verified',
    })
  })

  it('requires a photo with the report when the catalog says so', () => {
    const strict = fresh({ photoRequired: true })
    expect(decide(strict, worker, 'report')).toMatchObject({ ok: false, refusal: 'payload' })
    expect(decide(strict, worker, 'report', { photos: 1 })).toMatchObject({ ok: true })
  })

  it('merges a duplicate into a named master case', () => {
    const reported = applyDecision(fresh(), decide(fresh(), worker, 'report'))
    expect(decide(reported, operator, 'merge')).toMatchObject({ ok: false, refusal: 'payload' })
    expect(decide(reported, operator, 'merge', { masterCaseId: 42 })).toMatchObject({
      ok: true,
      to: 'merged',
    })
  })

  it('supervises once, urges any time, records a joint meeting with its decision', () => {
    const { facts } = walk(fresh(), toHandling)
    const leader = as('leader')
    const supervised = walk(facts, [[leader, 'supervise', { reason: '群众反映强烈' }]]).facts
    expect(supervised.supervised).toBe(true)
    expect(decide(supervised, leader, 'supervise', { reason: '再督办' })).toMatchObject({ refusal: 'state' })
    expect(decide(supervised, operator, 'urge')).toMatchObject({ ok: true, to: 'handling' })
    expect(decide(supervised, shiftLeader, 'joint_meeting')).toMatchObject({ refusal: 'payload' })
    expect(
      decide(supervised, shiftLeader, 'joint_meeting', { note: '城管、住建到场，限期三日拆除' }),
    ).toMatchObject({
      ok: true,
    })
    // The supervision waits for a written reply; the reply ends it, and it may be supervised again.
    expect(allowedActions(supervised, handler)).toContain('reply_supervision')
    expect(decide(supervised, handler, 'reply_supervision')).toMatchObject({ refusal: 'payload' })
    const replied = walk(supervised, [
      [handler, 'reply_supervision', { note: '已制定整改方案，三日内完成' }],
    ]).facts
    expect(replied).toMatchObject({ supervised: false, status: 'handling' })
    expect(allowedActions(replied, handler)).not.toContain('reply_supervision')
    expect(decide(replied, leader, 'supervise', { reason: '整改不力，再次督办' })).toMatchObject({ ok: true })
  })
})

describe('the table as a whole', () => {
  const admin: CaseActor = {
    roles: [
      'operator',
      'dispatcher',
      'shift_leader',
      'leader',
      'supervisor',
      'grid_worker',
      'grid_leader',
      'dept_handler',
    ],
    isHandler: true,
  }

  it('answers every action in every status without throwing, and offers only actions it would allow', () => {
    for (const status of [null, ...caseStatuses]) {
      const facts = fresh({ status })
      for (const action of caseActions) expect(decide(facts, admin, action).action).toBe(action)
      if (status === null) continue
      for (const action of allowedActions(facts, admin)) {
        const d = decide(facts, admin, action, {
          reason: '理由',
          note: '说明',
          ruling: 'reassign',
          passed: true,
          followUp: { reached: true, satisfaction: 'satisfied' },
          extension: { amount: 1, unit: 'working_days' },
          masterCaseId: 1,
          photos: 1,
        })
        expect(d.ok ? 'ok' : d.message.en, `${action} at ${status}`).toBe('ok')
      }
    }
  })

  it('lets nothing but reopen touch an archived case, and nothing a rejected or merged one', () => {
    expect(allowedActions(fresh({ status: 'archived' }), admin)).toEqual(['reopen'])
    expect(allowedActions(fresh({ status: 'rejected' }), admin)).toEqual([])
    expect(allowedActions(fresh({ status: 'merged' }), admin)).toEqual([])
  })
})
