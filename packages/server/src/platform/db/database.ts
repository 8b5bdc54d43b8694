import fs from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { ltree } from '@electric-sql/pglite/contrib/ltree'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { postgis } from '@electric-sql/pglite-postgis'
import type { DatabaseKind } from '@onegrid/core/api/system'
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { NamedStatementsPglite } from './pglite-statements.ts'
import type { Database } from './schema.ts'
import { namingPool, StatementNames } from './statement-names.ts'

// int8 (count(*), bigserial ids) as numbers, so pg agrees with PGlite. Ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))
// numeric stays a string on both backends (exact money and rates).

export type Db = Kysely<Database>

export type Listener = (payload: string) => void

/**
 * The database as the rest of the server sees it: a Kysely handle plus the two
 * things Kysely does not cover, LISTEN (for realtime fan-out) and closing.
 */
export interface DatabaseHandle {
  kind: DatabaseKind
  db: Db
  listen(channel: string, onMessage: Listener): Promise<() => Promise<void>>
  close(): Promise<void>
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError'
}

const extensions = ['postgis', 'ltree', 'pg_trgm'] as const

export type PgliteHandle = DatabaseHandle & { pglite: PGlite }

export async function openPglite(options: { dir?: string; loadDataDir?: Blob }): Promise<PgliteHandle> {
  if (options.dir) await fs.mkdir(path.dirname(options.dir), { recursive: true })
  const pglite = await PGlite.create({
    ...(options.dir ? { dataDir: options.dir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { postgis, ltree, pg_trgm },
  })
  return wrapPglite(pglite)
}

export function wrapPglite(pglite: PGlite): PgliteHandle {
  const db = new Kysely<Database>({
    dialect: new PGliteDialect({ pglite: new NamedStatementsPglite(pglite, new StatementNames()) }),
  })
  return {
    kind: 'pglite',
    pglite,
    db,
    async listen(channel, onMessage) {
      const unlisten = await pglite.listen(channel, onMessage)
      return async () => unlisten()
    },
    async close() {
      await db.destroy()
      if (!pglite.closed) await pglite.close()
    },
  }
}

export async function openPostgres(
  url: string,
  poolSize = 10,
  options: { namedStatements: boolean } = { namedStatements: true },
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 })
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  try {
    const client = await pool.connect()
    client.release()
  } catch (err) {
    await pool.end().catch(() => undefined)
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL: ${(err as Error).message}`)
  }
  const db = new Kysely<Database>({
    // Off behind a pooler that cannot keep a connection's prepared statements (PgBouncer
    // in transaction mode before 1.21).
    dialect: new PostgresDialect({
      pool: options.namedStatements ? namingPool(pool, new StatementNames()) : pool,
    }),
  })
  const listeners = new Set<pg.Client>()
  return {
    kind: 'postgres',
    db,
    async listen(channel, onMessage) {
      // One dedicated connection per subscription channel: LISTEN must not share a pooled client.
      const client = new pg.Client({ connectionString: url })
      client.on('error', () => undefined)
      await client.connect()
      client.on('notification', (msg) => {
        if (msg.channel === channel && msg.payload !== undefined) onMessage(msg.payload)
      })
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
      listeners.add(client)
      return async () => {
        listeners.delete(client)
        await client.end().catch(() => undefined)
      }
    },
    async close() {
      await Promise.all([...listeners].map((c) => c.end().catch(() => undefined)))
      await db.destroy()
    },
  }
}

export async function ensureExtensions(db: Db): Promise<void> {
  for (const ext of extensions) await sql`CREATE EXTENSION IF NOT EXISTS ${sql.id(ext)}`.execute(db)
}

export async function databaseVersions(db: Db): Promise<{ server: string; postgis: string | null }> {
  const { rows } = await sql<{ server: string; postgis: string | null }>`
    SELECT current_setting('server_version') AS server,
           (SELECT extversion FROM pg_extension WHERE extname = 'postgis') AS postgis`.execute(db)
  const row = rows[0]
  return { server: row?.server ?? 'unknown', postgis: row?.postgis ?? null }
}
