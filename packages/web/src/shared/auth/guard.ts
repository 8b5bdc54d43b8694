import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import type { ApiClient } from '../api/client.ts'
import { decideAccess } from './access.ts'
import type { AuthStore } from './auth-store.ts'

/** The names of the routes the guard sends people to. */
export interface AuthRouteNames {
  login: string
  changePassword: string
  /** A route whose path is `/:pathMatch(.*)*`, so the refused address stays in the address bar. */
  forbidden: string
}

/** Where a navigation goes instead, or true to let it through. */
export function resolveNavigation(
  to: RouteLocationNormalized,
  auth: Pick<AuthStore, 'me'>,
  names: AuthRouteNames,
): true | RouteLocationRaw {
  const decision = decideAccess(
    { fullPath: to.fullPath, meta: to.meta, redirect: to.query.redirect },
    auth.me,
  )
  switch (decision.kind) {
    case 'allow':
      return true
    case 'login':
      return { name: names.login, query: decision.redirect === '/' ? {} : { redirect: decision.redirect } }
    case 'changePassword':
      return {
        name: names.changePassword,
        query: decision.redirect === '/' ? {} : { redirect: decision.redirect },
      }
    case 'leave':
      return decision.to
    case 'forbidden':
      return {
        name: names.forbidden,
        params: { pathMatch: to.path.slice(1).split('/') },
        query: to.query,
        hash: to.hash,
      }
  }
}

/**
 * Every navigation first learns who is signed in (once per page load), then goes through
 * `decideAccess`. A protected call that answers 401 later (the session expired or was revoked
 * elsewhere) forgets the user and opens the sign-in page, coming back afterwards.
 */
export function installAuthGuard(router: Router, auth: AuthStore, api: ApiClient, names: AuthRouteNames) {
  const removeGuard = router.beforeEach(async (to) => {
    try {
      await auth.ensureChecked()
    } catch {
      // The server could not be asked; the sign-in page shows why when the user tries.
    }
    return resolveNavigation(to, auth, names)
  })
  const removeHandler = api.onUnauthorized(() => {
    if (!auth.signedIn) return
    auth.clear()
    const current = router.currentRoute.value
    if (current.meta.public) return
    void router.replace({
      name: names.login,
      query: current.fullPath === '/' ? {} : { redirect: current.fullPath },
    })
  })
  return () => {
    removeGuard()
    removeHandler()
  }
}
