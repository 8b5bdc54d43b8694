/**
 * The event catalog and the working-day clock (issue 5) on the real app:
 *   1. the pure core, once: `computeDeadline` and `clockState` (packages/core/src/time/deadline.ts)
 *      with the calendar built from the packaged State Council schedules, 200,000 calls each at
 *      random starts in 2025–2026 and random limits of all four units: calls per second, and µs
 *      per call (timed in batches of 100, so p50/p99 are of batch means) — what the deadline
 *      sweeps of issue 6 will pay per case;
 *   2. `seedReferenceData` (the calendars and the default catalog) on an empty migrated database;
 *   3. `POST /api/calendar/deadline`, the console's live preview (7 stage limits a request), from one
 *      client over real HTTP on 127.0.0.1;
 *   4. `GET /api/catalog`, the whole default tree, from one client: latency and bytes;
 *   5. `importCatalog` (`POST /api/catalog/import`, multipart) of a generated 93-major/199-item
 *      workbook as dry run and confirmed, of a 2,000-item workbook as dry run, and `exportCatalog`
 *      (`GET /api/catalog/export`) of the whole catalog: time and bytes.
 * The app runs on PGlite and, when the run has one, on PostgreSQL, in the schema `onegrid_bench`.
 * The issue gives no targets; the scenario prints its own beside the values, PASS or FAIL.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { TDeadlineResult } from '@onegrid/core/api/calendar'
import type { TCatalogImportReport, TCatalogTree, TLimitStage } from '@onegrid/core/api/catalog'
import type { WorkCalendar } from '@onegrid/core/time/calendar'
import type { LimitUnit, TimeLimit } from '@onegrid/core/time/deadline'
import type { App } from '../../packages/server/src/app.ts'
import { type AppDatabase, openPgForApp, openPgliteForApp } from '../lib/app-database.ts'
import { buildBenchApp, fetchJson, signInAdmin } from '../lib/bench-app.ts'
import { onCleanup } from '../lib/cleanup.ts'
import { HttpClients, type HttpLoadResult } from '../lib/http-load.ts'
import { percentile } from '../lib/load.ts'
import { deriveSeed, int, mulberry32, pick, type Random } from '../lib/prng.ts'
import type { BenchContext, ResultRow, Scenario } from '../lib/types.ts'

const DISTRICT = '110120'
/** Pure-core calls per function, and calls per timed batch. */
const CORE_CALLS = 200_000
const CORE_BATCH = 100
/** Starts are drawn from [2025-01-01, 2027-01-01) Beijing time, whole minutes. */
const START_FROM = Date.parse('2025-01-01T00:00:00+08:00')
const START_TO = Date.parse('2027-01-01T00:00:00+08:00')
/** Upper bounds per HTTP phase, whatever BENCH_DURATION_MS says. */
const MAX_PREVIEWS = 2_000
const MAX_TREES = 1_000
/** The generated workbooks: the issue's own district catalog, and one to show scale. */
const OWN_CATALOG = { majors: 93, items: 199 } as const
const LARGE_CATALOG = { majors: 93, items: 2_000 } as const
/** The console's preview of one urgency: the 一般 row of the generated workbook, 7 stages. */
const PREVIEW_LIMITS: ReadonlyArray<{ key: TLimitStage } & TimeLimit> = [
  { key: 'accept', amount: 2, unit: 'working_hours' },
  { key: 'dispatch', amount: 1, unit: 'working_days' },
  { key: 'sign', amount: 4, unit: 'working_hours' },
  { key: 'first_feedback', amount: 3, unit: 'working_days' },
  { key: 'handle', amount: 15, unit: 'working_days' },
  { key: 'verify', amount: 1, unit: 'working_days' },
  { key: 'overall', amount: 20, unit: 'working_days' },
]
/** Ours: the issue gives none. */
const TARGET = {
  previewP99Ms: 50,
  treeP99Ms: 100,
  ownDryRunMs: 5_000,
  deadlineCallsPerSecond: 100_000,
} as const
const ADMIN = { username: 'bench-catalog-admin', password: 'Bench#2026catalog' }
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const kB = (bytes: number): number => bytes / 1000
const fmt = (v: number, digits: number): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

// ------------------------------------------------------------------------------ the pure core

interface CoreCase {
  start: Date
  limit: TimeLimit
  /** The moment clockState is asked about: between the start and 1.25× the time to the deadline. */
  now: Date
}

/** A random limit: working_days 1–20, working_hours 1–40, natural_hours 0.5–72, natural_days 1–30. */
function randomLimit(rand: Random): TimeLimit {
  const unit = pick<LimitUnit>(rand, ['working_days', 'working_hours', 'natural_hours', 'natural_days'])
  switch (unit) {
    case 'working_days':
      return { unit, amount: 1 + int(rand, 20) }
    case 'working_hours':
      return { unit, amount: 1 + int(rand, 40) }
    case 'natural_hours':
      return { unit, amount: (1 + int(rand, 144)) / 2 }
    case 'natural_days':
      return { unit, amount: 1 + int(rand, 30) }
  }
}

/** Runs `call` over all cases in batches; µs per call of each batch, and the total time. */
function timeInBatches(
  cases: readonly CoreCase[],
  call: (c: CoreCase) => number,
): {
  perCallUs: Float64Array
  totalMs: number
  /** CPU time of the process meanwhile (user + system): below totalMs when the thread waited for a CPU. */
  cpuMs: number
  sink: number
} {
  const perCallUs = new Float64Array(Math.ceil(cases.length / CORE_BATCH))
  let totalMs = 0
  let sink = 0
  const cpu0 = process.cpuUsage()
  for (let b = 0; b < perCallUs.length; b++) {
    const from = b * CORE_BATCH
    const to = Math.min(cases.length, from + CORE_BATCH)
    const t0 = performance.now()
    for (let i = from; i < to; i++) {
      const c = cases[i]
      if (c) sink = (sink + call(c)) % 1_000_000_007
    }
    const ms = performance.now() - t0
    totalMs += ms
    perCallUs[b] = (ms * 1000) / (to - from)
  }
  const cpu = process.cpuUsage(cpu0)
  perCallUs.sort()
  return { perCallUs, totalMs, cpuMs: (cpu.user + cpu.system) / 1000, sink }
}

async function measureCore(ctx: BenchContext): Promise<ResultRow[]> {
  const [{ buildCalendar }, { computeDeadline, clockState }, { publishedSchedules }] = await Promise.all([
    import('@onegrid/core/time/calendar'),
    import('@onegrid/core/time/deadline'),
    import('../../packages/server/src/modules/calendar/published.ts'),
  ])
  const b0 = performance.now()
  const schedules = publishedSchedules()
  const calendar: WorkCalendar = buildCalendar({
    days: [...schedules.values()].flat(),
    years: [...schedules.keys()],
  })
  const buildMs = performance.now() - b0
  const years = [...schedules.keys()].sort((a, b) => a - b)
  ctx.log(
    `catalog: core: calendar of ${years.length} published years (${years[0]}–${years[years.length - 1]}) built in ${buildMs.toFixed(1)} ms`,
  )

  // Inputs first, from the run's seed; the deadlines (for clockState's `now`) in an untimed
  // pass that also warms the JIT and the calendar's working-day cache.
  const rand = mulberry32(deriveSeed(ctx.seed, 500_001))
  const minutes = (START_TO - START_FROM) / 60_000
  const cases: CoreCase[] = []
  for (let i = 0; i < CORE_CALLS; i++) {
    const start = new Date(START_FROM + int(rand, minutes) * 60_000)
    const limit = randomLimit(rand)
    const deadline = computeDeadline(calendar, start, limit).getTime()
    if (!(deadline > start.getTime()))
      throw new Error(`computeDeadline gave ${new Date(deadline).toISOString()} for ${start.toISOString()}`)
    const now = new Date(start.getTime() + Math.round(rand() * 1.25 * (deadline - start.getTime())))
    cases.push({ start, limit, now })
  }

  const deadline = timeInBatches(cases, (c) => computeDeadline(calendar, c.start, c.limit).getTime())
  const deadlineRate = (cases.length * 1000) / deadline.totalMs
  // Warm clockState on a tenth of the cases before timing it.
  timeInBatches(cases.slice(0, CORE_CALLS / 10), (c) => clockState(calendar, c.start, c.limit, c.now).used)
  const lights = { green: 0, yellow: 0, red: 0 }
  const state = timeInBatches(cases, (c) => {
    const s = clockState(calendar, c.start, c.limit, c.now)
    lights[s.light]++
    return s.deadline.getTime()
  })
  const stateRate = (cases.length * 1000) / state.totalMs
  if (state.sink !== deadline.sink)
    throw new Error('clockState and computeDeadline disagree on the deadlines')

  // Each unit on its own: the mean cost of one call.
  const unitRows: ResultRow[] = []
  const unitText: string[] = []
  for (const unit of ['working_days', 'working_hours', 'natural_hours', 'natural_days'] as const) {
    const mine = cases.filter((c) => c.limit.unit === unit)
    const r = timeInBatches(mine, (c) => computeDeadline(calendar, c.start, c.limit).getTime())
    const meanUs = (r.totalMs * 1000) / mine.length
    unitRows.push({ metric: `core.deadline.${unit}.mean`, value: meanUs, unit: 'µs' })
    unitText.push(`${unit} ${meanUs.toFixed(2)} µs (${mine.length})`)
  }
  const p = (sorted: Float64Array, q: number): number => percentile(sorted, q)
  ctx.log(
    `catalog: core: computeDeadline ${cases.length} calls in ${Math.round(deadline.totalMs)} ms (${Math.round(deadline.cpuMs)} ms CPU) = ${Math.round(deadlineRate)} calls/s, p50 ${p(deadline.perCallUs, 50).toFixed(2)} µs, p99 ${p(deadline.perCallUs, 99).toFixed(2)} µs; by unit: ${unitText.join(', ')}`,
  )
  ctx.log(
    `catalog: core: clockState ${cases.length} calls in ${Math.round(state.totalMs)} ms (${Math.round(state.cpuMs)} ms CPU) = ${Math.round(stateRate)} calls/s, p99 ${p(state.perCallUs, 99).toFixed(2)} µs; lights ${lights.green} green, ${lights.yellow} yellow, ${lights.red} red`,
  )
  ctx.note(
    `catalog: core: ${fmt(cases.length, 0)} random cases (starts 2025–2026, working_days 1–20, working_hours 1–40, natural_hours 0.5–72, natural_days 1–30, no pauses), calendar of the packaged State Council years ${years[0]}–${years[years.length - 1]} (later years: weekends assumed); p50/p99 are of the mean of ${CORE_BATCH} calls; clockState asked at a moment up to 1.25× the limit (${fmt(lights.green, 0)} green, ${fmt(lights.yellow, 0)} yellow, ${fmt(lights.red, 0)} red)`,
  )
  return [
    { metric: 'core.calendar.build', value: buildMs, unit: 'ms' },
    { metric: 'core.deadline.rate', value: deadlineRate, unit: 'calls/s' },
    {
      metric: 'core.deadline.rate.cpu',
      value: (cases.length * 1000) / deadline.cpuMs,
      unit: 'calls/s',
      ratioTo: 'core.deadline.rate',
    },
    { metric: 'core.deadline.p50', value: p(deadline.perCallUs, 50), unit: 'µs' },
    { metric: 'core.deadline.p99', value: p(deadline.perCallUs, 99), unit: 'µs' },
    { metric: 'core.deadline.count', value: cases.length, unit: 'calls' },
    ...unitRows,
    { metric: 'core.clock_state.rate', value: stateRate, unit: 'calls/s', ratioTo: 'core.deadline.rate' },
    {
      metric: 'core.clock_state.rate.cpu',
      value: (cases.length * 1000) / state.cpuMs,
      unit: 'calls/s',
      ratioTo: 'core.clock_state.rate',
    },
    {
      metric: 'core.clock_state.p50',
      value: p(state.perCallUs, 50),
      unit: 'µs',
      ratioTo: 'core.deadline.p50',
    },
    {
      metric: 'core.clock_state.p99',
      value: p(state.perCallUs, 99),
      unit: 'µs',
      ratioTo: 'core.deadline.p99',
    },
    { metric: 'core.clock_state.count', value: cases.length, unit: 'calls' },
  ]
}

// ------------------------------------------------------------------------------ HTTP helpers

/** One GET with the raw bytes as they came over the wire (Node's fetch would decompress them). */
function getRaw(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; encoding: string; wire: Buffer; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
          wire: Buffer.concat(chunks),
          ms: performance.now() - t0,
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

function describeHttp(label: string, r: HttpLoadResult): string {
  return `${label}: ${r.operations} requests in ${Math.round(r.elapsedMs)} ms = ${r.rate.toFixed(1)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(2)} ms`
}

// ------------------------------------------------------------------------------ the app

interface Workbooks {
  own: Uint8Array
  large: Uint8Array
}

/** The real app on `database`: migrated, reference data seeded (timed), one district. */
async function buildCatalogApp(
  ctx: BenchContext,
  database: AppDatabase,
  dataDir: string,
  rows: ResultRow[],
): Promise<App> {
  const db = database.label
  const [{ seedReferenceData }, { systemClock }, { migrateToLatest }] = await Promise.all([
    import('../../packages/server/src/app.ts'),
    import('../../packages/server/src/platform/clock.ts'),
    import('../../packages/server/src/platform/db/migrate.ts'),
  ])
  const m0 = performance.now()
  const applied = await migrateToLatest(database.handle.db)
  const migrateMs = performance.now() - m0
  ctx.log(`catalog: ${db}: ${applied.length} migration(s) applied in ${Math.round(migrateMs)} ms`)
  const s0 = performance.now()
  await seedReferenceData(database.handle, systemClock)
  const seedMs = performance.now() - s0
  // Idempotent: what every later start pays for it.
  const a0 = performance.now()
  await seedReferenceData(database.handle, systemClock)
  const againMs = performance.now() - a0
  ctx.log(
    `catalog: ${db}: seedReferenceData on the empty migrated database ${Math.round(seedMs)} ms, again (nothing to add) ${Math.round(againMs)} ms`,
  )
  rows.push(
    { metric: `${db}.migrate`, value: migrateMs, unit: 'ms' },
    { metric: `${db}.seed.reference`, value: seedMs, unit: 'ms' },
    { metric: `${db}.seed.again`, value: againMs, unit: 'ms', ratioTo: `${db}.seed.reference` },
  )

  const app = await buildBenchApp(ctx, database, dataDir, 700_005)
  // One district, so that an admin of the whole district (who may import) exists.
  await app.services.areas.saveTree([
    {
      code: DISTRICT,
      name: '云溪区',
      level: 'district',
      parentCode: null,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [116.6, 39.8],
            [116.64, 39.8],
            [116.64, 39.84],
            [116.6, 39.84],
            [116.6, 39.8],
          ],
        ],
      },
    },
  ])
  return app
}

async function measurePreview(
  ctx: BenchContext,
  db: string,
  base: string,
  auth: Record<string, string>,
  clients: HttpClients,
): Promise<ResultRow[]> {
  // One start from the run's seed, a working moment in 2025–2026; every request sends it.
  const rand = mulberry32(deriveSeed(ctx.seed, 500_002))
  const start = new Date(START_FROM + int(rand, (START_TO - START_FROM) / 60_000) * 60_000)
  const body = JSON.stringify({ start: start.toISOString(), limits: PREVIEW_LIMITS })
  const first = await fetchJson<TDeadlineResult>(`${base}/api/calendar/deadline`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body,
  })
  if (first.deadlines.length !== PREVIEW_LIMITS.length)
    throw new Error(`POST /api/calendar/deadline gave ${first.deadlines.length} deadlines`)
  const r = await clients.run({
    url: `${base}/api/calendar/deadline`,
    method: 'POST',
    headers: auth,
    bodies: [body],
    clients: 1,
    warmupMs: ctx.warmupMs,
    durationMs: ctx.durationMs,
    maxRequests: MAX_PREVIEWS,
    expectStatus: 200,
    expectBodyIncludes: '"deadlines"',
  })
  ctx.log(`catalog: ${db}: ${describeHttp('POST /api/calendar/deadline (7 limits), 1 client', r)}`)
  const overall = first.deadlines.find((d) => d.key === 'overall')?.deadline ?? '?'
  ctx.note(
    `catalog: ${db}: preview from ${start.toISOString()}: overall 20 working days → ${overall}${first.assumedYears.length > 0 ? `, assumed years ${first.assumedYears.join(', ')}` : ''}`,
  )
  const p = `${db}.preview.c1`
  return [
    { metric: `${p}.rate`, value: r.rate, unit: 'req/s' },
    { metric: `${p}.p50`, value: r.p50Ms, unit: 'ms' },
    { metric: `${p}.p99`, value: r.p99Ms, unit: 'ms' },
    { metric: `${p}.count`, value: r.operations, unit: 'requests' },
  ]
}

async function measureTree(
  ctx: BenchContext,
  db: string,
  base: string,
  auth: Record<string, string>,
  clients: HttpClients,
): Promise<ResultRow[]> {
  const url = `${base}/api/catalog`
  const plain = await getRaw(url, { ...auth, 'accept-encoding': 'identity' })
  const gzip = await getRaw(url, { ...auth, 'accept-encoding': 'gzip' })
  if (plain.status !== 200 || gzip.status !== 200)
    throw new Error(`GET /api/catalog answered ${plain.status} / ${gzip.status}`)
  if (gzip.encoding !== 'gzip') throw new Error(`GET /api/catalog with gzip came as ${gzip.encoding}`)
  if (!gunzipSync(gzip.wire).equals(plain.wire)) throw new Error('GET /api/catalog: gzip body differs')
  const tree = JSON.parse(plain.wire.toString('utf8')) as TCatalogTree
  const r = await clients.run({
    url,
    method: 'GET',
    // What a browser asks for; the worker's fetch decompresses it, as the browser would.
    headers: { ...auth, 'accept-encoding': 'gzip' },
    bodies: [],
    clients: 1,
    warmupMs: ctx.warmupMs,
    durationMs: ctx.durationMs,
    maxRequests: MAX_TREES,
    expectStatus: 200,
    expectBodyIncludes: `"items":${tree.counts.items}`,
  })
  ctx.log(
    `catalog: ${db}: ${describeHttp(`GET /api/catalog (${tree.counts.majors} majors, ${tree.counts.items} items), 1 client, gzip`, r)}; ${kB(plain.wire.length).toFixed(0)} kB plain, ${kB(gzip.wire.length).toFixed(0)} kB gzip`,
  )
  const p = `${db}.tree`
  return [
    { metric: `${p}.rate`, value: r.rate, unit: 'req/s' },
    { metric: `${p}.p50`, value: r.p50Ms, unit: 'ms' },
    { metric: `${p}.p99`, value: r.p99Ms, unit: 'ms' },
    { metric: `${p}.count`, value: r.operations, unit: 'requests' },
    { metric: `${p}.items`, value: tree.counts.items, unit: 'items' },
    { metric: `${p}.gzip`, value: kB(gzip.wire.length), unit: 'kB', ratioTo: `${p}.plain` },
    { metric: `${p}.plain`, value: kB(plain.wire.length), unit: 'kB' },
  ]
}

/** One `POST /api/catalog/import` as the console sends it (multipart), timed to the whole answer. */
async function importWorkbook(
  base: string,
  auth: Record<string, string>,
  book: Uint8Array,
  fields: Record<string, string>,
): Promise<{ report: TCatalogImportReport; ms: number }> {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  form.append('file', new Blob([book], { type: XLSX_TYPE }), 'catalog.xlsx')
  const t0 = performance.now()
  const report = await fetchJson<TCatalogImportReport>(`${base}/api/catalog/import`, {
    method: 'POST',
    headers: auth,
    body: form,
  })
  return { report, ms: performance.now() - t0 }
}

function describeReport(r: TCatalogImportReport): string {
  const i = r.items
  return `${r.majors.total} majors (${r.majors.added} new), ${i.total} items (${i.added} new, ${i.changed} changed, ${i.unchanged} unchanged), ${r.problems.length} problems, written ${r.written}`
}

async function measureImportExport(
  ctx: BenchContext,
  db: string,
  base: string,
  auth: Record<string, string>,
  books: Workbooks,
): Promise<ResultRow[]> {
  const own = `${OWN_CATALOG.majors}x${OWN_CATALOG.items}`
  const dry = await importWorkbook(base, auth, books.own, {})
  ctx.log(
    `catalog: ${db}: importCatalog ${own} dry run ${Math.round(dry.ms)} ms: ${describeReport(dry.report)}`,
  )
  if (dry.report.problems.length > 0 || dry.report.items.added !== OWN_CATALOG.items) {
    const first = dry.report.problems[0]
    throw new Error(
      `the ${own} dry run reported ${describeReport(dry.report)}${first ? `; first: ${first.sheet} ${first.row} ${first.column} ${first.message}` : ''}`,
    )
  }
  const done = await importWorkbook(base, auth, books.own, { dryRun: 'false', reason: 'bench 事项清单导入' })
  ctx.log(
    `catalog: ${db}: importCatalog ${own} confirmed ${Math.round(done.ms)} ms: ${describeReport(done.report)}`,
  )
  if (!done.report.written) throw new Error(`the confirmed ${own} import wrote nothing`)
  const large = await importWorkbook(base, auth, books.large, {})
  ctx.log(
    `catalog: ${db}: importCatalog ${LARGE_CATALOG.items} items dry run ${Math.round(large.ms)} ms: ${describeReport(large.report)}`,
  )
  if (large.report.items.total !== LARGE_CATALOG.items)
    throw new Error(`the ${LARGE_CATALOG.items}-item dry run read ${large.report.items.total} items`)

  const ex = await getRaw(`${base}/api/catalog/export`, { ...auth, 'accept-encoding': 'identity' })
  if (ex.status !== 200) throw new Error(`GET /api/catalog/export answered ${ex.status}`)
  const tree = await fetchJson<TCatalogTree>(`${base}/api/catalog`, { headers: auth })
  ctx.log(
    `catalog: ${db}: exportCatalog of ${tree.counts.majors} majors, ${tree.counts.items} items: ${Math.round(ex.ms)} ms, ${kB(ex.wire.length).toFixed(0)} kB`,
  )
  ctx.note(
    `catalog: ${db}: importCatalog over HTTP (multipart, as the console sends it): ${own} dry run ${describeReport(dry.report)}; confirmed ${describeReport(done.report)}; ${LARGE_CATALOG.majors}x${LARGE_CATALOG.items} dry run ${describeReport(large.report)}; exportCatalog of ${tree.counts.majors} majors and ${tree.counts.items} items (defaults + the import)`,
  )
  const p = `${db}.import`
  return [
    { metric: `${p}.own.dry`, value: dry.ms, unit: 'ms' },
    { metric: `${p}.own.confirm`, value: done.ms, unit: 'ms', ratioTo: `${p}.own.dry` },
    { metric: `${p}.large.dry`, value: large.ms, unit: 'ms', ratioTo: `${p}.own.dry` },
    { metric: `${p}.large.items`, value: large.report.items.total, unit: 'items' },
    { metric: `${db}.export.time`, value: ex.ms, unit: 'ms' },
    { metric: `${db}.export.size`, value: kB(ex.wire.length), unit: 'kB' },
    { metric: `${db}.export.items`, value: tree.counts.items, unit: 'items' },
  ]
}

/** Everything on one database: app up, measured, app down, schema dropped. */
async function measureOn(ctx: BenchContext, database: AppDatabase, books: Workbooks): Promise<ResultRow[]> {
  const db = database.label
  const dataDir = mkdtempSync(join(tmpdir(), 'onegrid-bench-catalog-'))
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true })
  const unregister = onCleanup('remove the catalog scenario data directory', removeDataDir)
  let app: App | null = null
  let clients: HttpClients | null = null
  const rows: ResultRow[] = []
  try {
    app = await buildCatalogApp(ctx, database, dataDir, rows)
    await app.start()
    await app.http.listen({ port: 0, host: '127.0.0.1' })
    const address = app.http.server.address()
    if (typeof address !== 'object' || address === null) throw new Error('the app is not listening on a port')
    const base = `http://127.0.0.1:${address.port}`
    ctx.log(`catalog: ${db}: app listening on ${base}, database ${database.description}`)
    const auth = { authorization: `Bearer ${await signInAdmin(app, base, DISTRICT, ADMIN)}` }
    clients = await HttpClients.start(`bench-catalog-clients-${db}`)
    rows.push(...(await measurePreview(ctx, db, base, auth, clients)))
    rows.push(...(await measureTree(ctx, db, base, auth, clients)))
    rows.push(...(await measureImportExport(ctx, db, base, auth, books)))
    ctx.note(
      `catalog: ${db}: the app (buildApp) on ${database.description}, on 127.0.0.1, signed in as an admin of ${DISTRICT}; clients in a worker thread`,
    )
    return rows
  } finally {
    // Clean-up failures become notes, so they do not hide the error that got us here.
    try {
      await clients?.close()
      await (app ? app.close() : database.handle.close())
      await database.dispose()
    } catch (error) {
      ctx.note(`catalog: ${db}: clean-up failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    unregister()
    removeDataDir()
  }
}

/** Notes each of our targets beside its measured value, PASS or FAIL. */
function judgeTargets(ctx: BenchContext, rows: ResultRow[], dbs: readonly string[]): void {
  const value = (metric: string): number | undefined => rows.find((r) => r.metric === metric)?.value
  const judge = (
    label: string,
    v: number | undefined,
    limit: number,
    unit: string,
    atMost: boolean,
  ): void => {
    if (v === undefined) return
    const pass = atMost ? v <= limit : v >= limit
    const shown = fmt(v, v < 100 ? 2 : 0)
    ctx.note(
      `catalog: target (ours) ${label}: ${shown} ${unit} (${atMost ? '<=' : '>='} ${fmt(limit, 0)} ${unit}) ${pass ? 'PASS' : 'FAIL'}`,
    )
  }
  judge(
    'computeDeadline throughput (wall clock)',
    value('core.deadline.rate'),
    TARGET.deadlineCallsPerSecond,
    'calls/s',
    false,
  )
  const cpuRate = value('core.deadline.rate.cpu')
  if (cpuRate !== undefined)
    ctx.note(
      `catalog: reported computeDeadline calls per second of the process's CPU time: ${fmt(cpuRate, 0)} (user + system, GC threads included); close to the wall-clock rate when the thread seldom waited for a CPU`,
    )
  for (const db of dbs) {
    const name = db === 'pg' ? 'PostgreSQL' : 'PGlite'
    judge(`deadline preview p99, ${name}`, value(`${db}.preview.c1.p99`), TARGET.previewP99Ms, 'ms', true)
    judge(`catalog tree p99, ${name}`, value(`${db}.tree.p99`), TARGET.treeP99Ms, 'ms', true)
    judge(
      `${OWN_CATALOG.majors}×${OWN_CATALOG.items} import dry run, ${name}`,
      value(`${db}.import.own.dry`),
      TARGET.ownDryRunMs,
      'ms',
      true,
    )
  }
}

const scenario: Scenario = {
  name: 'catalog',
  description:
    'computeDeadline/clockState on the State Council calendar; seedReferenceData; deadline preview and catalog tree over HTTP; catalog import/export (targets are ours, the issue gives none)',
  async run(ctx) {
    const rows: ResultRow[] = []
    rows.push(...(await measureCore(ctx)))

    // The workbooks once, for every database (ExcelJS, written cell by cell).
    const { ownCatalogWorkbook } = await import('../../packages/server/src/modules/catalog/test-workbook.ts')
    const w0 = performance.now()
    const books: Workbooks = {
      own: await ownCatalogWorkbook(OWN_CATALOG),
      large: await ownCatalogWorkbook(LARGE_CATALOG),
    }
    ctx.log(
      `catalog: workbooks generated in ${Math.round(performance.now() - w0)} ms: ${OWN_CATALOG.majors}x${OWN_CATALOG.items} ${kB(books.own.length).toFixed(0)} kB, ${LARGE_CATALOG.majors}x${LARGE_CATALOG.items} ${kB(books.large.length).toFixed(0)} kB`,
    )
    rows.push(
      { metric: 'workbook.own.size', value: kB(books.own.length), unit: 'kB' },
      { metric: 'workbook.large.size', value: kB(books.large.length), unit: 'kB' },
    )

    const dbs: string[] = []
    const openers = [
      () => openPgliteForApp(ctx, 'catalog'),
      async () => (ctx.pg ? openPgForApp(ctx.pg, 'catalog') : null),
    ]
    for (const open of openers) {
      const database = await open()
      if (!database) continue
      rows.push(...(await measureOn(ctx, database, books)))
      dbs.push(database.label)
    }
    if (dbs.length === 0)
      ctx.note('catalog: no database (no PostgreSQL and BENCH_PGLITE=0): only the core measured')
    else if (!dbs.includes('pglite'))
      ctx.note('catalog: PGlite off (BENCH_PGLITE=0): its part was not measured')
    judgeTargets(ctx, rows, dbs)
    return rows
  },
}

export default scenario
