import type { TMe } from '@onegrid/core/api/identity'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp, openTestDatabase, secondHandle } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'

/**
 * Two instances on one database, each caching sessions for a minute: anything the cache could
 * still hold after a change must come from a notification, not from its time running out.
 */
describe('the session cache', () => {
  let a: App
  let b: App
  const env = { ONEGRID_SESSION_CACHE_SECONDS: '60' }

  const me = (app: App, token: string) =>
    app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })
  /** Asks instance `app` until `done` holds for its answer (the notification crosses a connection). */
  const eventually = async (app: App, token: string, done: (status: number, body: string) => boolean) => {
    for (let i = 0; i < 100; i += 1) {
      const res = await me(app, token)
      if (done(res.statusCode, res.body)) return res
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return me(app, token)
  }

  beforeAll(async () => {
    const database = await openTestDatabase()
    a = await createTestApp({ database, env })
    b = await createTestApp({ database: await secondHandle(database), env })
    await a.services.sessions.cache.start(a.database)
    await b.services.sessions.cache.start(b.database)
    await loadDemoAreas(a)
    await createUser(a, { username: 'cached_worker', role: 'grid_worker', areaCode: '110120001001001' })
    await createUser(a, { username: 'cached_leader', role: 'leader', areaCode: '110120001' })
  })
  afterAll(async () => {
    await b.services.sessions.cache.stop()
    await b.close()
    await a.close()
  })

  it('refuses a session signed out on this instance at the next request', async () => {
    const token = await tokenFor(a, 'cached_worker')
    expect((await me(a, token)).statusCode).toBe(200)
    const out = await a.http.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) })
    expect(out.statusCode).toBeLessThan(300)
    expect((await me(a, token)).statusCode).toBe(401)
  })

  it('refuses on the other instance a session signed out on one', async () => {
    const token = await tokenFor(a, 'cached_worker')
    expect((await me(b, token)).statusCode).toBe(200)
    expect((await me(b, token)).statusCode).toBe(200)
    await a.http.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) })
    expect((await eventually(b, token, (status) => status === 401)).statusCode).toBe(401)
  })

  it('sees an account disabled and a role taken away in SQL, by hand, on both instances', async () => {
    const token = await tokenFor(a, 'cached_leader')
    const before = (await me(b, token)).json() as TMe
    expect(before.permissions).toContain('stats.read')
    await sql`DELETE FROM role_assignments WHERE user_id = (SELECT id FROM users WHERE username = 'cached_leader')`.execute(
      a.database.db,
    )
    const after = await eventually(b, token, (status, body) => status === 200 && !body.includes('stats.read'))
    expect((after.json() as TMe).permissions).toEqual([])
    await sql`UPDATE users SET status = 'disabled' WHERE username = 'cached_leader'`.execute(a.database.db)
    expect((await eventually(a, token, (status) => status === 401)).statusCode).toBe(401)
    expect((await eventually(b, token, (status) => status === 401)).statusCode).toBe(401)
  })

  it('keeps its sessions when only a last-seen time is written, so a request is not a read', async () => {
    const token = await tokenFor(a, 'cached_worker')
    expect((await me(b, token)).statusCode).toBe(200)
    const notified: string[] = []
    const unlisten = await b.database.listen('onegrid_identity', (payload) => notified.push(payload))
    try {
      // Idle for two days in the database: a fresh read refuses the session, b's copy does not.
      await sql`UPDATE sessions SET last_seen_at = now() - interval '2 days'
        WHERE user_id = (SELECT id FROM users WHERE username = 'cached_worker')`.execute(a.database.db)
      expect((await me(a, token)).statusCode).toBe(401)
      expect((await me(b, token)).statusCode).toBe(200)
      // A statement-level trigger fires even on no rows: this one proves the channel works.
      await sql`UPDATE sessions SET revoked_at = revoked_at WHERE false`.execute(a.database.db)
      for (let i = 0; i < 100 && notified.length === 0; i += 1) await new Promise((r) => setTimeout(r, 20))
      expect(notified).toEqual(['sessions'])
      expect((await eventually(b, token, (status) => status === 401)).statusCode).toBe(401)
    } finally {
      await unlisten()
    }
  })
})
