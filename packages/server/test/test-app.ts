import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import pino from 'pino'
import { inject } from 'vitest'
import { type App, buildApp } from '../src/app.ts'
import { type Clock, systemClock } from '../src/platform/clock.ts'
import { type Config, loadConfig } from '../src/platform/config.ts'
import { type DatabaseHandle, openPglite, openPostgres } from '../src/platform/db/database.ts'
import { withDatabase } from './global-setup.ts'

export const silentLogger: FastifyBaseLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })

/**
 * A fresh database for one test file: PGlite loaded from the migrated template,
 * or a PostgreSQL database cloned from the template database.
 */
export async function openTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const url = process.env.TEST_DATABASE_URL
  const template = inject('pgTemplateDatabase')
  if (url && template) {
    const name = `onegrid_t_${randomUUID().replaceAll('-', '').slice(0, 12)}`
    const admin = await openPostgres(url, 1)
    await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(template)}`.execute(admin.db)
    const dbUrl = withDatabase(url, name)
    const handle = await openPostgres(dbUrl, 5)
    return {
      ...handle,
      url: dbUrl,
      async close() {
        await handle.close()
        await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db)
        await admin.close()
      },
    }
  }
  const dump = await fs.readFile(inject('pgliteTemplate'))
  return openPglite({ loadDataDir: new Blob([dump]) })
}

/** A second handle on the same database, as another app instance would have. Closing it leaves the database open. */
export async function secondHandle(first: DatabaseHandle & { url?: string }): Promise<DatabaseHandle> {
  if (first.url) return openPostgres(first.url, 5)
  return { ...first, close: async () => undefined }
}

/** The test's config on a fresh data directory (removed when the app closes), unless the test names its own. */
async function testConfig(
  overrides: NodeJS.ProcessEnv = {},
): Promise<{ config: Config; made: string | null }> {
  const made = overrides.ONEGRID_DATA_DIR ? null : await fs.mkdtemp(path.join(os.tmpdir(), 'onegrid-test-'))
  const config = loadConfig({
    ONEGRID_DATA_DIR: made ?? undefined,
    LOG_LEVEL: 'silent',
    ONEGRID_JOB_POLL_MS: '50',
    ...overrides,
  }).config
  return { config, made }
}

export type TestAppOptions = {
  database?: DatabaseHandle
  clock?: Clock
  env?: NodeJS.ProcessEnv
  piiKey?: Buffer
  /** A logger to read the lines of (the default is silent). */
  logger?: FastifyBaseLogger
}

/** The real app, wired by the real composition root, on a test database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<App & { config: Config }> {
  const { config, made } = await testConfig(options.env)
  const database = options.database ?? (await openTestDatabase())
  const app = await buildApp({
    config,
    database,
    clock: options.clock ?? systemClock,
    piiKey: options.piiKey ?? randomBytes(32),
    logger: options.logger ?? silentLogger,
  })
  // The data directory (uploaded files) goes with the app: a run of the suite makes hundreds.
  const close = async (): Promise<void> => {
    try {
      await app.close()
    } finally {
      if (made) await fs.rm(made, { recursive: true, force: true })
    }
  }
  return { ...app, close, config }
}
