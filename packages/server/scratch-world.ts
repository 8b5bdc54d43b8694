// Scratch: builds the full demo world (without cases) via the real demo job minus the cases step, dumps it.
import fs from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { buildApp, seedReferenceData } from '/work/main/packages/server/src/app.ts'
import { systemClock } from '/work/main/packages/server/src/platform/clock.ts'
import { loadConfig } from '/work/main/packages/server/src/platform/config.ts'
import { openPglite } from '/work/main/packages/server/src/platform/db/database.ts'
import { migrateToLatest } from '/work/main/packages/server/src/platform/db/migrate.ts'
import { silentLogger } from '/work/main/packages/server/test/test-app.ts'
const handle = await openPglite({})
await migrateToLatest(handle.db)
await seedReferenceData(handle, systemClock)
const { config } = loadConfig({ ONEGRID_DATA_DIR: '/tmp/demo-scratch/data', LOG_LEVEL: 'silent', ONEGRID_DEMO_PASSWORD: 'Demo#2026grid' })
const app = await buildApp({ config, database: handle, clock: systemClock, piiKey: randomBytes(32), logger: silentLogger })
// Mark the cases step as done through the checkpoint: run the demo job, then wipe cases.
const t = performance.now()
const job = await app.runner.runNow(await app.runner.enqueue('demo.load', {}))
console.log('demo job', job.status, Math.round(performance.now() - t), 'ms', job.error ?? '')
const { sql } = await import('kysely')
await sql`DELETE FROM case_attachments`.execute(handle.db)
await sql`DELETE FROM case_events`.execute(handle.db)
await sql`DELETE FROM cases`.execute(handle.db)
const dump = Buffer.from(await (await handle.pglite.dumpDataDir('gzip')).arrayBuffer())
await fs.writeFile('/tmp/demo-scratch/world.tar.gz', dump)
await handle.close()
