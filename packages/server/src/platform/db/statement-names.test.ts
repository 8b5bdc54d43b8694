import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/test-app.ts'
import { StatementNames } from './statement-names.ts'

describe('statement names', () => {
  it('names a text on its second use, the same name after, and nothing past the budget', () => {
    const names = new StatementNames(2)
    expect(names.nameFor('select 1')).toBeUndefined()
    const first = names.nameFor('select 1')
    expect(first).toMatch(/^og0_/)
    expect(names.nameFor('select 1')).toBe(first)
    names.nameFor('select 2')
    const second = names.nameFor('select 2')
    expect(second).not.toBe(first)
    names.nameFor('select 3')
    expect(names.nameFor('select 3')).toBeUndefined()
    names.renameAll()
    names.nameFor('select 1')
    expect(names.nameFor('select 1')).toMatch(/^og1_/)
  })

  it('keeps answering after a column is added under a prepared statement', async () => {
    const database = await openTestDatabase()
    try {
      const { db } = database
      await sql`CREATE TABLE named_probe (id int)`.execute(db)
      await sql`INSERT INTO named_probe VALUES (1)`.execute(db)
      const read = () => sql<Record<string, unknown>>`SELECT * FROM named_probe`.execute(db)
      // The pool has several connections: prepare on each of them.
      for (let i = 0; i < 12; i++) expect((await read()).rows).toEqual([{ id: 1 }])
      await sql`ALTER TABLE named_probe ADD COLUMN note text DEFAULT 'x'`.execute(db)
      // PostgreSQL refuses a prepared statement whose result changed shape at most once per
      // connection before every statement is prepared again under a new name.
      const after: unknown[] = []
      for (let i = 0; i < 12; i++)
        after.push(
          await read().then(
            (r) => r.rows,
            () => 'refused',
          ),
        )
      expect(after.filter((r) => r === 'refused').length).toBeLessThanOrEqual(1)
      expect(after.at(-1)).toEqual([{ id: 1, note: 'x' }])
    } finally {
      await database.close()
    }
  })
})
