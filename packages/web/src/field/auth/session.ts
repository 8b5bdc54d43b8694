import type { TLoginResponse, TMe } from '@onegrid/core/api/identity'
import type { Router } from 'vue-router'
import { ApiError } from '../../shared/api/client.ts'
import { api } from '../../shared/api/endpoints.ts'
import type { AuthStore } from '../../shared/auth/auth-store.ts'
import { setOutboxOwner } from '../offline/outbox.ts'
import { loadReference, refreshReference, resetReference } from '../offline/reference.ts'
import type { SyncEngine } from '../offline/sync-engine.ts'
import {
  bearer,
  clearDeviceSession,
  deviceSession,
  saveDeviceSession,
  updateDeviceMe,
} from './device-session.ts'

/**
 * Signing in and out of the field app. The token is kept on the phone (device-session.ts) and sent as a
 * bearer token by the shared api client; the app opens with the user kept there, at once and without
 * signal, and asks the server in the background whether the session still holds. Losing it (401) keeps
 * the queue and the cache and asks to sign in again.
 */
export interface FieldSessionDeps {
  router: Router
  auth: AuthStore
  engine: SyncEngine
}

let deps: FieldSessionDeps | null = null
let firstCheck: Promise<void> = Promise.resolve()

function need(): FieldSessionDeps {
  if (!deps) throw new Error('installFieldSession first')
  return deps
}

/** Makes `me` the signed-in user of this page: the auth store, the queue's owner, the cache, the engine. */
function adopt(me: TMe): void {
  const { auth, engine } = need()
  auth.me = me
  auth.checked = true
  setOutboxOwner(me.user.id)
  void loadReference(me.user.id)
  void engine.start()
}

/** Asks the server whether the kept session still holds; quiet without signal. */
async function revalidate(): Promise<void> {
  try {
    const me = await api.request<TMe>('GET', '/api/me', { expectUnauthorized: true })
    updateDeviceMe(me)
    need().auth.me = me
    void refreshReference(undefined, { owner: me.user.id, join: true })
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) sessionLost()
  }
}

/** The session ended on the server (expired, revoked): forget it, keep the queue, open the sign-in page. */
export function sessionLost(): void {
  const { auth, router } = need()
  if (!auth.me && !deviceSession()) return
  clearDeviceSession()
  auth.clear()
  const current = router.currentRoute.value
  if (current.meta.public) return
  void router.replace({
    name: 'login',
    query: { expired: '1', ...(current.fullPath === '/' ? {} : { redirect: current.fullPath }) },
  })
}

export function installFieldSession(d: FieldSessionDeps): () => void {
  deps = d
  api.setAuthorization(bearer)
  const stored = deviceSession()
  if (stored) {
    adopt(stored.me)
    if (typeof navigator === 'undefined' || navigator.onLine !== false) void revalidate()
    firstCheck = Promise.resolve()
  } else {
    // Signed in by the cookie alone (e.g. from the console in the same browser): that will do too.
    firstCheck = d.auth
      .ensureChecked()
      .then((me) => {
        if (me) {
          saveDeviceSession({ token: null, me, remember: false, checkedAt: Date.now() })
          adopt(me)
        }
      })
      .catch(() => {})
  }
  const removeGuard = d.router.beforeEach(async (to) => {
    await firstCheck
    const signedIn = d.auth.me !== null
    if (to.meta.public) {
      if (to.meta.guestOnly && signedIn)
        return typeof to.query.redirect === 'string' ? to.query.redirect : '/'
      return true
    }
    if (signedIn) return true
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  })
  const removeHandler = api.onUnauthorized(() => sessionLost())
  return () => {
    removeGuard()
    removeHandler()
    api.setAuthorization(null)
    deps = null
  }
}

/** Signs in; with `rememberDevice` the server keeps the session for days and the phone keeps the token. */
export async function signIn(username: string, password: string, rememberDevice: boolean): Promise<TMe> {
  const { engine } = need()
  const result = await api.post<TLoginResponse>(
    '/api/auth/login',
    { username: username.trim(), password, rememberDevice },
    { expectUnauthorized: true },
  )
  const previous = deviceSession()?.me.user.id
  saveDeviceSession({ token: result.token, me: result.me, remember: rememberDevice, checkedAt: Date.now() })
  // Another user's cache is not shown to this one; their queued items stay until they sign in again.
  if (previous !== undefined && previous !== result.me.user.id) await resetReference()
  adopt(result.me)
  void engine.signedIn()
  void refreshReference(undefined, { owner: result.me.user.id })
  return result.me
}

/**
 * Signs out: the server's session ends (when reachable), the token and the cache leave the phone. Items
 * still queued stay on the device, sent when the same user signs in again (the page warns first).
 */
export async function signOut(): Promise<void> {
  const { auth, engine, router } = need()
  try {
    await api.post('/api/auth/logout', undefined, { expectUnauthorized: true })
  } catch {
    // Offline or already ended: the device forgets it all the same.
  }
  await engine.stop()
  clearDeviceSession()
  auth.clear()
  setOutboxOwner(null)
  await resetReference()
  await router.replace({ name: 'login' })
}
