/**
 * The population registry (persons with encrypted ID number, phone and address) on the real app with
 * the demo district 云溪区 (110120, 1,809 grids), over real HTTP on 127.0.0.1 with the client in a
 * worker thread:
 *   1. load BENCH_REGISTRY_PERSONS persons (1,000,000 on PostgreSQL; `_PGLITE`: 20,000) spread over
 *      every grid: valid unique 18-character ID numbers, unique mobiles, Chinese names, addresses,
 *      encrypted and indexed with the app's own PiiCipher and the server's helpers (person-input.ts,
 *      mask.ts), generated from the run's seed while COPY streams them in (secondary indexes dropped
 *      and rebuilt, then VACUUM (ANALYZE)): rows/s, as a ratio of the COPY ceiling of `ceilings`, and
 *      the peak RSS of this process meanwhile;
 *   2. `GET /api/registry/persons` (searchPersons) as the district admin and as a grid worker of one
 *      grid: by ID number (existing, not existing), phone, name prefix (1 and 2 Han characters),
 *      pinyin prefix and initials; distinct queries per kind after a warm-up with other queries;
 *      p50/p95/p99 per kind, PASS/FAIL against the issue's p95 < 50 ms (PostgreSQL, 1,000,000);
 *   3. the SQL of one query per kind and role (RegistryQueries.search) under EXPLAIN (ANALYZE,
 *      BUFFERS), written to bench/results/registry-plans-<db>.txt.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CompiledQuery, QueryExecutor } from 'kysely'
import { from as copyFrom } from 'pg-copy-streams'
import type { App } from '../../packages/server/src/app.ts'
import type { PersonFilter } from '../../packages/server/src/modules/registry/queries.ts'
import type { PiiCipher } from '../../packages/server/src/platform/crypto/pii-cipher.ts'
import type { Db } from '../../packages/server/src/platform/db/database.ts'
import { type AppDatabase, openPgForApp, openPgliteForApp, type Sql } from '../lib/app-database.ts'
import { buildBenchApp, signInAdmin } from '../lib/bench-app.ts'
import { onCleanup } from '../lib/cleanup.ts'
import { envCount } from '../lib/env.ts'
import { HttpClients, type HttpLoadResult } from '../lib/http-load.ts'
import { deriveSeed, int, mulberry32, pick, type Random } from '../lib/prng.ts'
import type { BenchContext, ResultRow, Scenario } from '../lib/types.ts'

const DISTRICT = '110120'
const PASSWORD = 'Bench#2026registry'
const TARGET = { p95Ms: 50, persons: 1_000_000, importRate: 25_000, importMB: 500 } as const
const PLAN = { pg: 1_000_000, pglite: 20_000 } as const
/** Distinct queries per kind and role (timed), and the other ones of the warm-up. */
const QUERIES = 300
const WARMUP_QUERIES = 60
/** Rows per COPY chunk handed to the stream. */
const CHUNK_ROWS = 2_000
/** Birth dates: DAYS consecutive days from 1936-01-01; with ≤ 500 rows per day the IDs are unique. */
const FIRST_BIRTH = Date.UTC(1936, 0, 1)
const DAYS = 32_000
const DAY_STRIDE = 7_919
const DAY_MS = 86_400_000
/** Regions of non-local persons' ID numbers (GB/T 2260). */
const OTHER_REGIONS = ['130102', '370102', '410105', '420106', '510104', '320106', '440305'] as const
const MOBILE_PREFIXES = ['133', '135', '136', '138', '139', '150', '152', '158', '177', '186', '188', '199']

type Kind = 'id.hit' | 'id.miss' | 'phone' | 'name1' | 'name2' | 'pinyin' | 'initials'
const KINDS: readonly Kind[] = ['id.hit', 'id.miss', 'phone', 'name1', 'name2', 'pinyin', 'initials']
/** The kinds the issue's p95 target is about. */
const TARGET_KINDS: ReadonlySet<Kind> = new Set<Kind>(['id.hit', 'id.miss', 'phone', 'name1', 'name2'])
type Role = 'admin' | 'worker'

const fmt = (v: number, digits = v < 100 ? 2 : 0): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

const resultsDir = (): string => {
  const dir = join(import.meta.dirname, '..', 'results')
  mkdirSync(dir, { recursive: true })
  return dir
}

type Grid = { code: string; path: string }

/** Person `i` in clear: a pure function of (seed, i), so queries can name any of them again. */
type Plain = {
  grid: number
  name: string
  surname: string
  id: string
  sex: 'male' | 'female'
  birth: string
  phone: string
  address: string
  region: string
  nonLocal: boolean
  ethnicity: string
  education: string
}

type Words = { surnames: readonly string[]; givenChars: readonly string[]; roads: readonly string[] }

class People {
  constructor(
    private readonly seed: number,
    private readonly grids: number,
    private readonly words: Words,
    private readonly idCheckChar: (first17: string) => string,
  ) {}

  /** The grid of person i: the first draw of its stream. */
  gridOf(i: number): number {
    return int(mulberry32(deriveSeed(this.seed, i)), this.grids)
  }

  person(i: number): Plain {
    const r = mulberry32(deriveSeed(this.seed, i))
    const { surnames, givenChars, roads } = this.words
    const grid = int(r, this.grids)
    const sex = r() < 0.5 ? 'male' : 'female'
    const surname = pick(r, surnames)
    const name = `${surname}${pick(r, givenChars)}${r() < 0.6 ? pick(r, givenChars) : ''}`
    // Unique by construction: (day, block) is a bijection of i, and the sequence number differs per block.
    const block = Math.floor(i / DAYS)
    const day = ((i % DAYS) * DAY_STRIDE) % DAYS
    const birth = new Date(FIRST_BIRTH + day * DAY_MS).toISOString().slice(0, 10)
    const seq = ((block + day * 37) % 500) * 2 + (sex === 'male' ? 1 : 0)
    const nonLocal = r() < 0.2
    const region = nonLocal ? pick(r, OTHER_REGIONS) : DISTRICT
    const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
    const id = `${first17}${this.idCheckChar(first17)}`
    // 8 digits from a bijection of i (48271 is coprime to 10^8): unique whatever the prefix.
    const phone = `${pick(r, MOBILE_PREFIXES)}${String((i * 48_271 + 12_345_678) % 100_000_000).padStart(8, '0')}`
    const address = `${pick(r, roads)}${1 + int(r, 300)}号${1 + int(r, 20)}栋${1 + int(r, 6)}0${1 + int(r, 4)}室`
    const ethnicity = r() < 0.95 ? '01' : pick(r, ['03', '11', '02', '10'])
    const education = pick(r, ['20', '30', '60', '70', '80'])
    return { grid, name, surname, id, sex, birth, phone, address, region, nonLocal, ethnicity, education }
  }

  /** A valid ID number nobody has: born before the first birth date. */
  missingId(r: Random): string {
    const birth = new Date(FIRST_BIRTH - (1 + int(r, 3_000)) * DAY_MS).toISOString().slice(0, 10)
    const first17 = `${DISTRICT}${birth.replaceAll('-', '')}${String(int(r, 1000)).padStart(3, '0')}`
    return `${first17}${this.idCheckChar(first17)}`
  }
}

/** The server's helpers, loaded with the app (the scenario imports server code only when it runs). */
type Helpers = {
  documentIndex: (pii: PiiCipher, kind: string, number: string) => string
  phoneIndex: (pii: PiiCipher, phone: string) => string
  piiContexts: { document: string; phone: string; address: string }
  maskIdNumber: (v: string) => string
  maskPhone: (v: string) => string
  maskAddress: (v: string) => string
  nameSearchKeys: (name: string) => { full: string; initials: string }
}

const COLUMNS = [
  'name',
  'name_pinyin',
  'name_initials',
  'document_kind',
  'document_cipher',
  'document_masked',
  'document_index',
  'sex',
  'birth_date',
  'ethnicity',
  'education',
  'phone_cipher',
  'phone_masked',
  'phone_index',
  'address_cipher',
  'address_masked',
  'hukou_region',
  'non_local',
  'status',
  'tags',
  'grid_code',
  'area_path',
  'created_at',
  'updated_at',
] as const

/** COPY text of persons [from, to): encrypted and indexed as the server does it. None of the values holds a tab, newline or backslash. */
function* copyChunks(
  people: People,
  grids: readonly Grid[],
  pii: PiiCipher,
  h: Helpers,
  count: number,
  now: string,
): Generator<Buffer> {
  const keys = new Map<string, { full: string; initials: string }>()
  const thisYear = Number(now.slice(0, 4))
  for (let from = 0; from < count; from += CHUNK_ROWS) {
    const lines: string[] = []
    for (let i = from; i < Math.min(count, from + CHUNK_ROWS); i++) {
      const p = people.person(i)
      const grid = grids[p.grid]
      if (!grid) throw new Error(`no grid ${p.grid}`)
      let k = keys.get(p.name)
      if (!k) {
        k = h.nameSearchKeys(p.name)
        keys.set(p.name, k)
      }
      const age = thisYear - Number(p.birth.slice(0, 4))
      lines.push(
        [
          p.name,
          k.full,
          k.initials,
          'id_card',
          pii.encrypt(p.id, h.piiContexts.document),
          h.maskIdNumber(p.id),
          h.documentIndex(pii, 'id_card', p.id),
          p.sex,
          p.birth,
          p.ethnicity,
          p.education,
          pii.encrypt(p.phone, h.piiContexts.phone),
          h.maskPhone(p.phone),
          h.phoneIndex(pii, p.phone),
          pii.encrypt(p.address, h.piiContexts.address),
          h.maskAddress(p.address),
          p.region,
          p.nonLocal ? 't' : 'f',
          'active',
          age >= 80 ? '{高龄}' : '{}',
          grid.code,
          grid.path,
          now,
          now,
        ].join('\t'),
      )
    }
    lines.push('')
    yield Buffer.from(lines.join('\n'))
  }
}

/** Peak RSS of this process, sampled every 50 ms until stopped. */
function rssSampler(): { stop: () => { beforeMB: number; peakMB: number } } {
  const before = process.memoryUsage.rss()
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 50)
  return {
    stop: () => {
      clearInterval(timer)
      peak = Math.max(peak, process.memoryUsage.rss())
      return { beforeMB: before / 1024 ** 2, peakMB: peak / 1024 ** 2 }
    },
  }
}

/** Loads `count` persons: indexes dropped, COPY while generating, indexes rebuilt, VACUUM (ANALYZE). */
async function loadPersons(
  ctx: BenchContext,
  database: AppDatabase,
  app: App,
  people: People,
  grids: readonly Grid[],
  h: Helpers,
  count: number,
): Promise<ResultRow[]> {
  const db = database.label
  // One session for the whole load (session_replication_role, maintenance_work_mem).
  let session: Sql
  let copyIn: (chunks: Iterable<Buffer>) => Promise<void>
  let release: () => Promise<void>
  const columns = COLUMNS.join(', ')
  if (db === 'pg' && ctx.pg) {
    const pool = ctx.pg.pool(1)
    const client = await pool.connect()
    session = client
    // A maintenance load, not a request: the pool's 60 s statement limit does not apply.
    await client.query('SET statement_timeout = 0')
    copyIn = (chunks) =>
      pipeline(
        Readable.from(chunks),
        client.query(copyFrom(`COPY registry_persons (${columns}) FROM STDIN (FORMAT text)`)),
      )
    release = async () => {
      client.release()
      await pool.end()
    }
  } else {
    if (!ctx.pglite) throw new Error('no PGlite')
    const pglite = (await ctx.pglite()).db
    session = pglite
    copyIn = async (chunks) => {
      await pglite.query(`COPY registry_persons (${columns}) FROM '/dev/blob' (FORMAT text)`, [], {
        blob: new Blob([...chunks]),
      })
    }
    release = async () => undefined
  }
  const rows: ResultRow[] = []
  try {
    const indexes = await session.query(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = 'registry_persons'::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        ORDER BY i.relname`,
    )
    const defs = indexes.rows.map((r) => ({ name: String(r.name), def: String(r.def) }))
    let skippedTriggers = false
    try {
      // Every generated grid exists; skip the per-row foreign-key triggers (needs a superuser).
      await session.query('SET session_replication_role = replica')
      skippedTriggers = true
    } catch {
      // not a superuser: foreign keys checked row by row
    }
    const now = new Date().toISOString()
    const rss = rssSampler()
    const t0 = performance.now()
    for (const { name } of defs) await session.query(`DROP INDEX ${name}`)
    await copyIn(copyChunks(people, grids, app.services.pii, h, count, now))
    const copyMs = performance.now() - t0
    if (skippedTriggers) await session.query('SET session_replication_role = DEFAULT')
    ctx.log(
      `registry: ${db}: ${fmt(count, 0)} persons generated, encrypted and copied in ${Math.round(copyMs)} ms`,
    )
    const i0 = performance.now()
    await session.query(`SET maintenance_work_mem = '256MB'`)
    for (const { def } of defs) await session.query(def)
    await session.query('RESET maintenance_work_mem')
    const indexMs = performance.now() - i0
    const v0 = performance.now()
    await session.query('VACUUM (ANALYZE) registry_persons')
    const vacuumMs = performance.now() - v0
    const memory = rss.stop()
    const totalMs = performance.now() - t0
    const check = await session.query(
      `SELECT count(*) AS n, count(DISTINCT grid_code) AS grids,
              pg_table_size('registry_persons'::regclass) AS t, pg_indexes_size('registry_persons'::regclass) AS i
         FROM registry_persons`,
    )
    const c = check.rows[0] ?? {}
    if (Number(c.n) !== count) throw new Error(`COPY loaded ${String(c.n)} persons, expected ${count}`)
    ctx.log(
      `registry: ${db}: ${defs.length} indexes rebuilt in ${Math.round(indexMs)} ms, VACUUM (ANALYZE) ${Math.round(vacuumMs)} ms; ${fmt(count / (totalMs / 1000), 0)} rows/s in all; RSS ${fmt(memory.beforeMB, 0)} → peak ${fmt(memory.peakMB, 0)} MB; table ${fmt(Number(c.t) / 1024 ** 2, 0)} MB, indexes ${fmt(Number(c.i) / 1024 ** 2, 0)} MB`,
    )
    ctx.note(
      `registry: ${db}: ${fmt(count, 0)} persons over ${fmt(Number(c.grids), 0)} grids, generated from the seed, encrypted with the app's PiiCipher (${app.services.pii.cipher}) and sent with ${db === 'pg' ? 'COPY FROM STDIN (pg-copy-streams)' : "COPY FROM '/dev/blob'"} while being generated, ${defs.length} secondary indexes dropped and rebuilt, then VACUUM (ANALYZE)${skippedTriggers ? '; foreign-key triggers skipped (session_replication_role = replica)' : '; foreign keys checked row by row (not a superuser)'}`,
    )
    if (!skippedTriggers && db === 'pg')
      ctx.note('registry: pg: the load checked foreign keys row by row (not a superuser)')
    const p = `${db}.load`
    const ceiling = db === 'pg' ? 'ceilings/pg.copy_person.rate' : 'ceilings/pglite.copy_person.rate'
    rows.push(
      { metric: `${p}.rows`, value: count, unit: 'rows' },
      { metric: `${p}.rate`, value: count / (totalMs / 1000), unit: 'rows/s', ratioTo: ceiling },
      { metric: `${p}.copy_rate`, value: count / (copyMs / 1000), unit: 'rows/s', ratioTo: ceiling },
      { metric: `${p}.copy`, value: copyMs, unit: 'ms' },
      { metric: `${p}.index`, value: indexMs, unit: 'ms' },
      { metric: `${p}.vacuum`, value: vacuumMs, unit: 'ms' },
      { metric: `${p}.rss_before`, value: memory.beforeMB, unit: 'MB' },
      { metric: `${p}.rss_peak`, value: memory.peakMB, unit: 'MB', ratioTo: `${p}.rss_before` },
      { metric: `${p}.table`, value: Number(c.t) / 1024 ** 2, unit: 'MB' },
      { metric: `${p}.indexes`, value: Number(c.i) / 1024 ** 2, unit: 'MB' },
    )
  } finally {
    await release()
  }
  return rows
}

/** Distinct queries of each kind: `count` timed and `WARMUP_QUERIES` others for the warm-up. */
function makeQueries(
  people: People,
  members: readonly number[],
  rand: Random,
  h: Helpers,
  surnamePinyin: Map<string, string>,
): Record<Kind, { timed: string[]; warmup: string[] }> {
  const want = QUERIES + WARMUP_QUERIES
  const build = (draw: () => string | null): { timed: string[]; warmup: string[] } => {
    const seen = new Set<string>()
    for (let attempt = 0; attempt < want * 20 && seen.size < want; attempt++) {
      const q = draw()
      if (q !== null) seen.add(q)
    }
    const all = [...seen]
    // Few distinct values (1-character names: the surnames): the warm-up takes a fifth, the rest is timed.
    const warm = all.length >= want ? WARMUP_QUERIES : Math.max(1, Math.floor(all.length / 5))
    return { warmup: all.slice(0, warm), timed: all.slice(warm) }
  }
  const member = (): Plain => people.person(members[int(rand, members.length)] ?? 0)
  const param = (key: string, value: string): string => `${key}=${encodeURIComponent(value)}`
  return {
    'id.hit': build(() => param('documentNumber', member().id)),
    'id.miss': build(() => param('documentNumber', people.missingId(rand))),
    phone: build(() => param('phone', member().phone)),
    name1: build(() => param('q', member().surname)),
    name2: build(() => param('q', [...member().name].slice(0, 2).join(''))),
    pinyin: build(() => {
      const p = member()
      const full = h.nameSearchKeys(p.name).full
      const head = surnamePinyin.get(p.surname)?.length ?? 1
      return param('q', full.slice(0, Math.min(full.length, head + 1 + int(rand, 3))))
    }),
    initials: build(() => {
      const initials = h.nameSearchKeys(member().name).initials
      return /[aeiouv]/.test(initials) ? null : param('q', initials)
    }),
  }
}

function describeHttp(label: string, r: HttpLoadResult): string {
  return `${label}: ${r.operations} requests, p50 ${r.p50Ms.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(1)} ms`
}

/** A Kysely executor that runs every query and keeps what it ran (to EXPLAIN it afterwards). */
function capturing(db: Db, captured: CompiledQuery[]): Db {
  const base: QueryExecutor = db.getExecutor()
  const executeQuery = (query: CompiledQuery, ...rest: unknown[]): unknown => {
    captured.push(query)
    return (base.executeQuery as (...a: unknown[]) => unknown)(query, ...rest)
  }
  const spy = new Proxy(base, {
    get(target, property) {
      if (property === 'executeQuery') return executeQuery
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { getExecutor: () => spy } as unknown as Db
}

/** One query per kind and role as RegistryQueries.search builds it, under EXPLAIN (ANALYZE, BUFFERS). */
async function explainSearches(
  ctx: BenchContext,
  database: AppDatabase,
  app: App,
  h: Helpers,
  tokens: Record<Role, string>,
  samples: Map<string, string>,
): Promise<ResultRow[]> {
  const db = database.label
  const [{ RegistryQueries }, { nameFilter }, { parseIdNumber }, { normalizePhone }] = await Promise.all([
    import('../../packages/server/src/modules/registry/queries.ts'),
    import('../../packages/server/src/modules/registry/persons.ts'),
    import('@onegrid/core/registry/id-number'),
    import('@onegrid/core/registry/phone'),
  ])
  const pii = app.services.pii
  const rows: ResultRow[] = []
  const out: string[] = [`# searchPersons plans on ${database.description}, ${new Date().toISOString()}`, '']
  const executionMs = (plan: string): number =>
    Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN)
  for (const [label, query] of samples) {
    const role = label.split('.')[0] as Role
    const principal = await app.services.sessions.authenticate(tokens[role])
    if (!principal) throw new Error(`no session for ${role}`)
    const params = new URLSearchParams(query)
    const filter: PersonFilter = {
      scope: principal.scope,
      limit: 20,
      offset: 0,
    }
    const q = params.get('q')
    const documentNumber = params.get('documentNumber')
    const phone = params.get('phone')
    if (q) Object.assign(filter, nameFilter(q))
    if (documentNumber) {
      // As PersonService.search: the ID-card index when it parses, and one per other document kind.
      const parsed = parseIdNumber(documentNumber, new Date())
      const other = documentNumber.replace(/\s+/g, '').toUpperCase()
      filter.documentIndexes = [
        ...(parsed.ok ? [h.documentIndex(pii, 'id_card', parsed.value)] : []),
        ...['passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'other'].map((k) =>
          h.documentIndex(pii, k, other),
        ),
      ]
    }
    if (phone) {
      const normalized = normalizePhone(phone)
      if (normalized) filter.phoneIndex = h.phoneIndex(pii, normalized.value)
    }
    const captured: CompiledQuery[] = []
    await new RegistryQueries(capturing(app.database.db, captured)).search(filter)
    const times: number[] = []
    for (const c of captured) {
      const { rows: planRows } = await database.sql.query(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, [
        ...c.parameters,
      ])
      const plan = planRows.map((r) => String(Object.values(r)[0])).join('\n')
      times.push(executionMs(plan))
      out.push(
        `## ${label}: GET /api/registry/persons?${query}`,
        '',
        c.sql.replace(/\s+/g, ' ').trim(),
        `-- parameters: ${JSON.stringify(c.parameters)}`,
        '',
        plan,
        '',
      )
    }
    rows.push(
      { metric: `${db}.search.${label}.sql.page`, value: times[0] ?? Number.NaN, unit: 'ms' },
      { metric: `${db}.search.${label}.sql.count`, value: times[1] ?? Number.NaN, unit: 'ms' },
    )
  }
  const file = join(resultsDir(), `registry-plans-${db}.txt`)
  writeFileSync(file, `${out.join('\n')}\n`)
  ctx.log(`registry: ${db}: plans of the searches written to ${file}`)
  return rows
}

/** Everything on one database: app up, persons loaded, searches measured, app down, schema dropped. */
async function measureOn(ctx: BenchContext, database: AppDatabase, count: number): Promise<ResultRow[]> {
  const db = database.label
  const dataDir = mkdtempSync(join(tmpdir(), 'onegrid-bench-registry-'))
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true })
  const unregister = onCleanup('remove the registry scenario data directory', removeDataDir)
  let app: App | null = null
  let clients: HttpClients | null = null
  const rows: ResultRow[] = []
  try {
    const [
      { seedReferenceData },
      { systemClock },
      { migrateToLatest },
      { demoAreaTree },
      personInput,
      mask,
      { idCheckChar },
      { nameSearchKeys },
      words,
    ] = await Promise.all([
      import('../../packages/server/src/app.ts'),
      import('../../packages/server/src/platform/clock.ts'),
      import('../../packages/server/src/platform/db/migrate.ts'),
      import('../../packages/server/src/modules/areas/demo.ts'),
      import('../../packages/server/src/modules/registry/person-input.ts'),
      import('../../packages/server/src/platform/crypto/mask.ts'),
      import('@onegrid/core/registry/id-number'),
      import('@onegrid/core/registry/pinyin'),
      import('../../packages/server/src/modules/cases/demo-random.ts'),
    ])
    const h: Helpers = {
      documentIndex: personInput.documentIndex,
      phoneIndex: personInput.phoneIndex,
      piiContexts: personInput.piiContexts,
      maskIdNumber: mask.maskIdNumber,
      maskPhone: mask.maskPhone,
      maskAddress: mask.maskAddress,
      nameSearchKeys,
    }
    const t0 = performance.now()
    await migrateToLatest(database.handle.db)
    await seedReferenceData(database.handle, systemClock)
    app = await buildBenchApp(ctx, database, dataDir, 800_006, { ONEGRID_SESSION_IDLE_MINUTES: '600' })
    const since = new Date(`${new Date().getFullYear() - 1}-01-01T00:00:00+08:00`)
    await app.services.areas.saveTree(await demoAreaTree(app.database.db), { effectiveFrom: since })
    const setupMs = performance.now() - t0
    rows.push({ metric: `${db}.setup`, value: setupMs, unit: 'ms' })
    await app.start()
    await app.http.listen({ port: 0, host: '127.0.0.1' })
    const address = app.http.server.address()
    if (typeof address !== 'object' || address === null) throw new Error('the app is not listening on a port')
    const base = `http://127.0.0.1:${address.port}`
    ctx.log(`registry: ${db}: app listening on ${base} after ${Math.round(setupMs)} ms of setup`)

    const grids: Grid[] = (
      await database.sql.query(
        `SELECT code, path::text AS path FROM areas WHERE level = 'grid' ORDER BY code`,
      )
    ).rows.map((r) => ({ code: String(r.code), path: String(r.path) }))
    if (grids.length === 0) throw new Error('the demo district has no grids')
    const people = new People(deriveSeed(ctx.seed, 800_001), grids.length, words, idCheckChar)

    // The stored columns are what the server itself makes of the same input (personColumns).
    const today = new Date()
    for (let i = 0; i < 50; i++) {
      const p = people.person(i)
      const { columns, errors } = personInput.personColumns(
        app.services.pii,
        { name: p.name, documentKind: 'id_card', documentNumber: p.id, phone: p.phone, address: p.address },
        today,
        null,
      )
      const keys = nameSearchKeys(p.name)
      const same =
        Object.keys(errors).length === 0 &&
        columns.document_index === h.documentIndex(app.services.pii, 'id_card', p.id) &&
        columns.document_masked === h.maskIdNumber(p.id) &&
        columns.phone_index === h.phoneIndex(app.services.pii, p.phone) &&
        columns.phone_masked === h.maskPhone(p.phone) &&
        columns.address_masked === h.maskAddress(p.address) &&
        columns.name_pinyin === keys.full &&
        columns.name_initials === keys.initials &&
        columns.sex === p.sex &&
        columns.birth_date === p.birth &&
        columns.hukou_region === p.region
      if (!same)
        throw new Error(
          `person ${i} (${p.name}, ${p.id}) differs from personColumns: ${JSON.stringify({ columns, errors })}`,
        )
    }

    rows.push(...(await loadPersons(ctx, database, app, people, grids, h, count)))

    // Accounts: the district admin (real login over HTTP) and a grid worker of one grid.
    const admin = await signInAdmin(app, base, DISTRICT, {
      username: 'bench-registry-admin',
      password: PASSWORD,
    })
    const rand = mulberry32(deriveSeed(ctx.seed, 800_002))
    const workerGrid = int(rand, grids.length)
    const grid = grids[workerGrid]
    if (!grid) throw new Error('no grid')
    const system = { userId: null, name: 'bench', ip: null, userAgent: null, requestId: null }
    const user = await app.services.users.create({ areaPaths: [DISTRICT], unitIds: [] }, system, {
      username: 'bench-registry-worker',
      displayName: 'bench-registry-worker',
      initialPassword: PASSWORD,
      assignments: [{ role: 'grid_worker', areaCode: grid.code }],
    })
    await app.database.db
      .updateTable('users')
      .set({ must_change_password: false })
      .where('id', '=', user.id)
      .execute()
    const { token: worker } = await app.services.login.login('bench-registry-worker', PASSWORD, system)
    const tokens: Record<Role, string> = { admin, worker }

    const everyone = Array.from({ length: Math.min(count, 200_000) }, () => int(rand, count))
    const inGrid: number[] = []
    for (let i = 0; i < count; i++) if (people.gridOf(i) === workerGrid) inGrid.push(i)
    if (inGrid.length === 0) throw new Error(`no person in grid ${grid.code}`)
    const surnamePinyin = new Map(words.surnames.map((s) => [s, nameSearchKeys(s).full]))
    const queries: Record<Role, Record<Kind, { timed: string[]; warmup: string[] }>> = {
      admin: makeQueries(people, everyone, rand, h, surnamePinyin),
      worker: makeQueries(people, inGrid, rand, h, surnamePinyin),
    }
    ctx.note(
      `registry: ${db}: searchPersons (GET /api/registry/persons, page size 20) as the admin of ${DISTRICT} (${fmt(count, 0)} persons) and as a grid worker of grid ${grid.code} (${fmt(inGrid.length, 0)} persons), one client in a worker thread; per kind up to ${QUERIES} distinct queries, timed after ${WARMUP_QUERIES} other ones (1 Han character: the ${words.surnames.length} surnames, so fewer); id.miss: valid ID numbers nobody has`,
    )

    clients = await HttpClients.start(`bench-registry-clients-${db}`)
    const samples = new Map<string, string>()
    for (const role of ['admin', 'worker'] as const) {
      for (const kind of KINDS) {
        const { timed, warmup } = queries[role][kind]
        const first = timed[0]
        if (!first) throw new Error(`no ${kind} query for ${role}`)
        samples.set(`${role}.${kind}`, first)
        const expect =
          kind === 'id.hit' || kind === 'phone'
            ? '"total":1,'
            : kind === 'id.miss'
              ? '"total":0,'
              : role === 'admin'
                ? '"items":[{'
                : '"items":'
        const spec = {
          url: `${base}/api/registry/persons`,
          method: 'GET' as const,
          headers: { authorization: `Bearer ${tokens[role]}` },
          bodies: [],
          clients: 1,
          warmupMs: 0,
          durationMs: 120_000,
          expectStatus: 200,
          expectBodyIncludes: expect,
        }
        await clients.run({
          ...spec,
          urls: warmup.map((q) => `${base}/api/registry/persons?${q}`),
          maxRequests: warmup.length,
        })
        const r = await clients.run({
          ...spec,
          urls: timed.map((q) => `${base}/api/registry/persons?${q}`),
          maxRequests: timed.length,
        })
        ctx.log(`registry: ${db}: ${describeHttp(`${role} ${kind}`, r)}`)
        const p = `${db}.search.${role}.${kind}`
        rows.push(
          { metric: `${p}.p50`, value: r.p50Ms, unit: 'ms' },
          { metric: `${p}.p95`, value: r.p95Ms, unit: 'ms' },
          { metric: `${p}.p99`, value: r.p99Ms, unit: 'ms' },
          { metric: `${p}.count`, value: r.operations, unit: 'requests' },
        )
      }
    }
    rows.push(...(await explainSearches(ctx, database, app, h, tokens, samples)))
    return rows
  } finally {
    try {
      await clients?.close()
      await (app ? app.close() : database.handle.close())
      await database.dispose()
    } catch (error) {
      ctx.note(`registry: ${db}: clean-up failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    unregister()
    removeDataDir()
  }
}

/** Notes each target beside its measured value, PASS or FAIL. */
function judgeTargets(ctx: BenchContext, rows: ResultRow[], dbs: readonly string[]): void {
  const value = (metric: string): number | undefined => rows.find((r) => r.metric === metric)?.value
  const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL')
  for (const db of dbs) {
    const name = db === 'pg' ? 'PostgreSQL' : 'PGlite'
    const count = value(`${db}.load.rows`) ?? 0
    const rate = value(`${db}.load.rate`)
    const peak = value(`${db}.load.rss_peak`)
    const before = value(`${db}.load.rss_before`)
    const ceiling = ctx.measured(`ceilings/${db}.copy_person.rate`)
    if (rate !== undefined && peak !== undefined && before !== undefined) {
      const judged = db === 'pg'
      const pass = rate >= TARGET.importRate && peak < TARGET.importMB
      ctx.note(
        `registry: ${judged ? 'preview of the import target' : 'reported'}, ${name}: ${fmt(count, 0)} persons loaded at ${fmt(rate, 0)} rows/s (COPY phase ${fmt(value(`${db}.load.copy_rate`) ?? Number.NaN, 0)} rows/s${ceiling === undefined ? '' : `; ${fmt(rate / ceiling, 2)}× the COPY ceiling ${fmt(ceiling, 0)} rows/s of pre-generated rows into an indexed table`}), peak RSS ${fmt(peak, 0)} MB (${fmt(before, 0)} MB before; the run's own data included) (>= ${fmt(TARGET.importRate, 0)} rows/s, < ${TARGET.importMB} MB)${judged ? ` ${verdict(pass)}` : ''}`,
      )
    }
    const judged = db === 'pg' && count >= TARGET.persons
    for (const role of ['admin', 'worker'] as const) {
      const parts: string[] = []
      let pass = true
      for (const kind of KINDS) {
        const p95 = value(`${db}.search.${role}.${kind}.p95`)
        if (p95 === undefined) continue
        const inTarget = TARGET_KINDS.has(kind)
        if (inTarget && p95 >= TARGET.p95Ms) pass = false
        parts.push(`${kind} ${fmt(p95)}${inTarget ? '' : ' (no target)'}`)
      }
      if (parts.length === 0) continue
      ctx.note(
        `registry: ${judged ? 'target' : 'reported'} searchPersons p95 with ${fmt(count, 0)} persons, ${name}, as ${role === 'admin' ? 'the district admin' : 'a grid worker'}: ${parts.join(', ')} ms (ID number, phone, name prefix < ${TARGET.p95Ms} ms)${judged ? ` ${verdict(pass)}` : ''}`,
      )
    }
  }
}

const scenario: Scenario = {
  name: 'registry',
  description:
    'registry persons on the demo district: 1,000,000 encrypted persons loaded with COPY (PGlite 20,000); searchPersons by ID number, phone, name, pinyin, initials over HTTP',
  dependsOn: ['ceilings'],
  extraTimeoutMs: 15 * 60_000,
  async run(ctx) {
    const rows: ResultRow[] = []
    const dbs: string[] = []
    const openers = [
      async () => {
        const database = await openPgliteForApp(ctx, 'registry')
        return database ? { database, count: envCount('BENCH_REGISTRY_PERSONS_PGLITE', PLAN.pglite) } : null
      },
      async () =>
        ctx.pg
          ? {
              database: await openPgForApp(ctx.pg, 'registry'),
              count: envCount('BENCH_REGISTRY_PERSONS', PLAN.pg),
            }
          : null,
    ]
    for (const open of openers) {
      const opened = await open()
      if (!opened) continue
      if (opened.count > DAYS * 500) throw new Error(`at most ${DAYS * 500} persons (unique ID numbers)`)
      rows.push(...(await measureOn(ctx, opened.database, opened.count)))
      dbs.push(opened.database.label)
    }
    if (dbs.length === 0)
      ctx.note('registry: no database (no PostgreSQL and BENCH_PGLITE=0): nothing measured')
    if (!dbs.includes('pg'))
      ctx.note("registry: no PostgreSQL: the issue's targets are on PostgreSQL with 1,000,000 persons")
    judgeTargets(ctx, rows, dbs)
    return rows
  },
}

export default scenario
