/**
 * OneGrid benchmark runner: `npm run bench [-- <scenario> ...]`.
 *
 * Picks the database (BENCH_DATABASE_URL, else a throwaway PostgreSQL cluster, else PGlite only),
 * runs the scenarios in bench/scenarios/ (all, or those named on the command line plus what they
 * depend on), prints one table with ratios to baselines measured in the same run, and writes
 * bench/results/latest.json. See README.md.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { exitNow, installExitHandlers, runCleanup } from './lib/cleanup.ts'
import { DEFAULT_PG_BIN } from './lib/cluster.ts'
import { openTargets } from './lib/database.ts'
import { describeMachine } from './lib/machine.ts'
import {
  formatValue,
  type ResolvedRow,
  resolveRatios,
  resultsTable,
  round,
  type ScenarioResult,
  table,
} from './lib/report.ts'
import { type BenchContext, isScenario, type PgliteTarget, type Scenario } from './lib/types.ts'

const HERE = import.meta.dirname
const runStarted = performance.now()

function log(message: string): void {
  const seconds = ((performance.now() - runStarted) / 1000).toFixed(1).padStart(5)
  process.stderr.write(`[bench ${seconds} s] ${message}\n`)
}

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw.replaceAll('_', ''))
  if (!Number.isInteger(value) || value < min)
    exitNow(2, `bench: ${name}=${raw} must be an integer >= ${min}`)
  return value
}

function envFlag(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return fallback
  return !['0', 'false', 'no', 'off'].includes(raw)
}

function envList(name: string, fallback: number[]): number[] {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const values = raw.split(',').map((s) => Number(s.trim()))
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) {
    exitNow(2, `bench: ${name}=${raw} must be a comma-separated list of positive integers`)
  }
  return values
}

async function discoverScenarios(): Promise<Map<string, Scenario>> {
  const dir = join(HERE, 'scenarios')
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts') && !f.startsWith('_'))
    .sort()
  const scenarios = new Map<string, Scenario>()
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(join(dir, file)).href)
    const candidate =
      typeof mod === 'object' && mod !== null ? (mod as { default?: unknown }).default : undefined
    if (!isScenario(candidate))
      throw new Error(`scenarios/${file} must export default { name, description, run(ctx) }`)
    if (candidate.name !== basename(file, '.ts')) {
      throw new Error(`scenarios/${file} exports name '${candidate.name}'; it must match the file name`)
    }
    scenarios.set(candidate.name, candidate)
  }
  return scenarios
}

/** The named scenarios (all when none) plus their dependencies, dependencies first. */
function plan(all: Map<string, Scenario>, names: string[]): { order: Scenario[]; added: string[] } {
  const unknown = names.filter((n) => !all.has(n))
  if (unknown.length > 0) {
    exitNow(2, `bench: unknown scenario(s) ${unknown.join(', ')}; available: ${[...all.keys()].join(', ')}`)
  }
  const wanted = names.length > 0 ? names : [...all.keys()]
  const order: Scenario[] = []
  const added: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string, requestedBy: string | null): void => {
    const scenario = all.get(name)
    if (!scenario) exitNow(2, `bench: scenario ${requestedBy} depends on unknown scenario ${name}`)
    if (state.get(name) === 'done') return
    if (state.get(name) === 'visiting') exitNow(2, `bench: scenario dependency cycle through ${name}`)
    state.set(name, 'visiting')
    for (const dep of [...(scenario.dependsOn ?? [])].sort()) visit(dep, name)
    state.set(name, 'done')
    order.push(scenario)
    if (!wanted.includes(name)) added.push(name)
  }
  for (const name of [...wanted].sort()) visit(name, null)
  return { order, added }
}

function usage(all: Map<string, Scenario>): string {
  const list = [...all.values()].map((s) => `  ${s.name.padEnd(14)} ${s.description}`).join('\n')
  return `usage: npm run bench [-- <scenario> ...]\n\nscenarios:\n${list}\n\nenvironment: see bench/README.md`
}

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const all = await discoverScenarios()
  if (args.includes('--help') || args.includes('-h') || args.includes('--list')) {
    process.stdout.write(`${usage(all)}\n`)
    return 0
  }
  const flags = args.filter((a) => a.startsWith('-'))
  if (flags.length > 0) exitNow(2, `bench: unknown option(s) ${flags.join(' ')}\n${usage(all)}`)
  const { order, added } = plan(all, args)

  const settings = {
    seed: envInt('BENCH_SEED', 20261122, 0),
    durationMs: envInt('BENCH_DURATION_MS', 5000, 100),
    warmupMs: envInt('BENCH_WARMUP_MS', 500, 0),
    copyRows: envInt('BENCH_COPY_ROWS', 200_000, 1),
    concurrency: envList('BENCH_CONCURRENCY', [1, 8, 32]),
    // Longer scenarios (cases) add their own allowance to the default.
    timeoutMs: envInt(
      'BENCH_TIMEOUT_MS',
      300_000 + order.reduce((sum, s) => sum + (s.extraTimeoutMs ?? 0), 0),
      1000,
    ),
  }
  installExitHandlers(settings.timeoutMs)

  const notes: string[] = []
  const note = (message: string): void => {
    if (!notes.includes(message)) notes.push(message)
    log(`note: ${message}`)
  }
  if (added.length > 0) note(`also ran ${added.join(', ')}: the chosen scenarios take baselines from it`)

  const machine = describeMachine()
  const startedAt = new Date()
  const pgBin = process.env.BENCH_PG_BIN?.trim() || DEFAULT_PG_BIN
  const targets = await openTargets({
    databaseUrl: process.env.BENCH_DATABASE_URL?.trim() || undefined,
    cluster: envFlag('BENCH_CLUSTER', true),
    pgBin,
    serverOptions: process.env.BENCH_PG_SERVER_OPTIONS?.trim() ?? '',
    pglite: envFlag('BENCH_PGLITE', true),
    pglitePostgis: envFlag('BENCH_PGLITE_POSTGIS', true),
    log,
    note,
  })
  log(`database: ${targets.reason}`)
  if (!targets.pg) note(`PGlite only: ${targets.reason}`)

  const results: ScenarioResult[] = []
  let pgliteTarget: PgliteTarget | null = null
  const pgliteGet = targets.pglite
  const ctx: BenchContext = {
    seed: settings.seed,
    durationMs: settings.durationMs,
    warmupMs: settings.warmupMs,
    copyRows: settings.copyRows,
    concurrency: settings.concurrency,
    pg: targets.pg,
    pglite: pgliteGet
      ? async () => {
          pgliteTarget = await pgliteGet()
          return pgliteTarget
        }
      : null,
    log,
    note,
    measured: (name) => {
      for (const s of results) for (const r of s.rows) if (`${s.name}/${r.metric}` === name) return r.value
      return undefined
    },
  }

  try {
    for (const scenario of order) {
      log(`scenario ${scenario.name}: ${scenario.description}`)
      const t0 = performance.now()
      try {
        const rows = await scenario.run(ctx)
        const resolved: ResolvedRow[] = rows.map((r) => ({ ...r, ratio: null, baseline: null }))
        results.push({
          name: scenario.name,
          description: scenario.description,
          status: 'ok',
          elapsedMs: performance.now() - t0,
          rows: resolved,
        })
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
        log(`scenario ${scenario.name} FAILED: ${message}`)
        results.push({
          name: scenario.name,
          description: scenario.description,
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
          elapsedMs: performance.now() - t0,
          rows: [],
        })
      }
      log(`scenario ${scenario.name} took ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    }
  } finally {
    await targets.close()
    runCleanup()
  }
  for (const n of resolveRatios(results)) notes.push(n)

  const pgt = targets.pg
  const pglite = pgliteTarget as PgliteTarget | null
  const extensionList = (
    e: { postgis: boolean; ltree: boolean; pg_trgm: boolean },
    postgis: string | null,
  ): string =>
    [
      e.postgis ? `PostGIS ${postgis ?? '?'}` : 'no PostGIS',
      e.ltree ? 'ltree' : 'no ltree',
      e.pg_trgm ? 'pg_trgm' : 'no pg_trgm',
    ].join(', ')
  const environment: string[][] = [
    ['CPU', machine.cpuModel],
    ['cores', `${machine.cores} logical CPUs`],
    ['memory', `${formatValue(machine.memoryGiB, 'GiB')} GiB`],
    ['OS', `${machine.os}, Linux ${machine.kernel}`],
    ['Node', machine.node],
    [
      'load',
      `${machine.loadAverage1m.toFixed(2)} (1-minute load average at start, on ${machine.cores} cores)`,
    ],
    ['database', `${targets.source}: ${targets.reason}`],
  ]
  if (pgt) {
    environment.push([
      'PostgreSQL',
      `${pgt.serverVersion}; ${extensionList(pgt.extensions, pgt.postgisVersion)}`,
    ])
    environment.push(['PG server', pgt.description])
    environment.push([
      'PG settings',
      Object.entries(pgt.settings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    ])
  } else {
    environment.push(['PostgreSQL', 'none: PGlite scenarios only'])
  }
  if (pglite) {
    environment.push([
      'PGlite',
      `${pglite.packageVersion} = PostgreSQL ${pglite.serverVersion} in WASM, in memory, single connection, no fsync (${extensionList(pglite.extensions, pglite.postgisVersion)})`,
    ])
  }
  environment.push([
    'run',
    `seed ${settings.seed}, ${formatValue(settings.durationMs, 'ms')} ms per load phase after ${formatValue(settings.warmupMs, 'ms')} ms warm-up, ${formatValue(settings.copyRows, 'rows')} rows per COPY, connections ${settings.concurrency.join('/')}`,
  ])
  if (machine.gitCommit) environment.push(['commit', machine.gitCommit])

  const out: string[] = []
  out.push('', `OneGrid bench, ${startedAt.toISOString()}`, '')
  out.push(table(['', ''], ['l', 'l'], environment).split('\n').slice(2).join('\n'))
  out.push('', resultsTable(results))
  if (notes.length > 0) out.push('', 'notes:', ...notes.map((n) => `  - ${n}`))
  const totalMs = performance.now() - runStarted
  out.push('', `total ${formatValue(totalMs / 1000, 's')} s; results in bench/results/latest.json`, '')
  process.stdout.write(out.join('\n'))

  const json = {
    format: 1,
    startedAt: startedAt.toISOString(),
    totalMs: Math.round(totalMs),
    settings,
    machine,
    database: {
      source: targets.source,
      reason: targets.reason,
      postgresql: pgt
        ? {
            source: pgt.source,
            description: pgt.description,
            serverVersion: pgt.serverVersion,
            postgisVersion: pgt.postgisVersion,
            extensions: pgt.extensions,
            settings: pgt.settings,
          }
        : null,
      pglite: pglite
        ? {
            packageVersion: pglite.packageVersion,
            serverVersion: pglite.serverVersion,
            postgisVersion: pglite.postgisVersion,
            extensions: pglite.extensions,
            bootMs: Math.round(pglite.bootMs),
          }
        : null,
    },
    scenarios: results.map((s) => ({
      ...s,
      elapsedMs: Math.round(s.elapsedMs),
      rows: s.rows.map((r) => ({
        ...r,
        value: round(r.value),
        ratio: r.ratio === null ? null : round(r.ratio),
      })),
    })),
    notes,
  }
  mkdirSync(join(HERE, 'results'), { recursive: true })
  writeFileSync(join(HERE, 'results', 'latest.json'), `${JSON.stringify(json, null, 2)}\n`)
  return results.some((s) => s.status === 'failed') ? 1 : 0
}

main().then(
  (code) => exitNow(code),
  (error: unknown) =>
    exitNow(1, `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
)
