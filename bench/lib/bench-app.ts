/**
 * The real app for the scenarios that drive it over HTTP: built by the server's composition root
 * on a run's database (already migrated by the scenario), and a district administrator signed in.
 */
import type { App } from '../../packages/server/src/app.ts'
import type { AppDatabase } from './app-database.ts'
import { deriveSeed, hex, mulberry32 } from './prng.ts'
import type { BenchContext } from './types.ts'

/** Cheap, real argon2 for the one account (as the tests do); logins are not what is measured. */
const CHEAP_ARGON2 = { ONEGRID_ARGON2_MEMORY_KIB: '1024', ONEGRID_ARGON2_PASSES: '1' }

export async function fetchJson<T>(url: string, init: RequestInit, expectStatus = 200): Promise<T> {
  const response = await fetch(url, init)
  const text = await response.text()
  if (response.status !== expectStatus) {
    throw new Error(
      `${init.method ?? 'GET'} ${new URL(url).pathname} answered ${response.status} (expected ${expectStatus}): ${text.slice(0, 300)}`,
    )
  }
  return JSON.parse(text) as T
}

/**
 * buildApp on `database` with the demo off and silent logs; the PII key comes from the run's seed and
 * `salt`. `env` adds server settings (ONEGRID_* variables) for this app.
 */
export async function buildBenchApp(
  ctx: BenchContext,
  database: AppDatabase,
  dataDir: string,
  salt: number,
  env: Readonly<Record<string, string>> = {},
): Promise<App> {
  const [{ buildApp }, { loadConfig }, { systemClock }, pino] = await Promise.all([
    import('../../packages/server/src/app.ts'),
    import('../../packages/server/src/platform/config.ts'),
    import('../../packages/server/src/platform/clock.ts'),
    import('pino'),
  ])
  const { config } = loadConfig({
    ONEGRID_DATA_DIR: dataDir,
    ONEGRID_DEMO: 'off',
    LOG_LEVEL: 'silent',
    ...CHEAP_ARGON2,
    ...env,
  })
  return buildApp({
    config,
    database: database.handle,
    clock: systemClock,
    piiKey: Buffer.from(hex(mulberry32(deriveSeed(ctx.seed, salt)), 32), 'hex'),
    logger: pino.default({ level: 'silent' }),
  })
}

/** An administrator of `district` and a bearer token from a real login over HTTP. */
export async function signInAdmin(
  app: App,
  base: string,
  district: string,
  account: { username: string; password: string },
): Promise<string> {
  const user = await app.services.users.create(
    { areaPaths: [district], unitIds: [] },
    { userId: null, name: 'bench', ip: null, userAgent: null, requestId: null },
    {
      username: account.username,
      displayName: account.username,
      initialPassword: account.password,
      assignments: [{ role: 'admin', areaCode: district }],
    },
  )
  // As the identity test fixtures do: no forced password change for this account.
  await app.database.db
    .updateTable('users')
    .set({ must_change_password: false })
    .where('id', '=', user.id)
    .execute()
  const { token } = await fetchJson<{ token: string }>(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  })
  return token
}
