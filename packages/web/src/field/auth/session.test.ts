import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { api } from '../../shared/api/endpoints.ts'
import { useAuthStore } from '../../shared/auth/auth-store.ts'
import { fakeMe } from '../../shared/auth/test-fixtures.ts'
import { enqueue, listOutbox } from '../offline/outbox.ts'
import { SyncEngine } from '../offline/sync-engine.ts'
import { freshIndexedDb } from '../offline/test-server.ts'
import { deviceSession, saveDeviceSession } from './device-session.ts'
import { installFieldSession, signIn, signOut } from './session.ts'

const Page = defineComponent({ render: () => null })

type Answer = { status: number; body?: unknown } | 'offline'
let answer: (method: string, path: string) => Answer
let seen: { method: string; path: string; authorization: string | null }[]
let uninstall: (() => void) | null = null
let engine: SyncEngine | null = null

function router(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: Page, meta: { public: true, guestOnly: true } },
      { path: '/', name: 'home', component: Page },
      { path: '/visits', name: 'visits', component: Page },
    ],
  })
}

function install(r: Router) {
  engine = new SyncEngine({ api, online: () => false, onlineEvents: new EventTarget() })
  uninstall = installFieldSession({ router: r, auth: useAuthStore(), engine })
}

beforeEach(async () => {
  await freshIndexedDb()
  localStorage.clear()
  sessionStorage.clear()
  setActivePinia(createPinia())
  seen = []
  answer = () => ({ status: 404, body: { error: { code: 'not_found', message: 'no' } } })
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://field.test')
    const headers = new Headers(init?.headers)
    seen.push({
      method: init?.method ?? 'GET',
      path: url.pathname,
      authorization: headers.get('Authorization'),
    })
    const a = answer(init?.method ?? 'GET', url.pathname)
    if (a === 'offline') throw new TypeError('Failed to fetch')
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status })
  })
})

afterEach(async () => {
  await engine?.stop()
  // What the session started in the background (the cache's refresh) ends before the fake server goes.
  await new Promise((resolve) => setTimeout(resolve, 20))
  uninstall?.()
  uninstall = null
  vi.unstubAllGlobals()
})

const me = {
  ...fakeMe('grid_worker'),
  session: { expiresAt: '2027-02-22T08:00:00+08:00', idleMinutes: 43_200, rememberDevice: true },
}

describe('the field app session', () => {
  it('sends a page that needs a user to the sign-in page, then back after signing in with the token kept', async () => {
    let signedIn = false
    answer = (method, path) => {
      if (path === '/api/auth/login' && method === 'POST') {
        signedIn = true
        return { status: 200, body: { token: 'ogs_token', me } }
      }
      if (path === '/api/me')
        return signedIn
          ? { status: 200, body: me }
          : { status: 401, body: { error: { code: 'unauthorized', message: '请先登录' } } }
      return { status: 200, body: {} }
    }
    const r = router()
    install(r)
    await r.push('/visits')
    expect(r.currentRoute.value.fullPath).toBe('/login?redirect=/visits')

    await signIn('wanggeyuan', 'secret', true)
    await r.push('/visits')
    expect(r.currentRoute.value.path).toBe('/visits')
    expect(deviceSession()).toMatchObject({ token: 'ogs_token', remember: true })
    expect(JSON.parse(localStorage.getItem('onegrid.field.session') ?? '{}').token).toBe('ogs_token')
    const login = seen.find((s) => s.path === '/api/auth/login')
    expect(login).toBeDefined()
    // Every later call carries the token.
    await api.get('/api/catalog')
    expect(seen.at(-1)?.authorization).toBe('Bearer ogs_token')
  })

  it('keeps the token for the tab only without "remember this device"', async () => {
    answer = (_m, path) =>
      path === '/api/auth/login' || path === '/api/me'
        ? { status: 200, body: path === '/api/me' ? me : { token: 'ogs_t', me } }
        : { status: 200, body: {} }
    install(router())
    await signIn('wanggeyuan', 'secret', false)
    expect(localStorage.getItem('onegrid.field.session')).toBeNull()
    expect(JSON.parse(sessionStorage.getItem('onegrid.field.session') ?? '{}').token).toBe('ogs_t')
  })

  it('opens signed in from the phone without signal', async () => {
    saveDeviceSession({ token: 'ogs_kept', me, remember: true, checkedAt: 0 })
    answer = () => 'offline'
    const r = router()
    install(r)
    await r.push('/visits')
    expect(r.currentRoute.value.path).toBe('/visits')
    expect(useAuthStore().user?.username).toBe('wanggeyuan')
    // Still signed in: a lost network is not a lost session.
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(deviceSession()?.token).toBe('ogs_kept')
  })

  it('on a 401, forgets the token, keeps the queue and asks to sign in again', async () => {
    saveDeviceSession({ token: 'ogs_old', me, remember: true, checkedAt: 0 })
    answer = () => 'offline'
    const r = router()
    install(r)
    await r.push('/visits')
    await enqueue({ operation: 'recordVisit', body: { notes: 'x' }, label: '走访' })

    answer = () => ({ status: 401, body: { error: { code: 'unauthorized', message: '请先登录' } } })
    await api.get('/api/visits/due').catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 10))

    expect(r.currentRoute.value.name).toBe('login')
    expect(r.currentRoute.value.query).toEqual({ expired: '1', redirect: '/visits' })
    expect(deviceSession()).toBeNull()
    expect(await listOutbox()).toHaveLength(1)
  })

  it('signs out: the token and the cache leave the phone, queued items stay', async () => {
    saveDeviceSession({ token: 'ogs_x', me, remember: true, checkedAt: 0 })
    answer = () => ({ status: 200, body: { ok: true } })
    const r = router()
    install(r)
    await r.push('/')
    await enqueue({ operation: 'reportCase', body: {}, label: '上报' })
    await signOut()
    expect(r.currentRoute.value.name).toBe('login')
    expect(deviceSession()).toBeNull()
    expect(useAuthStore().signedIn).toBe(false)
    expect(seen.some((s) => s.path === '/api/auth/logout' && s.authorization === 'Bearer ogs_x')).toBe(true)
    expect(await listOutbox()).toHaveLength(1)
  })
})
