import { permissionMatrix } from '@onegrid/core/auth/roles'
import { describe, expect, it } from 'vitest'
import { navItems, visibleNavItems } from './nav.ts'
import { routes } from './router.ts'

describe('console navigation', () => {
  it('asks for the same permission in the menu as on the route', () => {
    for (const item of navItems) {
      const route = routes.find((r) => r.path === item.path)
      expect(route, item.path).toBeDefined()
      expect(route?.meta?.permission, item.path).toBe(item.permission)
    }
  })

  it('requires a session on every page but the sign-in page', () => {
    const open = routes.filter((r) => r.meta?.public).map((r) => r.path)
    expect(open).toEqual(['/login'])
  })

  it('shows a grid worker no administration (the catalog and calendar read-only), an administrator all of it', () => {
    const menu = (role: keyof typeof permissionMatrix) =>
      visibleNavItems((p) => permissionMatrix[role].includes(p)).map((i) => i.path)
    expect(menu('grid_worker')).toEqual(['/', '/areas', '/admin/catalog', '/admin/calendar'])
    expect(menu('leader')).toEqual([
      '/',
      '/areas',
      '/admin/grid-staff',
      '/admin/catalog',
      '/admin/calendar',
      '/admin/users',
      '/admin/audit',
    ])
    expect(menu('admin')).toEqual([
      '/',
      '/areas',
      '/admin/grid-staff',
      '/admin/catalog',
      '/admin/calendar',
      '/admin/users',
      '/admin/audit',
      '/admin/api-keys',
    ])
  })
})
