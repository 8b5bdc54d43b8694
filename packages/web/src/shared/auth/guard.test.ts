import type { TMe } from '@onegrid/core/api/identity'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { api } from '../api/endpoints.ts'
import { listUsers } from '../api/identity.ts'
import { useAuthStore } from './auth-store.ts'
import { installAuthGuard } from './guard.ts'
import { fakeMe, type Reply, stubFetch, unauthorized } from './test-fixtures.ts'

const Page = defineComponent({ render: () => null })
const names = { login: 'login', changePassword: 'password', forbidden: 'forbidden' }

function makeRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: Page, meta: { public: true, guestOnly: true } },
      { path: '/password', name: 'password', component: Page, meta: { passwordChange: true } },
      { path: '/', name: 'dashboard', component: Page },
      { path: '/admin/users', name: 'users', component: Page, meta: { permission: 'users.read' } },
      { path: '/:pathMatch(.*)*', redirect: '/' },
      { path: '/:pathMatch(.*)*', name: 'forbidden', component: Page },
    ],
  })
}

let stub: ReturnType<typeof stubFetch>
let signedIn: TMe | null
let removeGuard: () => void = () => {}

/** A server where /api/me answers for `signedIn` and /api/users answers 401 once the session is gone. */
function server(r: { method: string; path: string }): Reply {
  if (r.path === '/api/me') return signedIn ? { status: 200, body: signedIn } : unauthorized
  if (r.path === '/api/users') return signedIn ? { status: 200, body: { items: [], total: 0 } } : unauthorized
  return { status: 404, body: { error: { code: 'not_found', message: 'no' } } }
}

async function start(me: TMe | null, path: string): Promise<Router> {
  signedIn = me
  const router = makeRouter()
  removeGuard = installAuthGuard(router, useAuthStore(), api, names)
  await router.push(path)
  return router
}

beforeEach(() => {
  setActivePinia(createPinia())
  stub = stubFetch(server)
})
afterEach(() => {
  removeGuard()
  stub.restore()
})

describe('console route guard', () => {
  it('opens the sign-in page for a stranger, with the wanted page as redirect', async () => {
    const router = await start(null, '/admin/users?q=wang')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query).toEqual({ redirect: '/admin/users?q=wang' })
  })

  it('asks the server once per page load, not on every navigation', async () => {
    const router = await start(fakeMe('admin'), '/')
    await router.push('/admin/users')
    await router.push('/')
    expect(stub.calls.filter((c) => c.path === '/api/me')).toHaveLength(1)
  })

  it('shows the forbidden page at the refused address', async () => {
    const router = await start(fakeMe('grid_worker'), '/admin/users')
    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(router.currentRoute.value.fullPath).toBe('/admin/users')
  })

  it('still sends unknown addresses to the overview', async () => {
    const router = await start(fakeMe('grid_worker'), '/no/such/page')
    expect(router.currentRoute.value.name).toBe('dashboard')
  })

  it('lets a user with the permission in', async () => {
    const router = await start(fakeMe('grid_leader'), '/admin/users')
    expect(router.currentRoute.value.name).toBe('users')
  })

  it('holds a user with an initial password on the change page', async () => {
    const router = await start(fakeMe('admin', { mustChangePassword: true }), '/admin/users')
    expect(router.currentRoute.value.name).toBe('password')
    expect(router.currentRoute.value.query).toEqual({ redirect: '/admin/users' })
  })

  it('sends a signed-in user from the sign-in page to the redirect', async () => {
    const router = await start(fakeMe('admin'), '/login?redirect=/admin/users')
    expect(router.currentRoute.value.fullPath).toBe('/admin/users')
  })

  it('opens the sign-in page when a protected call finds the session gone', async () => {
    const router = await start(fakeMe('admin'), '/admin/users')
    signedIn = null

    await expect(listUsers()).rejects.toMatchObject({ status: 401 })
    await router.isReady()
    await new Promise((resolve) => setTimeout(resolve, 0))

    expect(useAuthStore().signedIn).toBe(false)
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query).toEqual({ redirect: '/admin/users' })
  })

  it('does not treat a refused sign-in as a lost session', async () => {
    let redirected = 0
    const router = await start(null, '/login')
    router.afterEach(() => {
      redirected += 1
    })
    stub.restore()
    stub = stubFetch(() => ({
      status: 401,
      body: { error: { code: 'unauthorized', message: '用户名或密码错误' } },
    }))

    await expect(useAuthStore().login('admin', 'wrong')).rejects.toMatchObject({ status: 401 })
    expect(redirected).toBe(0)
    expect(router.currentRoute.value.name).toBe('login')
  })
})
