import type { PGlite } from '@electric-sql/pglite'
import type { Pool } from 'pg'

/** One measured number. `metric` is unique within its scenario. */
export interface ResultRow {
  metric: string
  value: number
  /** Every value has a unit: 'tx/s', 'rows/s', 'ms', 'tx', 'rows', ... */
  unit: string
  /**
   * The baseline this value is compared with, measured in the same run: a metric of the same
   * scenario (`'pg.insert.c1.rate'`) or of another one (`'ceilings/pg.insert.c1.rate'`).
   * The runner prints value / baseline.
   */
  ratioTo?: string
}

export interface Extensions {
  postgis: boolean
  ltree: boolean
  pg_trgm: boolean
}

/** A PostgreSQL server reached with `pg` (from BENCH_DATABASE_URL or a throwaway cluster). */
export interface PgTarget {
  source: 'BENCH_DATABASE_URL' | 'throwaway cluster'
  /** Human-readable description, without a password. */
  description: string
  /** e.g. '15.14 (Debian 15.14-0+deb12u1)' */
  serverVersion: string
  postgisVersion: string | null
  extensions: Extensions
  /** A few server settings that change the numbers (fsync, synchronous_commit, shared_buffers...). */
  settings: Record<string, string>
  /** The schema the benchmark tables live in (first on the search_path of every pool). */
  schema: string
  /**
   * A connection string for code that opens its own connections (the server's `openPostgres`).
   * Its search_path is the server default, not `schema`. It may hold a password: never print it.
   */
  connectionString: string
  /** A new pool of up to `max` clients; the runner closes every pool at the end. */
  pool(max: number): Pool
}

/** The embedded database: an in-memory PGlite instance, single connection. */
export interface PgliteTarget {
  db: PGlite
  packageVersion: string
  serverVersion: string
  postgisVersion: string | null
  extensions: Extensions
  bootMs: number
}

export interface BenchContext {
  /** Base seed; derive per-stream seeds with deriveSeed(). */
  seed: number
  /** How long each timed load phase runs. */
  durationMs: number
  /** Untimed warm-up before each timed load phase. */
  warmupMs: number
  /** Rows per bulk-load (COPY) measurement. */
  copyRows: number
  /** Concurrency levels of the PostgreSQL insert measurements. */
  concurrency: readonly number[]
  /** null when no PostgreSQL server is available: run the PGlite part only. */
  pg: PgTarget | null
  /** Boots (once) and returns the shared PGlite instance; null when disabled with BENCH_PGLITE=0. */
  pglite: (() => Promise<PgliteTarget>) | null
  /** Progress line on stderr. */
  log(message: string): void
  /** A remark printed under the table and kept in the JSON (e.g. "PostGIS unavailable"). */
  note(message: string): void
  /**
   * A value an earlier scenario of this run measured (`'ceilings/pg.case_tx.c32.rate'`), for a scenario
   * that judges a target against a baseline (list it in `dependsOn`); undefined when not measured.
   */
  measured(name: string): number | undefined
}

export interface Scenario {
  name: string
  description: string
  /** Scenarios whose metrics this one's `ratioTo` refers to; the runner runs them first. */
  dependsOn?: readonly string[]
  /** How much longer the watchdog (BENCH_TIMEOUT_MS unset) waits when this scenario runs, in ms. */
  extraTimeoutMs?: number
  run(ctx: BenchContext): Promise<ResultRow[]>
}

export function isScenario(value: unknown): value is Scenario {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.name === 'string' &&
    typeof v.description === 'string' &&
    typeof v.run === 'function' &&
    (v.extraTimeoutMs === undefined || typeof v.extraTimeoutMs === 'number') &&
    (v.dependsOn === undefined ||
      (Array.isArray(v.dependsOn) && v.dependsOn.every((d) => typeof d === 'string')))
  )
}
