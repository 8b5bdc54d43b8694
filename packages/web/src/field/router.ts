import type { Role } from '@onegrid/core/auth/roles'
import { createRouter, createWebHistory, type RouteRecordRaw, type Router, START_LOCATION } from 'vue-router'
import { useAuthStore } from '../shared/auth/auth-store.ts'
import HomePage from './pages/HomePage.vue'
import { holdsAny, leaderRoles } from './pages/leader/leader-roles.ts'
import { handlerRoles } from './pages/whistles/whistle-roles.ts'

/** A tab of the field app's tabbar (App.vue draws one for every route that has it). */
export interface FieldTab {
  /** A Vant icon name, e.g. 'home-o'. */
  icon: string
  /** The i18n key of its label, e.g. 'field.tabs.home'. */
  labelKey: string
  /** Left to right, ascending: leader 5, home 10, patrol 20, report 30, visits 40, whistles 45, cases 50, me 90. */
  order: number
  /** Drawn only for users holding one of these roles; unlike `meta.roles` the page stays open to anybody. */
  roles?: readonly Role[]
  /** Not drawn for users whose every role is one of these (a department handler has no patrol tab). */
  hiddenFor?: readonly Role[]
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown as a tab of the tabbar. Pages of one's own add a route with `meta.tab` here. */
    tab?: FieldTab
    /** Shown without the tabbar (the sign-in page, full-screen flows). */
    bare?: boolean
    /** Only for users holding one of these roles: its tab is drawn for them alone, anybody else goes home. */
    roles?: readonly Role[]
  }
}

/**
 * The field app's pages. Everything but /login needs a signed-in user (auth/session.ts); a page becomes
 * a tab by its `meta.tab`. The home page is the first screen, so it is part of the entry (one round of requests
 * less at start, its components' styles in one file); the others are loaded on demand, and the service worker
 * keeps them all offline.
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { public: true, guestOnly: true, bare: true },
  },
  {
    path: '/',
    name: 'home',
    component: HomePage,
    meta: { tab: { icon: 'home-o', labelKey: 'field.tabs.home', order: 10 } },
  },
  {
    // 领导通: leaders and shift leaders only; its code is loaded with the page, never for a grid worker.
    path: '/leader',
    name: 'leader',
    component: () => import('./pages/leader/LeaderPage.vue'),
    meta: { roles: leaderRoles, tab: { icon: 'chart-trending-o', labelKey: 'field.leader.tab', order: 5 } },
  },
  { path: '/queue', name: 'queue', component: () => import('./pages/QueuePage.vue') },
  {
    path: '/patrol',
    name: 'patrol',
    component: () => import('./pages/patrol/PatrolPage.vue'),
    meta: { tab: { icon: 'guide-o', labelKey: 'field.patrol.tab', order: 20, hiddenFor: handlerRoles } },
  },
  {
    path: '/report',
    name: 'report',
    component: () => import('./pages/report/ReportPage.vue'),
    meta: { tab: { icon: 'add-o', labelKey: 'field.report.tab', order: 30, hiddenFor: handlerRoles } },
  },
  {
    path: '/cases',
    name: 'cases',
    component: () => import('./pages/cases/CasesPage.vue'),
    meta: { tab: { icon: 'todo-list-o', labelKey: 'field.cases.tab', order: 50 } },
  },
  { path: '/cases/:id(\\d+)', name: 'case', component: () => import('./pages/cases/CaseDetailPage.vue') },
  {
    path: '/visits',
    name: 'visits',
    component: () => import('./pages/visits/VisitsPage.vue'),
    meta: { tab: { icon: 'friends-o', labelKey: 'field.visits.tab', order: 40, hiddenFor: handlerRoles } },
  },
  {
    path: '/visits/new',
    name: 'visit-record',
    component: () => import('./pages/visits/VisitRecordPage.vue'),
  },
  {
    path: '/registry/persons/new',
    name: 'person-new',
    component: () => import('./pages/registry/PersonFormPage.vue'),
  },
  {
    path: '/registry/persons/:id(\\d+)/edit',
    name: 'person-edit',
    component: () => import('./pages/registry/PersonFormPage.vue'),
  },
  // 我的任务: campaign items (专项任务) as a list and on the map, and each item's form.
  { path: '/campaigns', name: 'campaigns', component: () => import('./pages/campaigns/CampaignsPage.vue') },
  {
    path: '/campaigns/items/:id(\\d+)',
    name: 'campaign-item',
    component: () => import('./pages/campaigns/CampaignItemPage.vue'),
  },
  // 吹哨报到: a tab for department handlers; grid workers reach it from the home page and a case.
  {
    path: '/whistles',
    name: 'whistles',
    component: () => import('./pages/whistles/WhistlesPage.vue'),
    meta: { tab: { icon: 'bullhorn-o', labelKey: 'field.whistles.tab', order: 45, roles: handlerRoles } },
  },
  {
    path: '/whistles/new',
    name: 'whistle-new',
    component: () => import('./pages/whistles/WhistleRaisePage.vue'),
  },
  {
    path: '/whistles/:id(\\d+)',
    name: 'whistle',
    component: () => import('./pages/whistles/WhistlePage.vue'),
  },
  { path: '/areas', name: 'areas', component: () => import('./pages/AreasPage.vue') },
  {
    path: '/settings',
    name: 'settings',
    component: () => import('./pages/SettingsPage.vue'),
    meta: { tab: { icon: 'user-o', labelKey: 'field.tabs.settings', order: 90 } },
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHistory('/field/'),
  routes,
})

/** The tabs, in order, from the routes that declare one and are for one of these roles. */
export function tabsOf(
  records: readonly RouteRecordRaw[],
  roles: readonly Role[],
): { path: string; tab: FieldTab }[] {
  return records
    .flatMap((r) =>
      r.meta?.tab &&
      allowed(r.meta.roles, roles) &&
      allowed(r.meta.tab.roles, roles) &&
      !onlyThese(r.meta.tab.hiddenFor, roles)
        ? [{ path: r.path, tab: r.meta.tab }]
        : [],
    )
    .sort((a, b) => a.tab.order - b.tab.order)
}

const allowed = (only: readonly Role[] | undefined, roles: readonly Role[]) => !only || holdsAny(roles, only)
const onlyThese = (these: readonly Role[] | undefined, roles: readonly Role[]) =>
  !!these && roles.length > 0 && roles.every((r) => these.includes(r))

/**
 * After the session's guards (auth/session.ts): a page for some roles only sends anybody else home, a
 * leader opening the app (or signing in) lands on 领导通 rather than on a grid worker's duties, and a
 * department handler (and nothing else) on the whistles waiting for their department.
 */
export function guardRoles(r: Router, roles: () => readonly Role[]): () => void {
  return r.beforeResolve((to, from) => {
    const held = roles()
    if (!allowed(to.meta.roles, held)) return { name: 'home' }
    const arriving = from === START_LOCATION || from.name === 'login'
    if (to.name === 'home' && arriving && holdsAny(held, leaderRoles)) return { name: 'leader' }
    if (to.name === 'home' && arriving && onlyThese(handlerRoles, held)) return { name: 'whistles' }
    return true
  })
}
guardRoles(router, () => useAuthStore().roles)

// After an update the old page may ask for a lazy page that is no longer there: load the new app.
// Once: without signal and without the page in the cache, reloading again would not help.
router.onError((error, to) => {
  const message = error instanceof Error ? error.message : String(error)
  if (!/dynamically imported module|Importing a module script failed|Failed to fetch/i.test(message)) return
  const key = 'onegrid.field.reloadedFor'
  if (sessionStorage.getItem(key) === to.fullPath) return
  sessionStorage.setItem(key, to.fullPath)
  window.location.assign(`/field${to.fullPath}`)
})
