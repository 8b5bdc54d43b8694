/**
 * The run's databases prepared for the real app (buildApp): the server's own `pg` pool on the
 * PostgreSQL target, or the run's shared PGlite instance, each with the tables in the schema
 * `onegrid_bench` (migrated by the scenario), and how to leave the database as the run found it.
 */
import type { DatabaseHandle } from '../../packages/server/src/platform/db/database.ts'
import type { BenchContext, PgTarget } from './types.ts'

/** What both drivers can do: a parameterised query. */
export interface Sql {
  query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
}

/** The app's database: a handle for buildApp, plain SQL for checks, and how to clean up. */
export interface AppDatabase {
  /** Metric prefix: 'pg' or 'pglite'. */
  label: 'pg' | 'pglite'
  description: string
  handle: DatabaseHandle
  sql: Sql
  /** Drops what the app created; the database itself stays (the runner closes it). */
  dispose(): Promise<void>
}

const SCHEMA = 'onegrid_bench'

/** Kysely's migrator looks for its table in every schema; another app's would hide ours. */
async function refuseForeignMigrations(sql: Sql, schema: string, who: string): Promise<void> {
  const found = await sql.query(
    `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname IN ('kysely_migration', 'kysely_migration_lock') AND n.nspname <> $1 LIMIT 1`,
    [schema],
  )
  const other = found.rows[0]?.schema
  if (other !== undefined) {
    throw new Error(
      `the database already holds Kysely migration tables in schema ${String(other)}; the ${who} scenario migrates the server's schema into ${schema} and needs a database without them (a scratch database for BENCH_DATABASE_URL)`,
    )
  }
}

/** PostgreSQL through the server's own pool (`poolSize` connections), benchmark schema first. */
export async function openPgForApp(target: PgTarget, who: string, poolSize = 10): Promise<AppDatabase> {
  const { openPostgres } = await import('../../packages/server/src/platform/db/database.ts')
  const admin = target.pool(1)
  try {
    await refuseForeignMigrations(admin, target.schema, who)
    // The tables go into the benchmark schema; the extensions stay in public.
    const url = new URL(target.connectionString)
    const options = url.searchParams.get('options')
    url.searchParams.set('options', `${options ? `${options} ` : ''}-c search_path=${target.schema},public`)
    const handle = await openPostgres(url.toString(), poolSize)
    return {
      label: 'pg',
      description: `${target.source}, schema ${target.schema} (server pool of ${poolSize} connections)`,
      handle,
      sql: admin,
      async dispose() {
        // Leave the benchmark schema empty, as the run found it.
        await admin.query(`DROP SCHEMA IF EXISTS ${target.schema} CASCADE`)
        await admin.query(`CREATE SCHEMA ${target.schema}`)
        await admin.end()
      },
    }
  } catch (error) {
    await admin.end()
    throw error
  }
}

/** The run's shared PGlite instance (booted on first use); null when BENCH_PGLITE=0. */
export async function openPgliteForApp(ctx: BenchContext, who: string): Promise<AppDatabase | null> {
  if (!ctx.pglite) return null
  const target = await ctx.pglite()
  const missing = Object.entries(target.extensions)
    .filter(([, present]) => !present)
    .map(([name]) => name)
  if (missing.length > 0) {
    throw new Error(
      `the server's migrations need ${missing.join(', ')}, which this PGlite lacks (BENCH_PGLITE_POSTGIS=0?)`,
    )
  }
  const { wrapPglite } = await import('../../packages/server/src/platform/db/database.ts')
  const pglite = target.db
  await refuseForeignMigrations(pglite, SCHEMA, who)
  await pglite.exec(
    `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}; SET search_path TO ${SCHEMA}, public`,
  )
  // Closing the Kysely handle would close the run's shared PGlite instance: leave that to the runner.
  const handle: DatabaseHandle = { ...wrapPglite(pglite), close: async () => undefined }
  return {
    label: 'pglite',
    description: `PGlite ${target.packageVersion} in memory (the run's shared instance), schema ${SCHEMA}`,
    handle,
    sql: pglite,
    async dispose() {
      await pglite.exec(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; RESET search_path`)
    },
  }
}
