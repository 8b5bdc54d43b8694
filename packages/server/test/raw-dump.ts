import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import type { DatabaseHandle, PgliteHandle } from '../src/platform/db/database.ts'

/** The whole database as bytes, the way someone who stole a backup would see it. */
export async function rawDump(database: DatabaseHandle & { url?: string }): Promise<Buffer> {
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
