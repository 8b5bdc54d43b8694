import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type App, buildApp, seedReferenceData } from './app.ts'
import { demoJobKind, isDemoLoaded } from './demo/demo-job.ts'
import { demoAccountsFile } from './modules/identity/demo.ts'
import { systemClock } from './platform/clock.ts'
import { type Config, ConfigError, loadConfig } from './platform/config.ts'
import { loadPiiKey } from './platform/crypto/pii-key.ts'
import { type DatabaseHandle, openPglite, openPostgres } from './platform/db/database.ts'
import { migrateToLatest } from './platform/db/migrate.ts'
import { ensureWebBuild } from './platform/web-build.ts'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/** Prints one line to stderr; start-up talks to a person, logs go to stdout. */
export const say = (message: string) => process.stderr.write(`[onegrid] ${message}\n`)

export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  return config.database.kind === 'postgres'
    ? openPostgres(config.database.url, config.database.poolSize, {
        namedStatements: config.database.preparedStatements,
      })
    : openPglite({ dir: config.database.dir })
}

function progressBar(percent: number): string {
  const width = 24
  const filled = Math.round((percent / 100) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent.toFixed(0).padStart(3)}%`
}

/** Loads the demo district through the job runner, showing its progress on the terminal. */
export async function loadDemo(app: App): Promise<void> {
  const id = await app.runner.enqueue(demoJobKind, {})
  let last = ''
  const unsubscribe = app.hub.subscribe((event) => {
    const job = event.data as { id?: number; progress?: { percent: number; message: string | null } }
    if (event.topic === 'job.progress' && job.id === id && job.progress) {
      const line = `demo ${progressBar(job.progress.percent)} ${job.progress.message ?? ''}`
      if (line !== last) say(line)
      last = line
    }
  })
  const job = await app.runner.runNow(id)
  unsubscribe()
  if (job.status !== 'succeeded') throw new Error(`demo load failed: ${job.error ?? job.status}`)
}

const portTaken = (port: number, host: string) =>
  new ConfigError(
    `port ${port} on ${host} is already in use (another OneGrid still running?); stop it or set PORT`,
  )

/** Binds the port for a moment: refused when another process holds it. */
async function assertPortFree(port: number, host: string): Promise<void> {
  const probe = net.createServer()
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject)
      probe.listen({ port, host, exclusive: true }, resolve)
    })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portTaken(port, host)
    throw err
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
}

export type StartOptions = { build: boolean; demo: boolean }

/** read config → open db → migrate → build app → (demo) → listen. */
export async function start(options: StartOptions): Promise<void> {
  const t0 = Date.now()
  const { config, warnings } = loadConfig()
  for (const w of warnings) say(`warning: ${w}`)
  // Before the build, the migrations and the demo: a taken port is told at once, not minutes later.
  await assertPortFree(config.port, config.host)

  if (options.build) {
    const build = await ensureWebBuild(repoRoot, say)
    if (build === 'built') say(`web app built (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  }

  const piiKey = await loadPiiKey({
    ...config.pii,
    dataDir: config.dataDir,
    mayGenerate: config.database.kind === 'pglite',
  })
  if (piiKey.source === 'generated')
    say(`generated a personal-data key in ${path.join(config.dataDir, 'secrets')}`)

  say(
    config.database.kind === 'pglite'
      ? `opening the embedded database in ${config.database.dir}`
      : 'connecting to PostgreSQL',
  )
  const database = await openDatabase(config)
  const applied = await migrateToLatest(database.db)
  if (applied.length > 0) say(`applied ${applied.length} migration(s)`)
  await seedReferenceData(database, systemClock)

  const app = await buildApp({ config, database, clock: systemClock, piiKey: piiKey.key, serveWeb: true })
  await app.start()
  if (options.demo && config.demo.enabled && !(await isDemoLoaded(database.db))) {
    say('loading the demo district 云溪区 (first start only)')
    await loadDemo(app)
    say(`demo accounts, one per role, with their password: ${demoAccountsFile(config.dataDir)}`)
  }

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    say(`${signal}: finishing in-flight requests and stopping`)
    const force = setTimeout(() => {
      say('shutdown took longer than 20 s, exiting')
      process.exit(1)
    }, 20_000)
    force.unref()
    app
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        say(`error while stopping: ${(err as Error).message}`)
        process.exit(1)
      })
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))

  try {
    await app.http.listen({ port: config.port, host: config.host })
  } catch (err) {
    await app.close()
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portTaken(config.port, config.host)
    throw err
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  say(
    `OneGrid is up at http://${shown}:${config.port}/ (${((Date.now() - t0) / 1000).toFixed(1)} s, ${database.kind})`,
  )
}
