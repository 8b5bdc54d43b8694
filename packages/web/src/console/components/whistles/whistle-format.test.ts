import { describe, expect, it } from 'vitest'
import type { TWhistle, TWhistleResponse } from '../../../shared/api/whistles.ts'
import { awaitedUnits, boardOrder, responseTime, whistleTimeline } from './whistle-format.ts'

const user = (id: number, name: string) => ({ id, name })
function response(id: number, name: string, over: Partial<TWhistleResponse> = {}): TWhistleResponse {
  return {
    unit: { id, name },
    status: 'summoned',
    ackDueAt: '2026-05-06T02:30:00.000Z',
    arriveDueAt: '2026-05-06T04:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackNote: null,
    arrivedAt: null,
    arrivedBy: null,
    arrivalSource: null,
    distanceM: null,
    arrivedLate: false,
    ...over,
  }
}
function whistle(id: number, over: Partial<TWhistle> = {}): TWhistle {
  return {
    id,
    code: `CS${id}`,
    title: '违法建设',
    description: '',
    case: null,
    location: { lng: 116.4, lat: 39.9 },
    address: null,
    gridCode: '110120001001001',
    areaName: '第一网格',
    raisedBy: user(1, '王网格'),
    raisedAt: '2026-05-06T02:00:00.000Z',
    ackMinutes: 30,
    arriveMinutes: 120,
    checkInRadiusM: 300,
    status: 'open',
    escalatedAt: null,
    escalatedBy: null,
    escalationNote: null,
    outcome: null,
    closedAt: null,
    closedBy: null,
    responses: [],
    summary: { summoned: 0, acknowledged: 0, arrived: 0, missed: 0 },
    allowedActions: [],
    version: 1,
    ...over,
  }
}

describe('the whistle board', () => {
  it('lists open whistles first, escalated on top, then the newest', () => {
    const list = [
      whistle(1, { status: 'closed', raisedAt: '2026-05-07T00:00:00.000Z' }),
      whistle(2, { raisedAt: '2026-05-05T00:00:00.000Z' }),
      whistle(3, { raisedAt: '2026-05-06T00:00:00.000Z' }),
      whistle(4, { raisedAt: '2026-05-01T00:00:00.000Z', escalatedAt: '2026-05-02T00:00:00.000Z' }),
    ]
    expect([...list].sort(boardOrder).map((w) => w.id)).toEqual([4, 3, 2, 1])
  })

  it('puts arrivals, acknowledgements and misses on one timeline, oldest first', () => {
    const w = whistle(1, {
      status: 'closed',
      responses: [
        response(11, '城管', {
          status: 'arrived',
          acknowledgedAt: '2026-05-06T02:10:00.000Z',
          arrivedAt: '2026-05-06T03:00:00.000Z',
          arrivedBy: user(1, '王网格'),
          arrivalSource: 'recorded',
        }),
        response(12, '规划和自然资源', { status: 'missed' }),
        response(13, '住建', {
          status: 'arrived',
          arrivedAt: '2026-05-06T02:40:00.000Z',
          arrivalSource: 'check_in',
          distanceM: 35,
        }),
      ],
      closedAt: '2026-05-06T05:00:00.000Z',
      closedBy: user(1, '王网格'),
      outcome: '已拆除',
    })
    expect(whistleTimeline(w).map((e) => e.kind)).toEqual([
      'raised',
      'acknowledged',
      'arrived',
      'arrived',
      'missed',
      'closed',
    ])
    const [city, planning] = w.responses
    expect(planning && responseTime(planning)).toEqual({ kind: 'missed', at: '2026-05-06T04:00:00.000Z' })
    expect(city && responseTime(city).kind).toBe('arrived')
    expect(awaitedUnits(w)).toEqual([])
    expect(
      awaitedUnits(whistle(2, { responses: [response(11, '城管', { status: 'acknowledged' })] })),
    ).toEqual([{ id: 11, name: '城管' }])
  })
})
