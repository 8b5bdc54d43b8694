import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../../test/test-app.ts'
import type { DatabaseHandle, PgliteHandle } from '../db/database.ts'
import { PiiCipher } from './pii-cipher.ts'

/** The whole database as bytes, the way someone who stole a backup would see it. */
async function rawDump(database: DatabaseHandle & { url?: string }): Promise<Buffer> {
  if (database.url) {
    const { stdout } = await promisify(execFile)(
      '/usr/lib/postgresql/15/bin/pg_dump',
      ['--dbname', database.url],
      {
        maxBuffer: 512 * 1024 * 1024,
        encoding: 'buffer',
      },
    )
    return stdout
  }
  await sql`CHECKPOINT`.execute(database.db)
  const tar = await (database as PgliteHandle).pglite.dumpDataDir('none')
  return Buffer.from(await tar.arrayBuffer())
}

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
