/**
 * This machine's database ceilings, the baselines later targets are ratios of:
 *   - a case-like row + its audit row inserted in one transaction, in a closed loop, at 1, 8 and 32
 *     connections (PostgreSQL) or the single connection of PGlite: transactions/s, p50/p99 latency;
 *   - bulk load of person-like rows (encrypted PII, blind indexes) with COPY: rows/s.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { PGlite } from '@electric-sql/pglite'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { type CaseRow, makeCase, PERSON_COLUMNS, pad, personCopyChunks } from '../lib/data.ts'
import { type LoadResult, runLoad } from '../lib/load.ts'
import { deriveSeed, mulberry32 } from '../lib/prng.ts'
import type { BenchContext, ResultRow, Scenario } from '../lib/types.ts'

/** What both drivers can do: a parameterised query. */
interface Sql {
  query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
}

function caseDdl(postgis: boolean): string[] {
  return [
    'DROP TABLE IF EXISTS bench_case_audit, bench_case',
    `CREATE TABLE bench_case (
      id bigserial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      district_code text NOT NULL,
      grid_code text NOT NULL,
      category text NOT NULL,
      status text NOT NULL,
      urgency text NOT NULL,
      title text NOT NULL,
      description text NOT NULL,
      ${postgis ? 'location geometry(Point, 4326) NOT NULL' : 'lon double precision NOT NULL, lat double precision NOT NULL'},
      reported_at timestamptz NOT NULL,
      deadline timestamptz NOT NULL,
      version int NOT NULL DEFAULT 1,
      payload jsonb NOT NULL DEFAULT '{}'
    )`,
    'CREATE INDEX bench_case_district_status ON bench_case (district_code, status)',
    postgis
      ? 'CREATE INDEX bench_case_location ON bench_case USING gist (location)'
      : 'CREATE INDEX bench_case_lon_lat ON bench_case (lon, lat)',
    `CREATE TABLE bench_case_audit (
      id bigserial PRIMARY KEY,
      case_id bigint NOT NULL REFERENCES bench_case (id),
      district_code text NOT NULL,
      action text NOT NULL,
      actor text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      version int NOT NULL,
      at timestamptz NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'
    )`,
    'CREATE INDEX bench_case_audit_case ON bench_case_audit (case_id)',
  ]
}

function insertCaseSql(postgis: boolean): string {
  const columns = postgis ? 'location' : 'lon, lat'
  const location = postgis ? 'ST_SetSRID(ST_MakePoint($9, $10), 4326)' : '$9, $10'
  return `INSERT INTO bench_case (code, district_code, grid_code, category, status, urgency, title, description,
      ${columns}, reported_at, deadline, payload)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${location}, $11, $12, $13::jsonb) RETURNING id`
}

const INSERT_AUDIT = `INSERT INTO bench_case_audit
    (case_id, district_code, action, actor, from_status, to_status, version, at, detail)
  VALUES ($1, $2, 'report', $3, NULL, 'reported', 1, $4, $5::jsonb)`

/** The body of one case transaction (the caller wraps it in BEGIN/COMMIT). */
async function insertCaseWithAudit(sql: Sql, insertCase: string, row: CaseRow): Promise<void> {
  const inserted = await sql.query(insertCase, [
    row.code,
    row.districtCode,
    row.gridCode,
    row.category,
    row.status,
    row.urgency,
    row.title,
    row.description,
    row.lon,
    row.lat,
    row.reportedAt,
    row.deadline,
    row.payload,
  ])
  const id = inserted.rows[0]?.id
  if (id === undefined) throw new Error('INSERT ... RETURNING id returned no row')
  await sql.query(INSERT_AUDIT, [id, row.districtCode, 'grid-worker', row.reportedAt, '{"via":"bench"}'])
}

const PERSON_DDL = [
  'DROP TABLE IF EXISTS bench_person',
  `CREATE TABLE bench_person (
    id bigserial PRIMARY KEY,
    district_code text NOT NULL,
    name_cipher bytea NOT NULL,
    id_number_cipher bytea NOT NULL,
    id_number_index text NOT NULL,
    mobile_cipher bytea,
    mobile_index text,
    gender text NOT NULL,
    birth_date date,
    address text,
    household_id bigint,
    tags text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL
  )`,
  'CREATE INDEX bench_person_id_number ON bench_person (id_number_index)',
  'CREATE INDEX bench_person_mobile ON bench_person (mobile_index)',
  'CREATE INDEX bench_person_household ON bench_person (district_code, household_id)',
]

function loadRows(prefix: string, result: LoadResult, baseline: string | null): ResultRow[] {
  const ratio = (suffix: string): { ratioTo?: string } =>
    baseline ? { ratioTo: `${baseline}.${suffix}` } : {}
  return [
    { metric: `${prefix}.rate`, value: result.rate, unit: 'tx/s', ...ratio('rate') },
    { metric: `${prefix}.p50`, value: result.p50Ms, unit: 'ms', ...ratio('p50') },
    { metric: `${prefix}.p99`, value: result.p99Ms, unit: 'ms', ...ratio('p99') },
    { metric: `${prefix}.count`, value: result.operations, unit: 'tx' },
  ]
}

function describeLoad(label: string, r: LoadResult): string {
  return `${label}: ${r.operations} tx in ${Math.round(r.elapsedMs)} ms = ${Math.round(r.rate)} tx/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`
}

/** Person rows are generated once per run and shared by both backends (same seed, same bytes). */
let personChunks: Buffer[] | null = null
function personData(ctx: BenchContext): Buffer[] {
  if (!personChunks) {
    const t0 = performance.now()
    personChunks = personCopyChunks(mulberry32(deriveSeed(ctx.seed, 900_001)), ctx.copyRows)
    const bytes = personChunks.reduce((n, c) => n + c.length, 0)
    ctx.log(
      `generated ${ctx.copyRows} person rows (${(bytes / 1024 ** 2).toFixed(1)} MiB of COPY text) in ${Math.round(performance.now() - t0)} ms`,
    )
  }
  return personChunks
}

async function pgCeilings(ctx: BenchContext, target: NonNullable<BenchContext['pg']>): Promise<ResultRow[]> {
  const rows: ResultRow[] = []
  const postgis = target.extensions.postgis
  const insertCase = insertCaseSql(postgis)
  const setup = target.pool(1)
  for (const statement of caseDdl(postgis)) await setup.query(statement)

  for (const level of ctx.concurrency) {
    await setup.query('TRUNCATE bench_case_audit, bench_case RESTART IDENTITY')
    try {
      await setup.query('CHECKPOINT')
    } catch {
      // not a superuser (BENCH_DATABASE_URL): measure without a fresh checkpoint
    }
    const pool = target.pool(level)
    const random = Array.from({ length: level }, (_, w) => mulberry32(deriveSeed(ctx.seed, level * 1000 + w)))
    const transaction =
      (phase: string) =>
      async (worker: number, seq: number): Promise<void> => {
        const rand = random[worker]
        if (!rand) throw new Error(`no PRNG for worker ${worker}`)
        const row = makeCase(rand, `${phase}${pad(level, 2)}${pad(worker, 2)}${pad(seq, 7)}`)
        const client: pg.PoolClient = await pool.connect()
        try {
          await client.query('BEGIN')
          await insertCaseWithAudit(client, insertCase, row)
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined)
          throw error
        } finally {
          client.release()
        }
      }
    if (ctx.warmupMs > 0) await runLoad(level, ctx.warmupMs, transaction('W'))
    const result = await runLoad(level, ctx.durationMs, transaction('C'))
    await pool.end()
    ctx.log(describeLoad(`PostgreSQL case+audit tx at ${level} connection(s)`, result))
    const first = ctx.concurrency[0]
    rows.push(...loadRows(`pg.case_tx.c${level}`, result, level === first ? null : `pg.case_tx.c${first}`))
  }
  const count = await setup.query<{ n: string }>('SELECT count(*) AS n FROM bench_case')
  ctx.log(`bench_case holds ${count.rows[0]?.n ?? '?'} rows after the last level`)
  await setup.query('DROP TABLE bench_case_audit, bench_case')

  // COPY FROM STDIN of person rows into an indexed table.
  const chunks = personData(ctx)
  for (const statement of PERSON_DDL) await setup.query(statement)
  const client = await setup.connect()
  try {
    const t0 = performance.now()
    await pipeline(
      Readable.from(chunks),
      client.query(copyFrom(`COPY bench_person (${PERSON_COLUMNS.join(', ')}) FROM STDIN (FORMAT text)`)),
    )
    const ms = performance.now() - t0
    const loaded = await client.query<{ n: string }>('SELECT count(*) AS n FROM bench_person')
    if (Number(loaded.rows[0]?.n) !== ctx.copyRows) {
      throw new Error(`COPY loaded ${loaded.rows[0]?.n} rows, expected ${ctx.copyRows}`)
    }
    ctx.log(`PostgreSQL COPY: ${ctx.copyRows} rows in ${Math.round(ms)} ms`)
    rows.push(
      { metric: 'pg.copy_person.rate', value: (ctx.copyRows * 1000) / ms, unit: 'rows/s' },
      { metric: 'pg.copy_person.time', value: ms, unit: 'ms' },
    )
    await client.query('DROP TABLE bench_person')
  } finally {
    client.release()
  }
  await setup.end()
  return rows
}

async function pgliteCeilings(ctx: BenchContext, withPg: boolean): Promise<ResultRow[]> {
  if (!ctx.pglite) return []
  const target = await ctx.pglite()
  const db: PGlite = target.db
  const rows: ResultRow[] = [{ metric: 'pglite.boot', value: target.bootMs, unit: 'ms' }]
  const postgis = target.extensions.postgis
  const insertCase = insertCaseSql(postgis)
  for (const statement of caseDdl(postgis)) await db.exec(statement)

  // PGlite has one connection: the same transaction, one at a time.
  const rand = mulberry32(deriveSeed(ctx.seed, 1_000_001))
  const transaction =
    (phase: string) =>
    async (_worker: number, seq: number): Promise<void> => {
      const row = makeCase(rand, `${phase}01${pad(seq, 7)}`)
      await db.transaction(async (tx) => insertCaseWithAudit(tx, insertCase, row))
    }
  if (ctx.warmupMs > 0) await runLoad(1, ctx.warmupMs, transaction('W'))
  const result = await runLoad(1, ctx.durationMs, transaction('C'))
  ctx.log(describeLoad('PGlite case+audit tx, single connection', result))
  const pgBaseline = withPg && ctx.concurrency.includes(1) ? 'pg.case_tx.c1' : null
  rows.push(...loadRows('pglite.case_tx.c1', result, pgBaseline))
  await db.exec('DROP TABLE bench_case_audit, bench_case')

  // Bulk load: COPY ... FROM '/dev/blob' with the same COPY text as the PostgreSQL measurement.
  const chunks = personData(ctx)
  for (const statement of PERSON_DDL) await db.exec(statement)
  const t0 = performance.now()
  await db.query(`COPY bench_person (${PERSON_COLUMNS.join(', ')}) FROM '/dev/blob' (FORMAT text)`, [], {
    blob: new Blob(chunks),
  })
  const ms = performance.now() - t0
  const loaded = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM bench_person')
  if (Number(loaded.rows[0]?.n) !== ctx.copyRows) {
    throw new Error(`PGlite COPY loaded ${loaded.rows[0]?.n} rows, expected ${ctx.copyRows}`)
  }
  ctx.log(`PGlite COPY FROM '/dev/blob': ${ctx.copyRows} rows in ${Math.round(ms)} ms`)
  rows.push(
    {
      metric: 'pglite.copy_person.rate',
      value: (ctx.copyRows * 1000) / ms,
      unit: 'rows/s',
      ...(withPg ? { ratioTo: 'pg.copy_person.rate' } : {}),
    },
    { metric: 'pglite.copy_person.time', value: ms, unit: 'ms' },
  )
  await db.exec('DROP TABLE bench_person')
  return rows
}

const scenario: Scenario = {
  name: 'ceilings',
  description:
    'Database ceilings of this machine: case+audit insert transactions/s and latency at 1/8/32 connections, COPY rows/s; PGlite single connection',
  async run(ctx) {
    const rows: ResultRow[] = []
    if (ctx.pg) {
      if (!ctx.pg.extensions.postgis)
        ctx.note('PostgreSQL without PostGIS: case location stored as two double columns')
      rows.push(...(await pgCeilings(ctx, ctx.pg)))
    } else {
      ctx.note('ceilings: no PostgreSQL server, so only the PGlite ceilings were measured')
    }
    if (ctx.pglite) {
      rows.push(...(await pgliteCeilings(ctx, ctx.pg !== null)))
    } else {
      ctx.note('ceilings: PGlite skipped (BENCH_PGLITE=0)')
    }
    return rows
  },
}

export default scenario
