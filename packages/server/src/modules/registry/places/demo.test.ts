import { parseComponentCode } from '@onegrid/core/registry/component-code'
import { parseCreditCode } from '@onegrid/core/registry/credit-code'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoAreas } from '../../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'
import { ManualClock } from '../../../platform/clock.ts'
import { managedComponentClasses } from '../../catalog/defaults/city-management.ts'
import { loadDemoRegistry } from '../demo.ts'
import { loadDemoPlaces } from './demo.ts'

describe('the demo street’s places and things', () => {
  let app: App
  const clock = new ManualClock('2026-11-20T02:00:00Z')

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await loadDemoAreas(app)
    await loadDemoRegistry({
      db: app.database.db,
      clock,
      pii: app.services.pii,
      deriveHouseholds: async () => {},
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('puts every record inside its grid with valid codes, moves the households in and lets the non-local ones rent', async () => {
    const deps = {
      db: app.database.db,
      clock,
      pii: app.services.pii,
      componentClasses: managedComponentClasses(),
    }
    const loaded = await loadDemoPlaces(deps)
    const { rows: grids } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM areas WHERE level = 'grid' AND code LIKE '110120001%'`.execute(
      app.database.db,
    )
    const n = grids[0]?.n ?? 0
    expect(n).toBeGreaterThan(10)
    expect(loaded).toMatchObject({
      buildings: n * 2,
      houses: n * 2 * 24,
      organizations: n * 3,
      components: n * 12,
      cameras: n * 2,
    })
    expect(loaded.tenancies).toBeGreaterThan(n)

    for (const table of [
      'registry_buildings',
      'registry_organizations',
      'registry_components',
      'registry_cameras',
    ]) {
      const { rows } = await sql<{ outside: number }>`
        SELECT count(*)::int AS outside FROM ${sql.table(table)} t JOIN areas a ON a.code = t.grid_code
        WHERE NOT ST_Covers(a.geom, t.location)`.execute(app.database.db)
      expect(rows[0]?.outside, table).toBe(0)
    }
    const orgs = await app.database.db.selectFrom('registry_organizations').select('credit_code').execute()
    expect(orgs.every((o) => parseCreditCode(o.credit_code).ok)).toBe(true)
    const components = await app.database.db
      .selectFrom('registry_components')
      .select(['code', 'name'])
      .execute()
    expect(components.every((c) => parseComponentCode(c.code).ok)).toBe(true)
    expect(components.some((c) => c.name === '雨水井盖' || c.name === '路灯')).toBe(true)

    const { rows: homes } = await sql<{ unhoused: number; renting: number; nonLocal: number }>`
      SELECT count(*) FILTER (WHERE house_id IS NULL)::int AS unhoused,
        count(*) FILTER (WHERE non_local AND EXISTS (SELECT 1 FROM registry_houses h WHERE h.id = house_id AND h.use = 'rental'))::int AS renting,
        count(*) FILTER (WHERE non_local)::int AS "nonLocal"
      FROM registry_households WHERE grid_code LIKE '110120001%'`.execute(app.database.db)
    expect(homes[0]?.unhoused).toBe(0)
    expect(homes[0]?.renting).toBe(homes[0]?.nonLocal)

    // Loading again adds nothing.
    expect((await loadDemoPlaces(deps)).buildings).toBe(0)
  })
})
