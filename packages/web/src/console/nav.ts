import type { Permission } from '@onegrid/core/auth/roles'
import type { ConsolePageTitle } from './router.ts'

export type NavIconName = 'dashboard' | 'map' | 'users' | 'audit' | 'key'

export interface NavItem {
  path: string
  title: ConsolePageTitle
  icon: NavIconName
  /** Shown only to users who hold it; the route refuses the others too. */
  permission?: Permission
}

export const navItems: readonly NavItem[] = [
  { path: '/', title: 'console.nav.dashboard', icon: 'dashboard' },
  { path: '/areas', title: 'console.nav.areas', icon: 'map' },
  { path: '/admin/grid-staff', title: 'console.nav.gridStaff', icon: 'users', permission: 'users.read' },
  // Everyone signed in reads the catalog and the calendar; editing them needs catalog.manage / calendar.manage.
  { path: '/admin/catalog', title: 'console.nav.catalog', icon: 'audit' },
  { path: '/admin/calendar', title: 'console.nav.calendar', icon: 'dashboard' },
  { path: '/admin/users', title: 'console.nav.users', icon: 'users', permission: 'users.read' },
  { path: '/admin/audit', title: 'console.nav.audit', icon: 'audit', permission: 'audit.read' },
  { path: '/admin/api-keys', title: 'console.nav.apiKeys', icon: 'key', permission: 'apikeys.manage' },
]

/** The menu a user sees: items without a permission, and those whose permission they hold. */
export function visibleNavItems(can: (permission: Permission) => boolean): NavItem[] {
  return navItems.filter((item) => !item.permission || can(item.permission))
}
