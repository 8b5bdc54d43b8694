import type { Permission, Role } from '@onegrid/core/auth/roles'
import type { ConsolePageTitle } from './router.ts'

export type NavIconName =
  | 'dashboard'
  | 'map'
  | 'users'
  | 'audit'
  | 'key'
  | 'cases'
  | 'phone'
  | 'pin'
  | 'check'
  | 'photo'
  | 'flag'
  | 'whistle'

/** Menu groups: consecutive items of one group are shown under its title (网格巡查: patrols and visits). */
export type NavGroup = 'fieldwork'
export const navGroupTitles: Record<NavGroup, ConsolePageTitle> = { fieldwork: 'console.nav.fieldwork' }

export interface NavItem {
  path: string
  title: ConsolePageTitle
  icon: NavIconName
  group?: NavGroup
  /** Shown only to users who hold it; the route refuses the others too. */
  permission?: Permission
  /** Shown only to users holding one of these roles (the server scopes what they may see in it). */
  roles?: readonly Role[]
}

/** Who works cases at a desk: everybody but the grid worker, whose field app is the case tool. */
export const caseWorkRoles: readonly Role[] = [
  'operator',
  'dispatcher',
  'shift_leader',
  'dept_handler',
  'leader',
  'supervisor',
  'grid_leader',
  'admin',
]

export const navItems: readonly NavItem[] = [
  { path: '/', title: 'console.nav.dashboard', icon: 'dashboard' },
  { path: '/cases', title: 'console.nav.cases', icon: 'cases', roles: caseWorkRoles },
  { path: '/cases/new', title: 'console.nav.hotline', icon: 'phone', roles: caseWorkRoles },
  { path: '/cases/map', title: 'console.nav.caseMap', icon: 'pin', roles: caseWorkRoles },
  // 照片审核: residents' photos of the caller's areas, before the public map shows them.
  {
    path: '/cases/photos',
    title: 'console.nav.photoModeration',
    icon: 'photo',
    permission: 'citizen.moderate',
  },
  { path: '/areas', title: 'console.nav.areas', icon: 'map' },
  {
    path: '/registry/persons',
    title: 'console.nav.registryPersons',
    icon: 'users',
    permission: 'registry.read',
  },
  {
    path: '/registry/places',
    title: 'console.nav.registryPlaces',
    icon: 'pin',
    permission: 'registry.read',
  },
  {
    path: '/registry/special-groups',
    title: 'console.nav.specialGroups',
    icon: 'audit',
    permission: 'registry.special',
  },
  // Grid workers read it too: the server shows them their grid's items, which they record.
  {
    path: '/registry/spot-checks',
    title: 'console.nav.registrySpotChecks',
    icon: 'check',
    permission: 'registry.read',
  },
  // 网格巡查: the field app's work seen from the desk, within one's scope.
  {
    path: '/fieldwork/patrols',
    title: 'console.nav.patrols',
    icon: 'pin',
    permission: 'fieldwork.read',
    group: 'fieldwork',
  },
  {
    path: '/fieldwork/visits/overdue',
    title: 'console.nav.visitsOverdue',
    icon: 'map',
    permission: 'fieldwork.read',
    group: 'fieldwork',
  },
  {
    path: '/fieldwork/visits',
    title: 'console.nav.visits',
    icon: 'check',
    permission: 'fieldwork.read',
    group: 'fieldwork',
  },
  {
    path: '/fieldwork/visit-plan',
    title: 'console.nav.visitPlan',
    icon: 'audit',
    permission: 'fieldwork.read',
    group: 'fieldwork',
  },
  // 专项任务: campaigns reaching into one's jurisdiction; creating one needs campaigns.manage.
  { path: '/campaigns', title: 'console.nav.campaigns', icon: 'flag', permission: 'campaigns.read' },
  // 吹哨报到: everyone reads the whistles of their jurisdiction (a department those summoning it).
  { path: '/whistles', title: 'console.nav.whistles', icon: 'whistle', permission: 'whistles.read' },
  // 考核: everyone reads the scores of their jurisdiction; publishing and the scheme need assessment.manage.
  {
    path: '/stats/assessment',
    title: 'console.nav.assessment',
    icon: 'dashboard',
    permission: 'stats.read',
  },
  // 通报: everyone reads the bulletins of their jurisdiction; generating one needs bulletins.manage.
  {
    path: '/stats/bulletins',
    title: 'console.nav.bulletins',
    icon: 'audit',
    permission: 'stats.read',
  },
  { path: '/admin/grid-staff', title: 'console.nav.gridStaff', icon: 'users', permission: 'users.read' },
  // Everyone signed in reads the catalog and the calendar; editing them needs catalog.manage / calendar.manage.
  { path: '/admin/catalog', title: 'console.nav.catalog', icon: 'audit' },
  { path: '/admin/calendar', title: 'console.nav.calendar', icon: 'dashboard' },
  { path: '/admin/users', title: 'console.nav.users', icon: 'users', permission: 'users.read' },
  { path: '/admin/audit', title: 'console.nav.audit', icon: 'audit', permission: 'audit.read' },
  { path: '/admin/api-keys', title: 'console.nav.apiKeys', icon: 'key', permission: 'apikeys.manage' },
  { path: '/admin/outbox', title: 'console.nav.outbox', icon: 'audit', permission: 'integrations.manage' },
]

/** The menu a user sees: items without a permission or role list, and those whose permission or a role they hold. */
export function visibleNavItems(
  can: (permission: Permission) => boolean,
  held: readonly Role[] = [],
): NavItem[] {
  return navItems.filter(
    (item) =>
      (!item.permission || can(item.permission)) && (!item.roles || item.roles.some((r) => held.includes(r))),
  )
}
