import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawDump } from '../../../test/raw-dump.ts'
import { openTestDatabase } from '../../../test/test-app.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { PiiCipher } from './pii-cipher.ts'

describe('personal data at rest', () => {
  let database: DatabaseHandle & { url?: string }
  beforeAll(async () => {
    database = await openTestDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it.each(['aes', 'sm4'] as const)(
    'leaves no plaintext of an encrypted field in a raw dump (%s)',
    async (name) => {
      const cipher = new PiiCipher(randomBytes(32), name)
      const table = `pii_probe_${name}`
      await sql`CREATE TABLE ${sql.id(table)} (id serial PRIMARY KEY, note text, id_number text, id_number_index text)`.execute(
        database.db,
      )
      const secret = '11012019880214601X'
      const control = `plain-control-${name}-7f3a9c`
      await sql`INSERT INTO ${sql.id(table)} (note, id_number, id_number_index)
              VALUES (${control}, ${cipher.encrypt(secret, 'person.id_number')}, ${cipher.blindIndex(secret, 'id')})`.execute(
        database.db,
      )

      const dump = await rawDump(database)
      // The control proves the dump shows stored text; the secret must not be there in any form.
      expect(dump.includes(Buffer.from(control))).toBe(true)
      expect(dump.includes(Buffer.from(secret))).toBe(false)
      expect(dump.includes(Buffer.from('19880214'))).toBe(false)

      // And the blind index still finds the row by exact value.
      const found = await sql<{
        id: number
      }>`SELECT id FROM ${sql.id(table)} WHERE id_number_index = ${cipher.blindIndex(secret, 'id')}`.execute(
        database.db,
      )
      expect(found.rows).toHaveLength(1)
    },
  )
})
