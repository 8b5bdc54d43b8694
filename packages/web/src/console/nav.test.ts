import { permissionMatrix, type Role, roles } from '@onegrid/core/auth/roles'
import { describe, expect, it } from 'vitest'
import { caseWorkRoles, navItems, visibleNavItems } from './nav.ts'
import { routes } from './router.ts'

const menu = (role: Role) =>
  visibleNavItems((p) => permissionMatrix[role].includes(p), [role]).map((i) => i.path)
const caseEntries = ['/cases', '/cases/new', '/cases/map']
const registryEntries = [
  '/registry/persons',
  '/registry/places',
  '/registry/special-groups',
  '/registry/spot-checks',
]
const fieldworkEntries = [
  '/fieldwork/patrols',
  '/fieldwork/visits/overdue',
  '/fieldwork/visits',
  '/fieldwork/visit-plan',
]

describe('console navigation', () => {
  it('asks for the same permission and roles in the menu as on the route', () => {
    for (const item of navItems) {
      const route = routes.find((r) => r.path === item.path)
      expect(route, item.path).toBeDefined()
      expect(route?.meta?.permission, item.path).toBe(item.permission)
      expect(route?.meta?.roles, item.path).toEqual(item.roles)
    }
    // A single case is open to whoever the server lets see it (a grid worker's dispatched case).
    expect(routes.find((r) => r.name === 'case')?.meta?.roles).toBeUndefined()
  })

  it('requires a session on every page but the sign-in page', () => {
    const open = routes.filter((r) => r.meta?.public).map((r) => r.path)
    expect(open).toEqual(['/login'])
  })

  it('shows a grid worker no administration (the catalog and calendar read-only), an administrator all of it', () => {
    expect(menu('grid_worker')).toEqual([
      '/',
      '/areas',
      ...registryEntries,
      ...fieldworkEntries,
      '/campaigns',
      '/whistles',
      '/stats/assessment',
      '/stats/bulletins',
      '/admin/catalog',
      '/admin/calendar',
    ])
    expect(menu('leader')).toEqual([
      '/',
      ...caseEntries,
      '/areas',
      ...registryEntries,
      ...fieldworkEntries,
      '/campaigns',
      '/whistles',
      '/stats/assessment',
      '/stats/bulletins',
      '/admin/grid-staff',
      '/admin/catalog',
      '/admin/calendar',
      '/admin/users',
      '/admin/audit',
    ])
    expect(menu('admin')).toEqual([
      '/',
      ...caseEntries,
      '/cases/photos',
      '/areas',
      ...registryEntries,
      ...fieldworkEntries,
      '/campaigns',
      '/whistles',
      '/stats/assessment',
      '/stats/bulletins',
      '/admin/grid-staff',
      '/admin/catalog',
      '/admin/calendar',
      '/admin/users',
      '/admin/audit',
      '/admin/api-keys',
      '/admin/outbox',
    ])
  })

  it('shows the case screens to everyone who works cases at a desk, not to the grid worker', () => {
    for (const role of roles) {
      const shown = caseEntries.every((path) => menu(role).includes(path))
      expect(shown, role).toBe(role !== 'grid_worker')
      expect(caseWorkRoles.includes(role), role).toBe(shown)
    }
  })

  it('shows 照片审核 to those who moderate residents’ photos: operators, shift leaders, administrators', () => {
    const moderators = roles.filter((role) => menu(role).includes('/cases/photos'))
    expect(moderators).toEqual(roles.filter((role) => permissionMatrix[role].includes('citizen.moderate')))
    expect([...moderators].sort()).toEqual(['admin', 'operator', 'shift_leader'])
  })

  it('shows the residents to those who read the registry, the special groups only to those who may see them', () => {
    expect(menu('operator')).toContain('/registry/persons')
    expect(menu('operator')).toContain('/registry/places')
    expect(menu('operator')).not.toContain('/registry/special-groups')
    expect(menu('dispatcher')).not.toContain('/registry/persons')
    expect(menu('dispatcher')).not.toContain('/registry/places')
    // Spot checks: whoever reads the registry (the server shows a grid worker their grid's items).
    expect(menu('operator')).toContain('/registry/spot-checks')
    expect(menu('grid_worker')).toContain('/registry/spot-checks')
    expect(menu('dispatcher')).not.toContain('/registry/spot-checks')
  })

  it('shows a role-limited entry to someone with several roles when any of them fits', () => {
    const items = visibleNavItems(() => false, ['grid_worker', 'supervisor']).map((i) => i.path)
    expect(items).toEqual(['/', ...caseEntries, '/areas', '/admin/catalog', '/admin/calendar'])
  })
})
