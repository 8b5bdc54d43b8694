import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../api/client.ts'
import { useAuthStore } from './auth-store.ts'
import { fakeMe, type Reply, stubFetch, unauthorized } from './test-fixtures.ts'

let restore: () => void = () => {}
beforeEach(() => setActivePinia(createPinia()))
afterEach(() => restore())

describe('auth store', () => {
  it('learns who is signed in from /api/me, once however many ask', async () => {
    const me = fakeMe('grid_worker')
    const stub = stubFetch(() => ({ status: 200, body: me }))
    restore = stub.restore
    const auth = useAuthStore()

    const answers = await Promise.all([auth.ensureChecked(), auth.ensureChecked()])
    await auth.ensureChecked()

    expect(answers).toEqual([me, me])
    expect(stub.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/me'])
    expect(stub.calls[0]?.credentials).toBe('same-origin')
    expect(auth.signedIn).toBe(true)
    expect(auth.roles).toEqual(['grid_worker'])
    expect(auth.can('workspace.use')).toBe(true)
    expect(auth.can('users.read')).toBe(false)
  })

  it('takes a 401 from /api/me as nobody signed in, without an error', async () => {
    restore = stubFetch(() => unauthorized).restore
    const auth = useAuthStore()
    await expect(auth.ensureChecked()).resolves.toBeNull()
    expect(auth.checked).toBe(true)
    expect(auth.signedIn).toBe(false)
    expect(auth.error).toBeNull()
  })

  it('keeps other failures and asks again next time', async () => {
    let up = false
    const stub = stubFetch(() =>
      up
        ? { status: 200, body: fakeMe('admin') }
        : { status: 503, body: { error: { code: 'unavailable', message: '维护中' } } },
    )
    restore = stub.restore
    const auth = useAuthStore()

    await expect(auth.ensureChecked()).rejects.toBeInstanceOf(ApiError)
    expect(auth.checked).toBe(false)
    expect(auth.error).toBeInstanceOf(ApiError)

    up = true
    await expect(auth.ensureChecked()).resolves.toMatchObject({ user: { username: 'wanggeyuan' } })
    expect(auth.error).toBeNull()
  })

  it('signs in with the username trimmed and keeps the answer', async () => {
    const me = fakeMe('admin', { username: 'admin', mustChangePassword: true })
    const stub = stubFetch(() => ({ status: 200, body: { token: 'ogs_x', me } }))
    restore = stub.restore
    const auth = useAuthStore()

    await auth.login('  admin ', 'Demo#2026grid')

    expect(stub.calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/auth/login',
      body: { username: 'admin', password: 'Demo#2026grid' },
    })
    expect(auth.me).toEqual(me)
    expect(auth.checked).toBe(true)
    expect(auth.mustChangePassword).toBe(true)
  })

  it('asks for a remembered device only when told (the wall screen)', async () => {
    const me = fakeMe('leader', { username: 'leader' })
    const stub = stubFetch(() => ({ status: 200, body: { token: 'ogs_x', me } }))
    restore = stub.restore
    const auth = useAuthStore()

    await auth.login('leader', 'Demo#2026grid', true)

    expect(stub.calls[0]).toMatchObject({
      body: { username: 'leader', password: 'Demo#2026grid', rememberDevice: true },
    })
    expect(auth.signedIn).toBe(true)
  })

  it('passes on the server’s message for a refused sign-in and stays signed out', async () => {
    restore = stubFetch(() => ({
      status: 401,
      body: { error: { code: 'unauthorized', message: '用户名或密码错误' } },
    })).restore
    const auth = useAuthStore()

    await expect(auth.login('admin', 'wrong')).rejects.toMatchObject({
      status: 401,
      message: '用户名或密码错误',
    })
    expect(auth.signedIn).toBe(false)
  })

  it('forgets the user on sign-out, also when the session had already ended', async () => {
    let answer: Reply = { status: 200, body: { ok: true } }
    const stub = stubFetch((r) => (r.path === '/api/me' ? { status: 200, body: fakeMe('admin') } : answer))
    restore = stub.restore
    const auth = useAuthStore()
    await auth.refresh()

    await auth.logout()
    expect(stub.calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/auth/logout', body: undefined })
    expect(auth.signedIn).toBe(false)

    await auth.refresh()
    answer = unauthorized
    await auth.logout()
    expect(auth.signedIn).toBe(false)
  })
})
