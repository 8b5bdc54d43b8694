/**
 * The one grid network (issue 4) on the real app with the demo district 云溪区 (110120, 1,809 grids):
 *   1. generating the demo district (`demoAreaTree`, PostGIS Voronoi tessellations) and loading it
 *      (`saveTree`): what the first start spends on it;
 *   2. the topology check of all grids (`GET /api/grids/topology`, validateGrids): duration, and
 *      zero overlaps and zero gaps — the scenario fails when the demo is not clean;
 *   3. the district's boundaries for the map (`GET /api/areas/geojson`) at district zoom and
 *      closer: bytes on the wire with gzip and with brotli, uncompressed, features;
 *   4. `GET /api/grids/locate` (locateGrid) at random points of the district's bounding box from a
 *      fixed seed: one client, then 8 at once; located vs 404;
 *   5. `POST /api/grids/locate-batch` with 20,000 points a request, and `GridLocator.locateMany`
 *      called directly with the same points: points per second.
 * The app runs on PGlite (the default deployment) and, when the run has one, on PostgreSQL too,
 * listening on 127.0.0.1; the HTTP clients run in worker threads. Every target of the issue is
 * printed as a note beside the measured value, with PASS or FAIL.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type { TTopologyReport } from '@onegrid/core/api/grids'
import type { App } from '../../packages/server/src/app.ts'
import { type AppDatabase, openPgForApp, openPgliteForApp } from '../lib/app-database.ts'
import { buildBenchApp, fetchJson, signInAdmin } from '../lib/bench-app.ts'
import { onCleanup } from '../lib/cleanup.ts'
import { HttpClients, type HttpLoadResult, type HttpLoadSpec } from '../lib/http-load.ts'
import { percentile } from '../lib/load.ts'
import { deriveSeed, mulberry32, type Random } from '../lib/prng.ts'
import { formatValue } from '../lib/report.ts'
import type { BenchContext, ResultRow, Scenario } from '../lib/types.ts'

const DISTRICT = '110120'
/** Distinct random points the single lookups cycle through. */
const LOCATE_POINTS = 4_096
/** Concurrent lookup clients of the second phase. */
const LOCATE_CLIENTS = 8
/** Points per batch request (the API's maximum). */
const BATCH_POINTS = 20_000
/** Upper bounds per phase, whatever BENCH_DURATION_MS says. */
const MAX_LOCATES = 50_000
const MAX_BATCHES = 20
const MAX_SERVICE_BATCHES = 20
/** The boundary downloads measured: [label, query]. */
const GEOJSON_VARIANTS = [
  ['grid.z10', 'level=grid&zoom=10'],
  ['grid.z11', 'level=grid&zoom=11'],
  ['grid.z12', 'level=grid&zoom=12'],
  ['grid.full', 'level=grid'],
  ['community.z10', 'level=community&zoom=10'],
] as const
/** The issue's targets. */
const TARGET = {
  locateP99Ms: 10,
  batchPointsPerSecond: 20_000,
  districtKB: 300,
  topologyMs: 10_000,
} as const
const ADMIN = { username: 'bench-grid-admin', password: 'Bench#2026grid' }

type BBox = readonly [west: number, south: number, east: number, north: number]
type Point = readonly [number, number]

/** Random points in the box, 6 decimals (about 0.1 m), as a client would send them. */
function randomPoints(rand: Random, box: BBox, count: number): Point[] {
  const [w, s, e, n] = box
  const at = (min: number, max: number): number => Number((min + rand() * (max - min)).toFixed(6))
  return Array.from({ length: count }, (): Point => [at(w, e), at(s, n)])
}

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

function decode(encoding: string, wire: Buffer): Buffer {
  if (encoding === 'gzip') return gunzipSync(wire)
  if (encoding === 'br') return brotliDecompressSync(wire)
  if (encoding === 'identity') return wire
  throw new Error(`unexpected content-encoding ${encoding}`)
}

const kB = (bytes: number): number => bytes / 1000

function describeHttp(label: string, r: HttpLoadResult, unit: string): string {
  return `${label}: ${r.operations} ${unit} in ${Math.round(r.elapsedMs)} ms = ${r.rate.toFixed(1)} ${unit}/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(2)} ms`
}

/** One database's measurements: its rows and what the targets and the final check need. */
interface Measured {
  rows: ResultRow[]
  /** Topology problems that must not exist in the demo (overlaps, gaps), as text; empty when clean. */
  dirty: string[]
}

/** The real app on `database`, migrated, with the demo district generated and loaded. */
async function buildGridApp(
  ctx: BenchContext,
  database: AppDatabase,
  dataDir: string,
  rows: ResultRow[],
): Promise<App> {
  const db = database.label
  const [{ migrateToLatest }, { demoAreaTree }] = await Promise.all([
    import('../../packages/server/src/platform/db/migrate.ts'),
    import('../../packages/server/src/modules/areas/demo.ts'),
  ])
  const t0 = performance.now()
  const applied = await migrateToLatest(database.handle.db)
  ctx.log(`grid: ${db}: ${applied.length} migration(s) applied in ${Math.round(performance.now() - t0)} ms`)
  const app = await buildBenchApp(ctx, database, dataDir, 700_004)

  // The demo district with its own seed: what `npm start` shows on first run.
  const g0 = performance.now()
  const nodes = await demoAreaTree(app.database.db)
  const generateMs = performance.now() - g0
  const byLevel = new Map<string, number>()
  for (const n of nodes) byLevel.set(n.level, (byLevel.get(n.level) ?? 0) + 1)
  const levels = [...byLevel].map(([level, n]) => `${n} ${level}`).join(', ')
  ctx.log(
    `grid: ${db}: demoAreaTree generated ${nodes.length} areas (${levels}) in ${Math.round(generateMs)} ms`,
  )
  const l0 = performance.now()
  await app.services.areas.saveTree(nodes)
  const loadMs = performance.now() - l0
  ctx.log(`grid: ${db}: saveTree loaded them in ${Math.round(loadMs)} ms`)
  const grids = byLevel.get('grid') ?? 0
  if (grids !== 1_809)
    ctx.note(`grid: ${db}: the demo district has ${grids} grids, not the 1,809 of the issue`)
  rows.push(
    { metric: `${db}.demo.generate`, value: generateMs, unit: 'ms' },
    { metric: `${db}.demo.load`, value: loadMs, unit: 'ms' },
    { metric: `${db}.demo.grids`, value: grids, unit: 'grids' },
    { metric: `${db}.demo.communities`, value: byLevel.get('community') ?? 0, unit: 'areas' },
    { metric: `${db}.demo.streets`, value: byLevel.get('street') ?? 0, unit: 'areas' },
  )
  return app
}

async function measureTopology(
  ctx: BenchContext,
  db: string,
  base: string,
  auth: Record<string, string>,
): Promise<Measured> {
  const t0 = performance.now()
  const report = await fetchJson<TTopologyReport>(`${base}/api/grids/topology?under=${DISTRICT}&level=grid`, {
    headers: auth,
  })
  const ms = performance.now() - t0
  const count = (kind: keyof TTopologyReport['counts']): number => report.counts[kind] ?? 0
  const others = Object.entries(report.counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([kind, n]) => `${n} ${kind}`)
  ctx.log(
    `grid: ${db}: topology of ${report.checked} grids in ${Math.round(ms)} ms over HTTP (${Math.round(report.durationMs)} ms in the checker): ${others.length > 0 ? others.join(', ') : 'no problems'}`,
  )
  const dirty: string[] = []
  for (const kind of ['overlap', 'gap'] as const) {
    const found = report.problems.filter((p) => p.kind === kind)
    if (count(kind) > 0) {
      const examples = found
        .slice(0, 3)
        .map((p) => `${p.codes.join('/')} ${Math.round(p.areaM2 ?? 0)} m²`)
        .join('; ')
      dirty.push(`${db}: ${count(kind)} ${kind}(s), e.g. ${examples}`)
    }
  }
  if (others.length > 0) ctx.note(`grid: ${db}: the topology check of the demo reported ${others.join(', ')}`)
  return {
    dirty,
    rows: [
      { metric: `${db}.topology.time`, value: ms, unit: 'ms' },
      {
        metric: `${db}.topology.checker`,
        value: report.durationMs,
        unit: 'ms',
        ratioTo: `${db}.topology.time`,
      },
      { metric: `${db}.topology.checked`, value: report.checked, unit: 'grids' },
      { metric: `${db}.topology.overlaps`, value: count('overlap'), unit: 'problems' },
      { metric: `${db}.topology.gaps`, value: count('gap'), unit: 'problems' },
    ],
  }
}

async function measureGeojson(ctx: BenchContext, db: string, base: string): Promise<ResultRow[]> {
  const rows: ResultRow[] = []
  for (const [label, query] of GEOJSON_VARIANTS) {
    const url = `${base}/api/areas/geojson?${query}`
    const sizes: Record<string, number> = {}
    let features = -1
    let plain: Buffer | null = null
    let gzipMs = 0
    for (const encoding of ['identity', 'gzip', 'br'] as const) {
      const r = await getRaw(url, { 'accept-encoding': encoding })
      if (r.status !== 200) throw new Error(`GET /api/areas/geojson?${query} answered ${r.status}`)
      if (r.encoding !== encoding) {
        throw new Error(
          `GET /api/areas/geojson?${query} with accept-encoding ${encoding} came as ${r.encoding} (${r.wire.length} bytes)`,
        )
      }
      const body = decode(r.encoding, r.wire)
      if (plain === null) {
        plain = body
        features = (JSON.parse(body.toString('utf8')) as { features: unknown[] }).features.length
      } else if (!body.equals(plain)) {
        throw new Error(`GET /api/areas/geojson?${query}: the ${encoding} body differs from the plain one`)
      }
      if (encoding === 'gzip') gzipMs = r.ms
      sizes[encoding] = r.wire.length
    }
    const p = `${db}.geojson.${label}`
    ctx.log(
      `grid: ${db}: geojson ${query}: ${features} features, ${kB(sizes.identity ?? 0).toFixed(0)} kB plain, ${kB(sizes.gzip ?? 0).toFixed(0)} kB gzip (${Math.round(gzipMs)} ms), ${kB(sizes.br ?? 0).toFixed(0)} kB br`,
    )
    rows.push(
      { metric: `${p}.gzip`, value: kB(sizes.gzip ?? 0), unit: 'kB', ratioTo: `${p}.plain` },
      { metric: `${p}.br`, value: kB(sizes.br ?? 0), unit: 'kB', ratioTo: `${p}.plain` },
      { metric: `${p}.plain`, value: kB(sizes.identity ?? 0), unit: 'kB' },
      { metric: `${p}.features`, value: features, unit: 'features' },
    )
    if (label === 'grid.z10') rows.push({ metric: `${p}.gzip.time`, value: gzipMs, unit: 'ms' })
  }
  return rows
}

/**
 * `GridLocator.locate` called directly, one after another, for half a load phase: the lookup's own
 * cost, without HTTP and without resolving the caller (two more queries per request).
 */
async function measureLocateService(
  ctx: BenchContext,
  db: string,
  app: App,
  points: readonly Point[],
): Promise<{ rows: ResultRow[]; located: number; missed: number }> {
  const [{ GridLocator }, { NotFound }] = await Promise.all([
    import('../../packages/server/src/modules/areas/locate.ts'),
    import('../../packages/server/src/platform/http/errors.ts'),
  ])
  const locator = new GridLocator(app.database.db)
  const scope = { areaPaths: [DISTRICT], unitIds: [] }
  let located = 0
  let missed = 0
  const once = async (i: number): Promise<void> => {
    const [lng, lat] = points[i % points.length] ?? [0, 0]
    try {
      await locator.locate(scope, lng, lat, null)
      located++
    } catch (error) {
      if (!(error instanceof NotFound)) throw error
      missed++
    }
  }
  const warmupEnd = performance.now() + ctx.warmupMs
  let i = 0
  while (performance.now() < warmupEnd && i < MAX_LOCATES) await once(i++)
  located = 0
  missed = 0
  const samples: number[] = []
  const started = performance.now()
  const end = started + Math.max(100, ctx.durationMs / 2)
  while (performance.now() < end && samples.length < MAX_LOCATES) {
    const t0 = performance.now()
    await once(i++)
    samples.push(performance.now() - t0)
  }
  const elapsed = performance.now() - started
  const sorted = Float64Array.from(samples).sort()
  const p50 = percentile(sorted, 50)
  const p99 = percentile(sorted, 99)
  ctx.log(
    `grid: ${db}: GridLocator.locate directly: ${samples.length} lookups in ${Math.round(elapsed)} ms, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; ${located} located, ${missed} not found`,
  )
  const p = `${db}.locate.service`
  return {
    located,
    missed,
    rows: [
      { metric: `${p}.rate`, value: (samples.length * 1000) / elapsed, unit: 'req/s' },
      { metric: `${p}.p50`, value: p50, unit: 'ms' },
      { metric: `${p}.p99`, value: p99, unit: 'ms' },
      { metric: `${p}.count`, value: samples.length, unit: 'requests' },
    ],
  }
}

async function measureLocate(
  ctx: BenchContext,
  db: string,
  app: App,
  base: string,
  auth: Record<string, string>,
  points: readonly Point[],
  clients: HttpClients,
): Promise<ResultRow[]> {
  const service = await measureLocateService(ctx, db, app, points)
  const spec = (n: number): HttpLoadSpec => ({
    url: `${base}/api/grids/locate`,
    urls: points.map(([lng, lat]) => `${base}/api/grids/locate?lng=${lng}&lat=${lat}`),
    method: 'GET',
    headers: auth,
    bodies: [],
    clients: n,
    warmupMs: ctx.warmupMs,
    durationMs: ctx.durationMs,
    maxRequests: MAX_LOCATES,
    expectStatus: [200, 404],
  })
  const c1 = await clients.run(spec(1))
  ctx.log(`grid: ${db}: ${describeHttp('GET /api/grids/locate, 1 client', c1, 'requests')}`)
  const cN = await clients.run(spec(LOCATE_CLIENTS))
  ctx.log(`grid: ${db}: ${describeHttp(`GET /api/grids/locate, ${LOCATE_CLIENTS} clients`, cN, 'requests')}`)
  const located = (r: HttpLoadResult): number => r.statuses['200'] ?? 0
  const missed = (r: HttpLoadResult): number => r.statuses['404'] ?? 0
  ctx.note(
    `grid: ${db}: locateGrid at ${points.length} random points of the district's bounding box: one client ${located(c1)} located, ${missed(c1)} answered 404; ${LOCATE_CLIENTS} clients ${located(cN)} located, ${missed(cN)} answered 404; called directly ${service.located} located, ${service.missed} not found`,
  )
  const p1 = `${db}.locate.c1`
  const pN = `${db}.locate.c${LOCATE_CLIENTS}`
  const ps = `${db}.locate.service`
  return [
    ...service.rows,
    { metric: `${p1}.rate`, value: c1.rate, unit: 'req/s', ratioTo: `${ps}.rate` },
    { metric: `${p1}.p50`, value: c1.p50Ms, unit: 'ms', ratioTo: `${ps}.p50` },
    { metric: `${p1}.p99`, value: c1.p99Ms, unit: 'ms', ratioTo: `${ps}.p99` },
    { metric: `${p1}.count`, value: c1.operations, unit: 'requests' },
    { metric: `${p1}.located`, value: (100 * located(c1)) / Math.max(1, c1.operations), unit: '%' },
    { metric: `${pN}.rate`, value: cN.rate, unit: 'req/s', ratioTo: `${p1}.rate` },
    { metric: `${pN}.p50`, value: cN.p50Ms, unit: 'ms', ratioTo: `${p1}.p50` },
    { metric: `${pN}.p99`, value: cN.p99Ms, unit: 'ms', ratioTo: `${p1}.p99` },
    { metric: `${pN}.count`, value: cN.operations, unit: 'requests' },
  ]
}

async function measureBatch(
  ctx: BenchContext,
  db: string,
  app: App,
  base: string,
  auth: Record<string, string>,
  points: readonly Point[],
  clients: HttpClients,
): Promise<ResultRow[]> {
  // The service itself, on the server's thread with nothing else running.
  const { GridLocator } = await import('../../packages/server/src/modules/areas/locate.ts')
  const locator = new GridLocator(app.database.db)
  const scope = { areaPaths: [DISTRICT], unitIds: [] }
  const first = await locator.locateMany(scope, points, null)
  const samples: number[] = []
  const started = performance.now()
  while (samples.length < MAX_SERVICE_BATCHES) {
    if (samples.length >= 2 && performance.now() - started > ctx.durationMs) break
    const t0 = performance.now()
    const result = await locator.locateMany(scope, points, null)
    samples.push(performance.now() - t0)
    if (result.located !== first.located)
      throw new Error(`locateMany located ${result.located} points, before ${first.located}`)
  }
  const sorted = Float64Array.from(samples).sort()
  const serviceMs = percentile(sorted, 50)
  const serviceRate = (points.length * samples.length * 1000) / samples.reduce((a, b) => a + b, 0)
  ctx.log(
    `grid: ${db}: GridLocator.locateMany, ${points.length} points × ${samples.length}: p50 ${serviceMs.toFixed(0)} ms a batch = ${serviceRate.toFixed(0)} points/s; ${first.located} located, ${first.missed} outside`,
  )

  const http = await clients.run({
    url: `${base}/api/grids/locate-batch`,
    method: 'POST',
    headers: auth,
    bodies: [JSON.stringify({ points })],
    clients: 1,
    // The service calls above warmed the query; a warm-up request would add seconds for nothing.
    warmupMs: 0,
    durationMs: ctx.durationMs,
    maxRequests: MAX_BATCHES,
    expectStatus: 200,
    expectBodyIncludes: `"located":${first.located}`,
  })
  const httpRate = http.rate * points.length
  ctx.log(
    `grid: ${db}: ${describeHttp(`POST /api/grids/locate-batch (${points.length} points)`, http, 'requests')} = ${httpRate.toFixed(0)} points/s`,
  )
  ctx.note(
    `grid: ${db}: batch locate of ${points.length} random points of the bounding box: ${first.located} located, ${first.missed} outside every grid`,
  )
  return [
    {
      metric: `${db}.batch.http.rate`,
      value: httpRate,
      unit: 'points/s',
      ratioTo: `${db}.batch.service.rate`,
    },
    { metric: `${db}.batch.http.p50`, value: http.p50Ms, unit: 'ms', ratioTo: `${db}.batch.service.p50` },
    { metric: `${db}.batch.http.count`, value: http.operations, unit: 'requests' },
    { metric: `${db}.batch.service.rate`, value: serviceRate, unit: 'points/s' },
    { metric: `${db}.batch.service.p50`, value: serviceMs, unit: 'ms' },
    { metric: `${db}.batch.service.count`, value: samples.length, unit: 'batches' },
    { metric: `${db}.batch.located`, value: (100 * first.located) / points.length, unit: '%' },
  ]
}

/** Everything on one database: app up, demo loaded, measured, app down, schema dropped. */
async function measureOn(ctx: BenchContext, database: AppDatabase): Promise<Measured> {
  const db = database.label
  const dataDir = mkdtempSync(join(tmpdir(), 'onegrid-bench-grid-'))
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true })
  const unregister = onCleanup('remove the grid scenario data directory', removeDataDir)
  let app: App | null = null
  const rows: ResultRow[] = []
  let clients: HttpClients | null = null
  try {
    app = await buildGridApp(ctx, database, dataDir, rows)
    await app.start()
    await app.http.listen({ port: 0, host: '127.0.0.1' })
    const address = app.http.server.address()
    if (typeof address !== 'object' || address === null) throw new Error('the app is not listening on a port')
    const base = `http://127.0.0.1:${address.port}`
    ctx.log(`grid: ${db}: app listening on ${base}, database ${database.description}`)
    const auth = { authorization: `Bearer ${await signInAdmin(app, base, DISTRICT, ADMIN)}` }

    const district = await fetchJson<{ bbox: BBox | null }>(`${base}/api/areas/${DISTRICT}`, {})
    if (!district.bbox) throw new Error(`area ${DISTRICT} has no boundary`)
    const box = district.bbox
    // The same points on every database, from the run's seed.
    const singles = randomPoints(mulberry32(deriveSeed(ctx.seed, 400_001)), box, LOCATE_POINTS)
    const batch = randomPoints(mulberry32(deriveSeed(ctx.seed, 400_002)), box, BATCH_POINTS)

    const topology = await measureTopology(ctx, db, base, auth)
    rows.push(...topology.rows)
    rows.push(...(await measureGeojson(ctx, db, base)))
    clients = await HttpClients.start(`bench-grid-clients-${db}`)
    rows.push(...(await measureLocate(ctx, db, app, base, auth, singles, clients)))
    rows.push(...(await measureBatch(ctx, db, app, base, auth, batch, clients)))
    ctx.note(
      `grid: ${db}: the app (buildApp) on ${database.description}, on 127.0.0.1, signed in as an admin of ${DISTRICT}; bounding box ${box.map((v) => v.toFixed(4)).join(', ')}; clients in a worker thread`,
    )
    return { rows, dirty: topology.dirty }
  } finally {
    // Clean-up failures become notes, so they do not hide the error that got us here.
    try {
      await clients?.close()
      await (app ? app.close() : database.handle.close())
      await database.dispose()
    } catch (error) {
      ctx.note(`grid: ${db}: clean-up failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    unregister()
    removeDataDir()
  }
}

/** Notes each target beside its measured value, PASS or FAIL. */
function judgeTargets(ctx: BenchContext, rows: ResultRow[], dbs: readonly string[]): void {
  const value = (metric: string): number | undefined => rows.find((r) => r.metric === metric)?.value
  const fmt = (v: number, digits: number): string =>
    v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
  const judge = (label: string, v: number | undefined, pass: (v: number) => boolean, shown: string): void => {
    if (v === undefined) return
    ctx.note(
      `grid: target ${label}: ${shown.replace('%v', fmt(v, v < 100 ? 2 : 0))} ${pass(v) ? 'PASS' : 'FAIL'}`,
    )
  }
  for (const db of dbs) {
    const name = db === 'pg' ? 'PostgreSQL' : 'PGlite'
    judge(
      `locateGrid p99, sequential, ${name}`,
      value(`${db}.locate.c1.p99`),
      (v) => v < TARGET.locateP99Ms,
      `%v ms (< ${TARGET.locateP99Ms} ms)`,
    )
    const c8 = value(`${db}.locate.c${LOCATE_CLIENTS}.p99`)
    if (c8 !== undefined)
      ctx.note(`grid: reported locateGrid p99, ${LOCATE_CLIENTS} connections, ${name}: ${fmt(c8, 2)} ms`)
    judge(
      `batch locate over HTTP, ${name}`,
      value(`${db}.batch.http.rate`),
      (v) => v >= TARGET.batchPointsPerSecond,
      `%v points/s (>= ${fmt(TARGET.batchPointsPerSecond, 0)})`,
    )
    judge(
      `batch locate, GridLocator.locateMany, ${name}`,
      value(`${db}.batch.service.rate`),
      (v) => v >= TARGET.batchPointsPerSecond,
      `%v points/s (>= ${fmt(TARGET.batchPointsPerSecond, 0)})`,
    )
    for (const encoding of ['gzip', 'br'] as const) {
      judge(
        `district's grids at zoom 10 over the wire (${encoding}), ${name}`,
        value(`${db}.geojson.grid.z10.${encoding}`),
        (v) => v < TARGET.districtKB,
        `%v kB (< ${TARGET.districtKB} kB)`,
      )
    }
    const overlaps = value(`${db}.topology.overlaps`)
    const gaps = value(`${db}.topology.gaps`)
    judge(
      `topology check of ${fmt(value(`${db}.topology.checked`) ?? 0, 0)} grids, ${name}`,
      value(`${db}.topology.time`),
      (v) => v < TARGET.topologyMs,
      `%v ms (< ${fmt(TARGET.topologyMs, 0)} ms)`,
    )
    if (overlaps !== undefined && gaps !== undefined) {
      ctx.note(
        `grid: target zero overlaps and zero gaps in the demo, ${name}: ${overlaps} overlaps, ${gaps} gaps ${overlaps === 0 && gaps === 0 ? 'PASS' : 'FAIL'}`,
      )
    }
  }
}

const scenario: Scenario = {
  name: 'grid',
  description: `demo district generate/load; validateGrids; boundary GeoJSON sizes; locateGrid at 1 and ${LOCATE_CLIENTS} clients; batch locate`,
  async run(ctx) {
    const rows: ResultRow[] = []
    const dirty: string[] = []
    const dbs: string[] = []
    // PGlite first: the default deployment, where the issue's targets apply.
    const openers = [
      () => openPgliteForApp(ctx, 'grid'),
      async () => (ctx.pg ? openPgForApp(ctx.pg, 'grid') : null),
    ]
    for (const open of openers) {
      const database = await open()
      if (!database) continue
      const measured = await measureOn(ctx, database)
      rows.push(...measured.rows)
      dirty.push(...measured.dirty)
      dbs.push(database.label)
    }
    if (dbs.length === 0) {
      ctx.note('grid: no database (no PostgreSQL and BENCH_PGLITE=0): nothing measured')
      return rows
    }
    if (!dbs.includes('pglite')) ctx.note('grid: PGlite off (BENCH_PGLITE=0): its targets were not measured')
    judgeTargets(ctx, rows, dbs)
    if (dirty.length > 0) {
      // The runner prints no rows of a failed scenario: keep them in the log.
      for (const r of rows) ctx.log(`grid: ${r.metric} = ${formatValue(r.value, r.unit)} ${r.unit}`)
      throw new Error(
        `the demo district is not clean: ${dirty.join(' | ')} (the measurements above are in the log)`,
      )
    }
    return rows
  },
}

export default scenario
