import type { TDueVisits, TVisitList, TVisitStats } from '@onegrid/core/api/visits'
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

const password = 'Demo#2026grid'
const demoGrid = '110120001001001'

describe('the demo street’s visits', () => {
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
  const snapshot = async () =>
    (
      await sql<Record<string, unknown>>`
        SELECT grid_code, visitor_id, target_kind, target_id, household_id, visited_at, method, notes, findings,
          ST_AsText(location) AS location
        FROM visits ORDER BY target_kind, target_id, visited_at`.execute(app.database.db)
    ).rows

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
    await step('registry')
    const started = performance.now()
    await step('visits')
    console.info(`demo visits: ${Math.round(performance.now() - started)} ms`)
    for (const who of ['admin', 'wanggeyuan', 'wanggezhang']) tokens[who] = await tokenFor(app, who, password)
  }, 300_000)
  afterAll(async () => {
    await app?.close()
  })

  it('gives the demo grid worker a due list with overdue visits and a day six households in', async () => {
    const plan = await get<TDueVisits>('wanggeyuan', '/api/visits/due?pageSize=500')
    expect(plan.counts.overdue).toBeGreaterThan(0)
    expect(plan.items[0]?.status).toBe('overdue')
    expect(plan.items.every((i) => i.target.gridCode === demoGrid)).toBe(true)
    expect(plan.today).toMatchObject({ on: '2026-12-17', householdsVisited: 6, target: 10 })
    expect(plan.items.some((i) => i.rule === 'special_family')).toBe(true)
    const mine = await get<TVisitList>('wanggezhang', `/api/visits?on=2026-12-17&gridCode=${demoGrid}`)
    expect(mine.total).toBeGreaterThanOrEqual(6)
    expect(mine.items.every((v) => new Date(v.visitedAt) <= clock.now())).toBe(true)
  })

  it('shows every grid of the street with its overdue visits and the month’s visits', async () => {
    const stats = await get<TVisitStats>('admin', '/api/visits/stats?areaCode=110120001')
    expect(stats.grids.length).toBeGreaterThan(5)
    expect(stats.total.overdue).toBeGreaterThan(0)
    expect(stats.total.visits).toBeGreaterThan(stats.grids.length)
    expect(stats.grids.filter((g) => g.overdue > 0).length).toBeGreaterThan(2)
    expect(stats.total.completionPercent).toBeGreaterThan(50)
    expect(stats.total.completionPercent).toBeLessThan(100)
  })

  it('is deterministic', async () => {
    const first = await snapshot()
    expect(first.length).toBeGreaterThan(100)
    await sql`DELETE FROM visits`.execute(app.database.db)
    await step('visits')
    expect(await snapshot()).toEqual(first)
  })
})
