import { Command } from 'commander'
import { buildApp, seedReferenceData } from './app.ts'
import { loadDemo, openDatabase, say, start } from './main.ts'
import { demoAccountsFile } from './modules/identity/demo.ts'
import { systemClock } from './platform/clock.ts'
import { ConfigError, loadConfig } from './platform/config.ts'
import { loadPiiKey } from './platform/crypto/pii-key.ts'
import { DatabaseUnavailableError } from './platform/db/database.ts'
import { MigrationError, migrateToLatest } from './platform/db/migrate.ts'

const program = new Command()
  .name('onegrid')
  .description('OneGrid 网格化社会治理平台 — server and administration commands')
  .showHelpAfterError()

program
  .command('start')
  .description('migrate the database, load the demo district on first start, and serve the API and web app')
  .option('--no-build', 'do not build the web app even if it is missing or stale')
  .option('--no-demo', 'do not load the demo district')
  .action(async (opts: { build: boolean; demo: boolean }) => {
    await start({ build: opts.build, demo: opts.demo })
  })

const db = program.command('db').description('database administration')
db.command('migrate')
  .description('apply all pending migrations and exit')
  .action(async () => {
    const { config } = loadConfig()
    const database = await openDatabase(config)
    try {
      const applied = await migrateToLatest(database.db)
      await seedReferenceData(database, systemClock)
      say(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date')
    } finally {
      await database.close()
    }
  })

program
  .command('demo')
  .description('load (or refresh) the demo district into the configured database, showing progress')
  .action(async () => {
    const { config } = loadConfig()
    const piiKey = await loadPiiKey({
      ...config.pii,
      dataDir: config.dataDir,
      mayGenerate: config.database.kind === 'pglite',
    })
    const database = await openDatabase(config)
    await migrateToLatest(database.db)
    await seedReferenceData(database, systemClock)
    const app = await buildApp({ config, database, clock: systemClock, piiKey: piiKey.key })
    try {
      await app.hub.start()
      await loadDemo(app)
      say(`demo district loaded; accounts and their password: ${demoAccountsFile(config.dataDir)}`)
    } finally {
      await app.close()
    }
  })

/** Start-up failures print one line and exit non-zero; anything else is a bug and shows its stack. */
program.parseAsync(process.argv).catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof DatabaseUnavailableError ||
    err instanceof MigrationError
  ) {
    say(`cannot start: ${err.message}`)
  } else {
    console.error(err)
  }
  process.exit(1)
})
