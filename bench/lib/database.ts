/**
 * Picks the databases a run measures:
 *   1. BENCH_DATABASE_URL when given (tables go into a schema `onegrid_bench`, dropped at the end);
 *   2. otherwise a throwaway PostgreSQL cluster when the server binaries exist;
 *   3. otherwise no server: PGlite only.
 * PGlite (in memory) is available in every case unless BENCH_PGLITE=0.
 */

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { type Extension, PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { type Cluster, clusterBinariesExist, startCluster } from './cluster.ts'
import type { Extensions, PgliteTarget, PgTarget } from './types.ts'

export const BENCH_SCHEMA = 'onegrid_bench'
const EXTENSIONS = ['postgis', 'ltree', 'pg_trgm'] as const

export interface TargetOptions {
  databaseUrl: string | undefined
  /** false: never start a throwaway cluster (BENCH_CLUSTER=0). */
  cluster: boolean
  pgBin: string
  serverOptions: string
  pglite: boolean
  pglitePostgis: boolean
  log(message: string): void
  note(message: string): void
}

export interface Targets {
  /** 'BENCH_DATABASE_URL' | 'throwaway cluster' | 'PGlite only' */
  source: string
  /** Why this source was chosen, in one line. */
  reason: string
  pg: PgTarget | null
  pglite: (() => Promise<PgliteTarget>) | null
  /** Ends pools, closes PGlite, stops the cluster. */
  close(): Promise<void>
}

function redact(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`
  } catch {
    return '(unparsable URL)'
  }
}

async function preparePg(
  config: pg.PoolConfig,
  connectionString: string,
  source: PgTarget['source'],
  description: string,
  note: (m: string) => void,
): Promise<{ target: PgTarget; pools: pg.Pool[] }> {
  const pools: pg.Pool[] = []
  const admin = new pg.Client({ ...config, connectionTimeoutMillis: 10_000 })
  await admin.connect()
  try {
    const extensions: Extensions = { postgis: false, ltree: false, pg_trgm: false }
    for (const name of EXTENSIONS) {
      try {
        await admin.query(`CREATE EXTENSION IF NOT EXISTS ${name}`)
        extensions[name] = true
      } catch (error) {
        const present = await admin.query('SELECT 1 FROM pg_extension WHERE extname = $1', [name])
        extensions[name] = (present.rowCount ?? 0) > 0
        if (!extensions[name]) {
          note(
            `PostgreSQL: CREATE EXTENSION ${name} failed (${(error as Error).message}); continuing without it`,
          )
        }
      }
    }
    await admin.query(`DROP SCHEMA IF EXISTS ${BENCH_SCHEMA} CASCADE`)
    await admin.query(`CREATE SCHEMA ${BENCH_SCHEMA}`)
    const version = await admin.query<{ server_version: string }>('SHOW server_version')
    const settings: Record<string, string> = {}
    for (const name of ['fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'wal_level']) {
      const r = await admin.query<{ value: string }>('SELECT current_setting($1) AS value', [name])
      settings[name] = r.rows[0]?.value ?? '?'
    }
    let postgisVersion: string | null = null
    if (extensions.postgis) {
      const r = await admin.query<{ v: string }>('SELECT postgis_lib_version() AS v')
      postgisVersion = r.rows[0]?.v ?? null
    }
    const target: PgTarget = {
      source,
      description,
      serverVersion: version.rows[0]?.server_version ?? '?',
      postgisVersion,
      extensions,
      settings,
      schema: BENCH_SCHEMA,
      connectionString,
      pool(max: number): pg.Pool {
        const pool = new pg.Pool({
          ...config,
          max,
          options: `-c search_path=${BENCH_SCHEMA},public`,
          application_name: 'onegrid-bench',
          statement_timeout: 60_000,
          connectionTimeoutMillis: 10_000,
          idleTimeoutMillis: 0,
        })
        pool.on('error', () => {
          // An idle client lost its server (e.g. the cluster is being stopped): nothing to do.
        })
        pools.push(pool)
        return pool
      },
    }
    return { target, pools }
  } finally {
    await admin.end()
  }
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url)
    let dir = dirname(require.resolve(name))
    for (let i = 0; i < 5; i++) {
      try {
        const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string
          version?: string
        }
        if (json.name === name && json.version) return json.version
      } catch {
        // not here, go up
      }
      dir = dirname(dir)
    }
  } catch {
    // fall through
  }
  return '?'
}

function pgliteFactory(withPostgis: boolean, log: (m: string) => void, note: (m: string) => void) {
  let booting: Promise<PgliteTarget> | null = null
  let instance: PGlite | null = null
  const boot = async (): Promise<PgliteTarget> => {
    const started = performance.now()
    const { ltree } = await import('@electric-sql/pglite/contrib/ltree')
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
    const extensionModules: Record<string, Extension> = { ltree, pg_trgm }
    if (withPostgis) {
      try {
        const { postgis } = await import('@electric-sql/pglite-postgis')
        extensionModules.postgis = postgis
      } catch (error) {
        note(
          `PGlite: @electric-sql/pglite-postgis could not be loaded (${(error as Error).message}); no PostGIS`,
        )
      }
    }
    log(`booting PGlite in memory with ${Object.keys(extensionModules).join(', ')}`)
    const db = await PGlite.create({ extensions: extensionModules })
    instance = db
    const extensions: Extensions = { postgis: false, ltree: false, pg_trgm: false }
    for (const name of EXTENSIONS) {
      if (!(name in extensionModules)) continue
      try {
        await db.exec(`CREATE EXTENSION IF NOT EXISTS ${name}`)
        extensions[name] = true
      } catch (error) {
        note(`PGlite: CREATE EXTENSION ${name} failed (${(error as Error).message}); continuing without it`)
      }
    }
    if (!withPostgis)
      note('PGlite: PostGIS not loaded (BENCH_PGLITE_POSTGIS=0); location stored as two double columns')
    const version = await db.query<{ server_version: string }>('SHOW server_version')
    let postgisVersion: string | null = null
    if (extensions.postgis) {
      const r = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v')
      postgisVersion = r.rows[0]?.v ?? null
    }
    const bootMs = performance.now() - started
    log(`PGlite ready in ${Math.round(bootMs)} ms`)
    return {
      db,
      packageVersion: packageVersion('@electric-sql/pglite'),
      serverVersion: version.rows[0]?.server_version ?? '?',
      postgisVersion,
      extensions,
      bootMs,
    }
  }
  return {
    get: (): Promise<PgliteTarget> => {
      booting ??= boot()
      return booting
    },
    close: async (): Promise<void> => {
      if (instance && !instance.closed) await instance.close()
    },
  }
}

export async function openTargets(options: TargetOptions): Promise<Targets> {
  const pglite = options.pglite ? pgliteFactory(options.pglitePostgis, options.log, options.note) : null
  let cluster: Cluster | null = null
  let prepared: { target: PgTarget; pools: pg.Pool[] } | null = null
  let source = 'PGlite only'
  let reason: string

  if (options.databaseUrl) {
    source = 'BENCH_DATABASE_URL'
    const description = redact(options.databaseUrl)
    reason = `BENCH_DATABASE_URL is set (${description}); tables in schema ${BENCH_SCHEMA}, dropped at the end`
    prepared = await preparePg(
      { connectionString: options.databaseUrl },
      options.databaseUrl,
      'BENCH_DATABASE_URL',
      description,
      options.note,
    )
  } else if (options.cluster && clusterBinariesExist(options.pgBin)) {
    source = 'throwaway cluster'
    cluster = await startCluster(options.pgBin, options.serverOptions, options.log)
    const description = `throwaway cluster in ${cluster.dir} on 127.0.0.1:${cluster.port}, server defaults, trust auth; stopped and removed at the end`
    reason = `BENCH_DATABASE_URL not set and PostgreSQL server binaries found in ${options.pgBin}`
    try {
      prepared = await preparePg(
        { host: cluster.host, port: cluster.port, user: cluster.user, database: cluster.database },
        `postgres://${cluster.user}@${cluster.host}:${cluster.port}/${cluster.database}`,
        'throwaway cluster',
        description,
        options.note,
      )
    } catch (error) {
      cluster.stop()
      throw error
    }
  } else {
    reason = options.cluster
      ? `no BENCH_DATABASE_URL and no PostgreSQL server binaries in ${options.pgBin}: running the PGlite scenarios only`
      : 'no BENCH_DATABASE_URL and BENCH_CLUSTER=0: running the PGlite scenarios only'
  }

  const close = async (): Promise<void> => {
    if (prepared) {
      await Promise.allSettled(prepared.pools.map((p) => p.end()))
      if (source === 'BENCH_DATABASE_URL' && options.databaseUrl) {
        const client = new pg.Client({
          connectionString: options.databaseUrl,
          connectionTimeoutMillis: 10_000,
        })
        try {
          await client.connect()
          await client.query(`DROP SCHEMA IF EXISTS ${BENCH_SCHEMA} CASCADE`)
        } catch (error) {
          options.note(`could not drop schema ${BENCH_SCHEMA}: ${(error as Error).message}`)
        } finally {
          await client.end().catch(() => undefined)
        }
      }
    }
    await pglite?.close()
    cluster?.stop()
  }

  return { source, reason, pg: prepared?.target ?? null, pglite: pglite ? pglite.get : null, close }
}
