import { describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/test-app.ts'
import { migrateToLatest } from './migrate.ts'

describe('migrations', () => {
  it('are already applied in the template and applying again changes nothing', async () => {
    const database = await openTestDatabase()
    try {
      expect(await migrateToLatest(database.db)).toEqual([])
      const { sql } = await import('kysely')
      const { rows } = await sql<{
        extname: string
      }>`SELECT extname FROM pg_extension ORDER BY extname`.execute(database.db)
      expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining(['ltree', 'pg_trgm', 'postgis']))
    } finally {
      await database.close()
    }
  })
})
