import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { MessageSchema } from '../shared/i18n/index.ts'
import { caseWorkRoles } from './nav.ts'

export type ConsolePageTitle = `console.nav.${keyof MessageSchema['console']['nav']}`

declare module 'vue-router' {
  interface RouteMeta {
    title?: ConsolePageTitle
    /** Shown without the shell (sidebar, header): the sign-in page. */
    bare?: boolean
  }
}

/** Route names the auth guard sends people to. */
export const authRouteNames = { login: 'login', changePassword: 'password', forbidden: 'forbidden' } as const

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { title: 'console.nav.login', public: true, guestOnly: true, bare: true },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('./pages/PasswordPage.vue'),
    meta: { title: 'console.nav.password', passwordChange: true },
  },
  {
    path: '/',
    name: 'dashboard',
    component: () => import('./pages/DashboardPage.vue'),
    meta: { title: 'console.nav.dashboard' },
  },
  {
    path: '/cases',
    name: 'cases',
    component: () => import('./pages/cases/CasesPage.vue'),
    meta: { title: 'console.nav.cases', roles: caseWorkRoles },
  },
  {
    path: '/cases/new',
    name: 'hotline',
    component: () => import('./pages/cases/HotlinePage.vue'),
    meta: { title: 'console.nav.hotline', roles: caseWorkRoles },
  },
  {
    path: '/cases/map',
    name: 'case-map',
    component: () => import('./pages/cases/CaseMapPage.vue'),
    meta: { title: 'console.nav.caseMap', roles: caseWorkRoles },
  },
  {
    path: '/cases/photos',
    name: 'photo-moderation',
    component: () => import('./pages/cases/PhotoModerationPage.vue'),
    meta: { title: 'console.nav.photoModeration', permission: 'citizen.moderate' },
  },
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    component: () => import('./pages/cases/CaseDetailPage.vue'),
    // Open to every signed-in user: the server shows a case only to those who may see it, and a
    // grid worker acts here on a case dispatched to them until the field app takes over.
    meta: { title: 'console.nav.caseDetail' },
  },
  {
    path: '/areas',
    name: 'areas',
    component: () => import('./pages/AreasPage.vue'),
    meta: { title: 'console.nav.areas' },
  },
  {
    path: '/registry/persons',
    name: 'registry-persons',
    component: () => import('./pages/registry/RegistryPersonsPage.vue'),
    meta: { title: 'console.nav.registryPersons', permission: 'registry.read' },
  },
  {
    path: '/registry/places',
    name: 'registry-places',
    component: () => import('./pages/registry/PlacesPage.vue'),
    meta: { title: 'console.nav.registryPlaces', permission: 'registry.read' },
  },
  {
    path: '/registry/import',
    name: 'registry-import',
    component: () => import('./pages/registry/RegistryImportPage.vue'),
    meta: { title: 'console.nav.registryImport', permission: 'registry.import' },
  },
  {
    path: '/registry/persons/:id(\\d+)',
    name: 'registry-person',
    component: () => import('./pages/registry/PersonDetailPage.vue'),
    meta: { title: 'console.nav.registryPerson', permission: 'registry.read' },
  },
  {
    path: '/registry/special-groups',
    name: 'special-groups',
    component: () => import('./pages/registry/SpecialGroupsPage.vue'),
    meta: { title: 'console.nav.specialGroups', permission: 'registry.special' },
  },
  {
    path: '/registry/spot-checks',
    name: 'registry-spot-checks',
    component: () => import('./pages/registry/SpotChecksPage.vue'),
    meta: { title: 'console.nav.registrySpotChecks', permission: 'registry.read' },
  },
  {
    path: '/registry/spot-checks/:id(\\d+)',
    name: 'registry-spot-check',
    component: () => import('./pages/registry/SpotCheckDetailPage.vue'),
    meta: { title: 'console.nav.registrySpotCheck', permission: 'registry.read' },
  },
  {
    path: '/fieldwork/visits/overdue',
    name: 'visits-overdue',
    component: () => import('./pages/fieldwork/VisitOverduePage.vue'),
    meta: { title: 'console.nav.visitsOverdue', permission: 'fieldwork.read' },
  },
  {
    path: '/fieldwork/visits',
    name: 'visits',
    component: () => import('./pages/fieldwork/VisitsPage.vue'),
    meta: { title: 'console.nav.visits', permission: 'fieldwork.read' },
  },
  {
    path: '/fieldwork/patrols',
    name: 'patrols',
    component: () => import('./pages/fieldwork/PatrolsPage.vue'),
    meta: { title: 'console.nav.patrols', permission: 'fieldwork.read' },
  },
  {
    path: '/fieldwork/visit-plan',
    name: 'visit-plan',
    component: () => import('./pages/fieldwork/VisitPlanPage.vue'),
    meta: { title: 'console.nav.visitPlan', permission: 'fieldwork.read' },
  },
  {
    path: '/campaigns',
    name: 'campaigns',
    component: () => import('./pages/campaigns/CampaignsPage.vue'),
    meta: { title: 'console.nav.campaigns', permission: 'campaigns.read' },
  },
  {
    path: '/campaigns/new',
    name: 'campaign-new',
    component: () => import('./pages/campaigns/CampaignNewPage.vue'),
    meta: { title: 'console.nav.campaignNew', permission: 'campaigns.manage' },
  },
  {
    path: '/campaigns/:id(\\d+)',
    name: 'campaign',
    component: () => import('./pages/campaigns/CampaignProgressPage.vue'),
    meta: { title: 'console.nav.campaign', permission: 'campaigns.read' },
  },
  {
    path: '/whistles',
    name: 'whistles',
    component: () => import('./pages/whistles/WhistlesPage.vue'),
    meta: { title: 'console.nav.whistles', permission: 'whistles.read' },
  },
  {
    path: '/stats/assessment',
    name: 'assessment',
    component: () => import('./pages/stats/AssessmentPage.vue'),
    meta: { title: 'console.nav.assessment', permission: 'stats.read' },
  },
  {
    path: '/stats/bulletins',
    name: 'bulletins',
    component: () => import('./pages/stats/BulletinsPage.vue'),
    meta: { title: 'console.nav.bulletins', permission: 'stats.read' },
  },
  {
    path: '/sessions',
    name: 'sessions',
    component: () => import('./pages/SessionsPage.vue'),
    meta: { title: 'console.nav.sessions' },
  },
  {
    path: '/admin/grid-staff',
    name: 'grid-staff',
    component: () => import('./pages/admin/GridStaffPage.vue'),
    meta: { title: 'console.nav.gridStaff', permission: 'users.read' },
  },
  {
    path: '/admin/catalog',
    name: 'catalog',
    component: () => import('./pages/admin/CatalogPage.vue'),
    meta: { title: 'console.nav.catalog' },
  },
  {
    path: '/admin/calendar',
    name: 'calendar',
    component: () => import('./pages/admin/CalendarPage.vue'),
    meta: { title: 'console.nav.calendar' },
  },
  {
    path: '/admin/users',
    name: 'users',
    component: () => import('./pages/admin/UsersPage.vue'),
    meta: { title: 'console.nav.users', permission: 'users.read' },
  },
  {
    path: '/admin/audit',
    name: 'audit',
    component: () => import('./pages/admin/AuditPage.vue'),
    meta: { title: 'console.nav.audit', permission: 'audit.read' },
  },
  {
    path: '/admin/api-keys',
    name: 'api-keys',
    component: () => import('./pages/admin/ApiKeysPage.vue'),
    meta: { title: 'console.nav.apiKeys', permission: 'apikeys.manage' },
  },
  {
    path: '/admin/outbox',
    name: 'outbox',
    component: () => import('./pages/admin/OutboxPage.vue'),
    meta: { title: 'console.nav.outbox', permission: 'integrations.manage' },
  },
  // Unknown addresses go to the overview.
  { path: '/:pathMatch(.*)*', redirect: '/' },
  // Reached only by name, from the guard: keeps the refused address in the address bar.
  {
    path: '/:pathMatch(.*)*',
    name: 'forbidden',
    component: () => import('./pages/ForbiddenPage.vue'),
    meta: { title: 'console.nav.forbidden' },
  },
]

export const router = createRouter({ history: createWebHistory('/'), routes })
