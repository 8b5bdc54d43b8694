import type { TCampaignList, TCampaignProgress, TMyCampaignItems } from '@onegrid/core/api/campaigns'
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
const street = '110120001'

describe('the demo campaigns', () => {
  let app: App
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
    await step('catalog')
    await step('registry')
    await step('places')
    const started = performance.now()
    await step('campaigns')
    console.info(`demo campaigns: ${Math.round(performance.now() - started)} ms`)
    for (const who of ['zhibanzhang', 'wanggeyuan']) tokens[who] = await tokenFor(app, who, password)
  }, 300_000)
  afterAll(async () => {
    await app?.close()
  })

  it('sends a fire safety check to every rental house of the street, partly done, with hazards as cases', async () => {
    const list = await get<TCampaignList>('zhibanzhang', '/api/campaigns')
    const fire = list.items.find((c) => c.status === 'active')
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM registry_houses WHERE use = 'rental' AND grid_code LIKE ${`${street}%`}`.execute(
      app.database.db,
    )
    expect(fire?.figures.total).toBe(Number(rows[0]?.n))
    expect(fire?.figures.done).toBeGreaterThan(0)
    expect(fire?.figures.inProgress).toBeGreaterThan(0)
    expect(fire?.figures.hazardCases).toBe(4)
    const progress = await get<TCampaignProgress>(
      'zhibanzhang',
      `/api/campaigns/${fire?.id}/progress?under=${street}`,
    )
    expect(progress.totals.total).toBe(fire?.figures.total)
    // The older flood season patrol is closed with its figures frozen.
    const flood = list.items.find((c) => c.status === 'closed')
    expect(flood?.closedAt).not.toBeNull()
    const frozen = await get<TCampaignProgress>('zhibanzhang', `/api/campaigns/${flood?.id}/progress`)
    expect(frozen.frozen).toBe(true)
  })

  it('leaves the demo grid worker open items of the active campaign on his phone', async () => {
    const mine = await get<TMyCampaignItems>('wanggeyuan', '/api/campaign-items/mine')
    expect(mine.items.length).toBeGreaterThan(0)
    expect(mine.items.every((i) => i.gridCode === demoGrid && i.status !== 'done')).toBe(true)
    expect(mine.campaigns).toHaveLength(1)
  })
})
