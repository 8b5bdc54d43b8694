import type { TOnDutyPositions, TPatrolCoverage, TWorkerDay } from '@onegrid/core/api/patrols'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { loadDemoGridStaff } from '../grid-staff/demo.ts'
import { GridStaffQueries } from '../grid-staff/queries.ts'
import { GridStaffStore } from '../grid-staff/store.ts'
import { IdentityQueries } from '../identity/queries.ts'
import { demoActor, walkDemoPatrols } from './patrol-demo.ts'

const password = 'Demo#2026grid'
const community = '110120001001'

describe('the demo’s patrols', () => {
  let app: App
  // A Thursday afternoon in mid-December.
  const clock = new ManualClock('2026-12-17T15:20:00+08:00')
  const tokens: Record<string, string> = {}

  const step = async (name: string) => {
    const found = app.demoSteps.find((s) => s.name === name)
    if (!found) throw new Error(`no demo step ${name}`)
    await found.run()
  }
  const get = async <T>(who: string, url: string): Promise<T> => {
    const res = await app.http.inject({ method: 'GET', url, headers: bearer(tokens[who] ?? '') })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as T
  }

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { ONEGRID_DEMO_PASSWORD: password } })
    const db = app.database.db
    await step('areas')
    await step('identity')
    await loadDemoGridStaff({
      areas: app.services.areas,
      users: app.services.users,
      queries: new GridStaffQueries(db, new IdentityQueries(db)),
      store: new GridStaffStore(db),
      clock,
      password,
      streets: 1,
    })
    const started = performance.now()
    await step('patrols')
    console.info(`demo patrols: ${Math.round(performance.now() - started)} ms`)
    for (const who of ['admin', 'wanggeyuan', 'wanggezhang']) tokens[who] = await tokenFor(app, who, password)
  }, 300_000)
  afterAll(async () => {
    await app.close()
  })

  it('patrols the month in 湖滨社区, most days, with coverage that varies from day to day', async () => {
    const cov = await get<TPatrolCoverage>(
      'admin',
      `/api/patrols/coverage?areaCode=${community}&from=2026-11-17&to=2026-12-17`,
    )
    expect(cov.grids).toHaveLength(3)
    for (const g of cov.grids) {
      expect(g.patrolledDays).toBeGreaterThan(20)
      expect(g.patrolledDays).toBeLessThan(31)
      const values = g.days.filter((d) => d.patrolled).map((d) => d.coverage)
      expect(Math.min(...values)).toBeLessThan(0.5)
      expect(Math.max(...values)).toBeGreaterThan(0.6)
      expect(Math.max(...values)).toBeLessThanOrEqual(1)
    }
    // No patrol ends after now; none of today's afternoon is in the future.
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM patrol_points WHERE at > ${clock.now()}`.execute(app.database.db)
    expect(rows[0]?.n).toBe(0)
  })

  it('puts a few workers of the street on duty now, never the demo grid worker', async () => {
    const duty = await get<TOnDutyPositions>('admin', '/api/patrols/on-duty')
    expect(duty.items.length).toBeGreaterThanOrEqual(5)
    const me = (await get<{ user: { id: number } }>('wanggeyuan', '/api/me')).user
    expect(duty.items.map((i) => i.user.id)).not.toContain(me.id)
    for (const i of duty.items) expect(Date.parse(i.at)).toBeGreaterThan(clock.now().getTime() - 5 * 60_000)
  })

  it('gives the demo grid worker’s days tracks and check-ins, some of them outside', async () => {
    const me = (await get<{ user: { id: number } }>('wanggeyuan', '/api/me')).user
    const mine = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        get<TWorkerDay>(
          'wanggezhang',
          `/api/fieldwork/worker-day?userId=${me.id}&day=2026-12-${String(1 + i).padStart(2, '0')}`,
        ),
      ),
    )
    const patrolled = mine.filter((d) => d.patrols.length > 0)
    expect(patrolled.length).toBeGreaterThan(2)
    for (const d of patrolled) {
      expect(d.patrols[0]?.track?.coordinates.length).toBeGreaterThan(20)
      expect(d.checkIns.length).toBeGreaterThanOrEqual(2)
    }
    const { rows } = await sql<{ inside: boolean; n: number }>`
      SELECT inside, count(*)::int AS n FROM check_ins GROUP BY inside ORDER BY inside`.execute(
      app.database.db,
    )
    expect(rows.map((r) => r.inside)).toEqual([false, true])
  })

  it('keeps its workers on duty walking while the server runs, one position a minute inside their grid', async () => {
    const before = await get<TOnDutyPositions>('admin', '/api/patrols/on-duty')
    clock.advance(16 * 60_000)
    expect((await get<TOnDutyPositions>('admin', '/api/patrols/on-duty')).items).toEqual([])
    const walked = await walkDemoPatrols({
      db: app.database.db,
      clock,
      append: async (userId, patrolId, point) => {
        const p = await app.services.sessions.principalFor(userId, 'demo', 'demo', false)
        await app.services.patrols.patrols.append(p, demoActor, patrolId, { points: [point] })
      },
    })
    expect(walked).toBe(before.items.length)
    const after = await get<TOnDutyPositions>('admin', '/api/patrols/on-duty')
    expect(after.items.map((i) => i.user.id).sort()).toEqual(before.items.map((i) => i.user.id).sort())
    for (const i of after.items) {
      const was = before.items.find((b) => b.user.id === i.user.id)
      expect(i.grid?.code).toBe(was?.grid?.code)
      expect([i.lng, i.lat]).not.toEqual([was?.lng, was?.lat])
    }
    clock.advance(-16 * 60_000)
  })
})
