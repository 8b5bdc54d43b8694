import type { TDashboard, TKpiReport, TRanking } from '@onegrid/core/api/stats'
import { periodOf } from '@onegrid/core/stats/periods'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { act, at, caseWorld, items, photo, report, type Staff } from '../cases/test-fixtures.ts'

const kpi = (r: TKpiReport, key: string) => r.totals.find((k) => k.key === key)

describe('statistics of the closed loop', () => {
  let app: App
  let staff: Staff
  const clock = new ManualClock('2026-11-02T09:00:00+08:00')

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { ONEGRID_SESSION_IDLE_MINUTES: '1440' } })
    ;({ staff } = await caseWorld(app))
    await at(app, clock, staff, '2026-11-02 09:00')
    // One case through the whole loop on time, with a satisfied follow-up.
    let c = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '休息亭顶棚破损',
      reporter: { name: '张三丰', phone: '13812345678' },
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    c = await act(app, staff.operator, c, 'accept')
    c = await act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
    c = await act(app, staff.dispatcher, c, 'dispatch')
    c = await act(app, staff.chengguan, c, 'sign')
    clock.advance(3_600_000)
    c = await act(app, staff.chengguan, c, 'handle', {
      note: '已更换顶棚',
      attachmentIds: [(await photo(app, staff.chengguan, '#3c3')).id],
    })
    c = await act(app, staff.supervisor, c, 'verify', { passed: true })
    c = await act(app, staff.shiftLeader, c, 'close')
    await act(app, staff.operator, c, 'follow_up', { followUp: { reached: true, satisfaction: 'satisfied' } })
    // One rejected report, one self-handled by the grid worker, one dispatched and left to run out.
    const junk = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '重复来电',
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    await act(app, staff.operator, junk, 'reject', { reason: '重复来电' })
    await report(app, staff.worker, {
      itemCode: items.dispute,
      title: '邻里纠纷已调解',
      selfHandle: true,
      handlingNote: '双方已调解和好',
      handlingFields: { resolved: 'yes', resolution_method: 'on_the_spot' },
      attachmentIds: [(await photo(app, staff.worker)).id],
    })
    let late = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '座椅损坏',
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    late = await act(app, staff.operator, late, 'accept')
    late = await act(app, staff.shiftLeader, late, 'register', { urgency: 'normal' })
    late = await act(app, staff.dispatcher, late, 'dispatch')
    await act(app, staff.chengguan, late, 'sign')
    await at(app, clock, staff, '2026-11-28 10:00')
    await app.services.stats.catchUp()
  })
  afterAll(async () => {
    await app.close()
  })

  const get = async <T>(who: { headers: Record<string, string> }, url: string): Promise<T> => {
    const res = await app.http.inject({ method: 'GET', url, headers: who.headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as T
  }

  it('counts every step of the month, with numerators and denominators, and the open overdue case against the on-time rate', async () => {
    const r = await get<TKpiReport>(staff.leader, '/api/stats/kpis?period=month&day=2026-11-10')
    expect(r.source).toBe('rollup')
    expect(r.pending).toBe(0)
    expect(r.period).toMatchObject({ kind: 'month', from: '2026-11-01', to: '2026-11-30' })
    expect(kpi(r, 'reported')?.value).toBe(4)
    expect(kpi(r, 'valid')?.value).toBe(3)
    expect(kpi(r, 'selfHandled')?.value).toBe(1)
    expect(kpi(r, 'registered')?.value).toBe(2)
    expect(kpi(r, 'dueForHandling')?.value).toBe(2)
    expect(kpi(r, 'handled')?.value).toBe(1)
    expect(kpi(r, 'handlingRate')).toMatchObject({
      value: 50,
      numerator: 1,
      denominator: 2,
      smallSample: true,
    })
    expect(kpi(r, 'onTimeClosureRate')).toMatchObject({ value: 50, numerator: 1, denominator: 2 })
    expect(kpi(r, 'overdueOpen')?.value).toBe(1)
    expect(kpi(r, 'satisfactionRate')).toMatchObject({ value: 100, numerator: 1, denominator: 1 })
    expect(kpi(r, 'closed')?.value).toBe(1)
  })

  it('puts the month on the dashboard: tiles, the open overdue cases, nothing waiting to be counted', async () => {
    const d = await get<TDashboard>(staff.leader, '/api/stats/dashboard?period=month&day=2026-11-10')
    expect(d.pending).toBe(0)
    expect(d.tiles.find((k) => k.key === 'reported')?.value).toBe(4)
    // Overdue now: the self-handled report waiting for its 核查, and the dispatched case left to run out.
    expect(d.open).toMatchObject({ red: 2, yellow: 0, green: 0 })
    expect(d.overdue.map((o) => o.title)).toEqual(['邻里纠纷已调解', '座椅损坏'])
  })

  it('answers every standard period and breakdown from rollups exactly as the direct computation over the cases', async () => {
    const leader = await app.services.sessions.principalFor(staff.leader.id, 'c_leader', 'test', false)
    const scope = await app.services.stats.resolveScope(leader, {})
    for (const kind of ['day', 'week', 'half_month', 'month', 'quarter', 'year'] as const) {
      for (const day of ['2026-11-02', '2026-11-10', '2026-11-28']) {
        const period = periodOf(kind, day)
        for (const groupBy of [
          'none',
          'community',
          'category',
          'channel',
          'department',
          'reporter',
        ] as const) {
          const kept = (await app.services.stats.measure(period, scope.filter, groupBy)).rows
          const direct = await app.services.stats.raw(period, scope.filter, groupBy)
          expect(kept, `${kind} ${day} ${groupBy}`).toEqual(direct)
        }
      }
    }
  })

  it('ranks the communities, the bottom flagged and small samples unranked', async () => {
    const r = await get<TRanking>(
      staff.leader,
      '/api/stats/ranking?period=month&day=2026-11-10&level=community&kpi=reported&bottom=1',
    )
    expect(r.rows.length).toBeGreaterThan(0)
    expect(r.rows[0]?.rank).toBe(1)
    expect(r.rows.filter((x) => x.bottom)).toHaveLength(1)
  })

  it('refuses an area outside the jurisdiction and a custom period without its days, naming the field', async () => {
    const out = await app.http.inject({
      method: 'GET',
      url: '/api/stats/kpis?areaCode=110120002',
      headers: staff.worker.headers,
    })
    expect(out.statusCode).toBe(404)
    const bad = await app.http.inject({
      method: 'GET',
      url: '/api/stats/kpis?period=custom&from=2026-11-10',
      headers: staff.leader.headers,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.fields).toHaveProperty('to')
  })
})
