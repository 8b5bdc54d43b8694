import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bearer,
  createUser,
  loadDemoAreas,
  rootScope,
  testPassword,
  tokenFor,
} from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'

const json = { 'content-type': 'application/json' }

describe('identity', () => {
  let app: App
  const clock = new ManualClock('2026-11-23T01:00:00Z')
  let adminToken = ''

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await loadDemoAreas(app)
    await createUser(app, { username: 'boss', role: 'admin', areaCode: '110120' })
    await createUser(app, { username: 'walker', role: 'grid_worker', areaCode: '110120001001' })
    adminToken = await tokenFor(app, 'boss')
  })
  afterAll(async () => {
    await app.close()
  })

  const login = (username: string, password: string) =>
    app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: json,
      payload: { username, password },
    })

  it('signs in with a cookie for the web and the same token as Bearer', async () => {
    const res = await login('walker', testPassword)
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'onegrid_session')
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe('Lax')
    expect(cookie?.value).toBe(res.json().token)
    const viaCookie = await app.http.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { onegrid_session: cookie?.value ?? '' },
    })
    expect(viaCookie.json().user.username).toBe('walker')
    expect(viaCookie.json().areaScopes).toEqual(['110120.110120001.110120001001'])
    const viaBearer = await app.http.inject({
      method: 'GET',
      url: '/api/me',
      headers: bearer(res.json().token),
    })
    expect(viaBearer.statusCode).toBe(200)
    expect((await app.http.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401)
  })

  it('locks the account for 15 minutes after five wrong passwords, and audits every attempt', async () => {
    await createUser(app, { username: 'forgetful', role: 'supervisor', areaCode: '110120002' })
    for (let i = 1; i <= 5; i++) {
      const res = await login('forgetful', `Wrong#pass${i}`)
      expect(res.statusCode).toBe(401)
    }
    const locked = await login('forgetful', testPassword)
    expect(locked.statusCode).toBe(401)
    expect(locked.json().error.message).toMatch(/锁定/)

    const audit = await app.http.inject({
      method: 'GET',
      url: '/api/audit?actor=forgetful',
      headers: bearer(adminToken),
    })
    const actions = (audit.json().items as { action: string; details: { reason?: string } }[]).map(
      (e) => `${e.action}:${e.details.reason ?? ''}`,
    )
    expect(actions.filter((a) => a === 'login.failure:wrong_password')).toHaveLength(5)
    expect(actions).toContain('account.locked:')
    expect(actions).toContain('login.failure:locked')

    clock.advance(15 * 60_000 + 1000)
    expect((await login('forgetful', testPassword)).statusCode).toBe(200)
  })

  it('ends a session after the idle timeout and after logout', async () => {
    const token = await tokenFor(app, 'walker')
    clock.advance(29 * 60_000)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode,
    ).toBe(200)
    clock.advance(31 * 60_000)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode,
    ).toBe(401)

    const other = await tokenFor(app, 'walker')
    const out = await app.http.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(other) })
    expect(out.statusCode).toBe(200)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(other) })).statusCode,
    ).toBe(401)
    adminToken = await tokenFor(app, 'boss')
  })

  it('keeps a session signed in with "remember this device" for 30 idle days and 90 in all', async () => {
    await createUser(app, { username: 'outdoors', role: 'grid_worker', areaCode: '110120001001' })
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: json,
      payload: { username: 'outdoors', password: testPassword, rememberDevice: true },
    })
    expect(res.statusCode).toBe(200)
    const { token, me } = res.json()
    expect(me.session).toMatchObject({ rememberDevice: true, idleMinutes: 30 * 24 * 60 })
    expect(new Date(me.session.expiresAt).getTime() - clock.now().getTime()).toBe(90 * 86_400_000)
    // The cookie outlives the browser's session, until the session's end.
    const cookie = res.cookies.find((c) => c.name === 'onegrid_session')
    expect(cookie?.expires?.getTime()).toBe(new Date(me.session.expiresAt).getTime())
    const meNow = () => app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })

    // A day and a half without signal, then 29 days: still signed in, each use starting the idle time again.
    clock.advance(36 * 3600_000)
    expect((await meNow()).statusCode).toBe(200)
    clock.advance(29 * 86_400_000)
    expect((await meNow()).statusCode).toBe(200)
    const listed = await app.http.inject({ method: 'GET', url: '/api/me/sessions', headers: bearer(token) })
    expect(listed.json().items.some((s: { current: boolean }) => s.current)).toBe(true)
    // 30 idle days end it.
    clock.advance(30 * 86_400_000 + 1000)
    expect((await meNow()).statusCode).toBe(401)

    // Used every week, it still ends 90 days after signing in.
    const again = await app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: json,
      payload: { username: 'outdoors', password: testPassword, rememberDevice: true },
    })
    const weekly = again.json().token
    for (let day = 7; day < 90; day += 7) {
      clock.advance(7 * 86_400_000)
      const r = await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(weekly) })
      expect(r.statusCode, `day ${day}`).toBe(200)
    }
    clock.advance(7 * 86_400_000)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(weekly) })).statusCode,
    ).toBe(401)

    // Without it, the ordinary 30 minutes apply and the cookie lasts while the browser is open.
    const plain = await login('outdoors', testPassword)
    expect(plain.json().me.session).toMatchObject({ rememberDevice: false, idleMinutes: 30 })
    expect(plain.cookies.find((c) => c.name === 'onegrid_session')?.expires).toBeUndefined()
    clock.advance(31 * 60_000)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(plain.json().token) }))
        .statusCode,
    ).toBe(401)
    adminToken = await tokenFor(app, 'boss')
  })

  it('forces a change of the initial password and enforces the policy and history', async () => {
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...bearer(adminToken), ...json },
      payload: {
        username: 'newbie',
        displayName: '新人',
        mobile: '138 1234 5678',
        initialPassword: 'Start#2026',
        assignments: [{ role: 'operator', areaCode: '110120003' }],
      },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().mobileMasked).toBe('138****5678')
    expect(created.json().mustChangePassword).toBe(true)
    const reveal = await app.http.inject({
      method: 'POST',
      url: `/api/users/${created.json().id}/reveal-mobile`,
      headers: bearer(adminToken),
    })
    expect(reveal.json()).toEqual({ mobile: '13812345678' })
    const trail = await app.http.inject({
      method: 'GET',
      url: '/api/audit?action=pii.reveal',
      headers: bearer(adminToken),
    })
    expect(trail.json().items[0]).toMatchObject({
      actor: 'boss',
      entityId: String(created.json().id),
      details: { field: 'mobile' },
    })
    const stored = await app.database.db
      .selectFrom('users')
      .select(['mobile_cipher'])
      .where('username', '=', 'newbie')
      .executeTakeFirstOrThrow()
    expect(stored.mobile_cipher).not.toContain('13812345678')

    const token = (await login('newbie', 'Start#2026')).json().token as string
    const blocked = await app.http.inject({ method: 'GET', url: '/api/units', headers: bearer(token) })
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().error.code).toBe('password_change_required')
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).json().user
        .mustChangePassword,
    ).toBe(true)

    const change = (currentPassword: string, newPassword: string) =>
      app.http.inject({
        method: 'POST',
        url: '/api/me/password',
        headers: { ...bearer(token), ...json },
        payload: { currentPassword, newPassword },
      })
    const weak = await change('Start#2026', 'password')
    expect(weak.statusCode).toBe(400)
    expect(Object.keys(weak.json().error.fields)).toEqual(['newPassword'])
    expect((await change('Start#2026', 'Newbie#2026x')).json().error.fields.newPassword).toMatch(/用户名/)
    expect((await change('Start#2026', 'Start#2026')).json().error.fields.newPassword).toMatch(/最近 5 次/)
    expect((await change('wrong', 'Fresh#2026ok')).json().error.fields).toHaveProperty('currentPassword')
    expect((await change('Start#2026', 'Fresh#2026ok')).statusCode).toBe(200)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/units', headers: bearer(token) })).statusCode,
    ).toBe(200)
  })

  it('lists and revokes one’s own sessions', async () => {
    const a = await tokenFor(app, 'walker')
    const b = await tokenFor(app, 'walker')
    const list = await app.http.inject({ method: 'GET', url: '/api/me/sessions', headers: bearer(a) })
    const items = list.json().items as { id: string; current: boolean }[]
    expect(items.filter((s) => s.current)).toHaveLength(1)
    const otherId = items.find((s) => !s.current)?.id
    const revoked = await app.http.inject({
      method: 'POST',
      url: `/api/me/sessions/${otherId}/revoke`,
      headers: bearer(a),
    })
    expect(revoked.statusCode).toBe(200)
    const stillA = await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(a) })
    const stillB = await app.http.inject({ method: 'GET', url: '/api/me', headers: bearer(b) })
    expect([stillA.statusCode, stillB.statusCode].sort()).toEqual([200, 401])
  })

  it('issues API keys shown once, accepts them until revoked or expired', async () => {
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { ...bearer(adminToken), ...json },
      payload: { name: '12345 平台', scopes: ['hotline'], areaCode: '110120' },
    })
    expect(created.statusCode).toBe(201)
    const { secret, apiKey } = created.json() as { secret: string; apiKey: { id: number; prefix: string } }
    expect(secret.startsWith(`ogk_${apiKey.prefix}_`)).toBe(true)
    const row = await app.database.db
      .selectFrom('api_keys')
      .select('secret_hash')
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow()
    expect(row.secret_hash).not.toContain(secret)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/api-keys', headers: bearer(adminToken) })).body,
    ).not.toContain(secret)

    expect(
      (await app.http.inject({ method: 'GET', url: '/api/api-keys/self', headers: { 'x-api-key': secret } }))
        .statusCode,
    ).toBe(200)
    // A key is not a user: it opens no staff operation.
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/me', headers: { 'x-api-key': secret } })).statusCode,
    ).toBe(401)
    await app.http.inject({
      method: 'POST',
      url: `/api/api-keys/${apiKey.id}/revoke`,
      headers: bearer(adminToken),
    })
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/api-keys/self', headers: { 'x-api-key': secret } }))
        .statusCode,
    ).toBe(401)

    const expiring = await app.http.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { ...bearer(adminToken), ...json },
      payload: {
        name: 'short',
        scopes: ['open311'],
        areaCode: '110120',
        expiresAt: new Date(clock.now().getTime() + 60_000).toISOString(),
      },
    })
    const short = expiring.json().secret as string
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/api-keys/self', headers: bearer(short) }))
        .statusCode,
    ).toBe(200)
    clock.advance(61_000)
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/api-keys/self', headers: bearer(short) }))
        .statusCode,
    ).toBe(401)
    adminToken = await tokenFor(app, 'boss')
  })

  it('keeps the audit log append-only', async () => {
    await expect(sql`UPDATE audit_log SET action = 'tampered'`.execute(app.database.db)).rejects.toThrow(
      /append-only/,
    )
  })

  it('refuses a duplicate username and a role outside the caller’s jurisdiction', async () => {
    await createUser(app, { username: 'streetadmin', role: 'admin', areaCode: '110120001' })
    const token = await tokenFor(app, 'streetadmin')
    const dup = await app.http.inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...bearer(token), ...json },
      payload: {
        username: 'walker',
        displayName: 'x',
        initialPassword: 'Some#2026pw',
        assignments: [{ role: 'grid_worker', areaCode: '110120001002' }],
      },
    })
    expect(dup.statusCode).toBe(409)
    const foreign = await app.http.inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...bearer(token), ...json },
      payload: {
        username: 'intruder',
        displayName: 'x',
        initialPassword: 'Some#2026pw',
        assignments: [{ role: 'grid_worker', areaCode: '110120002001' }],
      },
    })
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json().error.fields).toHaveProperty('assignments.0')
    expect(await app.services.users.list(rootScope, { q: 'intruder', limit: 10, offset: 0 })).toEqual({
      items: [],
      total: 0,
    })
  })
})
