import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, secondHandle } from '../test/test-app.ts'
import { seedReferenceData } from './app.ts'
import { defaultItems, defaultMajors } from './modules/catalog/defaults/index.ts'
import { systemClock } from './platform/clock.ts'
import type { DatabaseHandle } from './platform/db/database.ts'

describe('reference data', () => {
  let first: DatabaseHandle
  let second: DatabaseHandle

  beforeAll(async () => {
    first = await openTestDatabase()
    second = await secondHandle(first)
    // The test template is seeded already: start from an empty catalog and calendar.
    await sql`TRUNCATE catalog_refusals, catalog_item_versions, catalog_items, catalog_majors, catalog_bodies, calendar_days, calendar_years CASCADE`.execute(
      first.db,
    )
  })
  afterAll(async () => {
    await second.close()
    await first.close()
  })

  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(first.db)).rows[0]
        ?.n,
    )

  it('is loaded once when two instances start at the same moment', async () => {
    await Promise.all([seedReferenceData(first, systemClock), seedReferenceData(second, systemClock)])
    expect(await count('catalog_majors')).toBe(defaultMajors.length)
    expect(await count('catalog_items')).toBe(defaultItems.length)
    expect(await count('catalog_item_versions')).toBe(defaultItems.length)
    expect(await count('calendar_years')).toBe(2026 - 2004 + 1)
  })

  it('leaves an administrator’s year and an existing catalog alone', async () => {
    await sql`UPDATE calendar_years SET source = 'admin' WHERE year = 2026`.execute(first.db)
    await sql`DELETE FROM calendar_days WHERE date = '2026-10-10'`.execute(first.db)
    await seedReferenceData(first, systemClock)
    const kept = await sql<{
      n: number
    }>`SELECT count(*)::int AS n FROM calendar_days WHERE date = '2026-10-10'`.execute(first.db)
    expect(kept.rows[0]?.n).toBe(0)
    expect(await count('catalog_item_versions')).toBe(defaultItems.length)
  })
})
