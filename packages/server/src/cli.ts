import fs from 'node:fs/promises'
import path from 'node:path'
import { Command } from 'commander'
import { buildApp, piiTables, seedReferenceData } from './app.ts'
import { loadDemo, openDatabase, say, start } from './main.ts'
import { demoAccountsFile } from './modules/identity/demo.ts'
import { RollupStore } from './modules/stats/rollup-store.ts'
import { systemClock } from './platform/clock.ts'
import { ConfigError, loadConfig } from './platform/config.ts'
import { PiiCipher } from './platform/crypto/pii-cipher.ts'
import { loadPiiKey, parseKey } from './platform/crypto/pii-key.ts'
import { rotatePiiKey } from './platform/crypto/rotate-key.ts'
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

const stats = program.command('stats').description('statistics')
stats
  .command('rebuild')
  .description(
    'forget every kept count and count all cases afresh (after a bulk load or a definition change)',
  )
  .action(async () => {
    const { config } = loadConfig()
    const database = await openDatabase(config)
    try {
      await migrateToLatest(database.db)
      const started = performance.now()
      const counted = await new RollupStore(database.db).rebuild((step) =>
        say(`${step} (${Math.round((performance.now() - started) / 1000)} s)`),
      )
      say(`counted ${counted} cases in ${Math.round((performance.now() - started) / 1000)} s`)
    } finally {
      await database.close()
    }
  })

const pii = program.command('pii').description('personal-data keys')
pii
  .command('rotate-key')
  .description(
    're-encrypt all personal data and recompute its search indexes under a new key (stop the server first)',
  )
  .requiredOption('--new-key-file <path>', 'the new key: 32 bytes as 64 hex characters or base64')
  .option('--cipher <aes|sm4>', 'the cipher to write with (default: the configured one)')
  .action(async (opts: { newKeyFile: string; cipher?: string }) => {
    const { config } = loadConfig()
    const cipher = opts.cipher ?? config.pii.cipher
    if (cipher !== 'aes' && cipher !== 'sm4') throw new ConfigError('--cipher must be aes or sm4')
    const current = await loadPiiKey({
      ...config.pii,
      dataDir: config.dataDir,
      mayGenerate: false,
    })
    const next = parseKey(await fs.readFile(opts.newKeyFile, 'utf8'), opts.newKeyFile)
    const database = await openDatabase(config)
    try {
      await migrateToLatest(database.db)
      const done = await rotatePiiKey(
        database.db,
        piiTables,
        new PiiCipher(current.key, config.pii.cipher),
        new PiiCipher(next, cipher),
        (p) => say(`${p.table}: ${p.rows} rows read, ${p.rotated} re-encrypted`),
      )
      say(`rotated: ${done.map((d) => `${d.table} ${d.rotated}`).join(', ')}`)
    } finally {
      await database.close()
    }
    if (current.source === 'data-dir') {
      // The embedded mode's own key file: replaced in place, so the next start reads the new key.
      const file = path.join(config.dataDir, 'secrets', 'pii.key')
      await fs.writeFile(`${file}.new`, `${next.toString('base64')}\n`, { mode: 0o600 })
      await fs.rename(`${file}.new`, file)
      say(`the data directory's key file now holds the new key: ${file}`)
    } else {
      say(
        `now point ONEGRID_PII_KEY_FILE at ${opts.newKeyFile} (or ONEGRID_PII_KEY at its value)${cipher !== config.pii.cipher ? ` and set ONEGRID_PII_CIPHER=${cipher}` : ''}, then start the server`,
      )
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
