import { describe, expect, it } from 'vitest'
import { decideAccess, safeRedirect } from './access.ts'
import { fakeMe } from './test-fixtures.ts'

const page = (fullPath: string, meta = {}, redirect?: unknown) => ({ fullPath, meta, redirect })

describe('decideAccess', () => {
  it('sends a stranger to the sign-in page, remembering where they were going', () => {
    expect(decideAccess(page('/admin/users?q=wang'), null)).toEqual({
      kind: 'login',
      redirect: '/admin/users?q=wang',
    })
  })

  it('lets anybody open public pages', () => {
    expect(decideAccess(page('/citizen', { public: true }), null)).toEqual({ kind: 'allow' })
    expect(decideAccess(page('/citizen', { public: true }), fakeMe('admin'))).toEqual({ kind: 'allow' })
  })

  it('sends a signed-in user away from the sign-in page, to the redirect when it is safe', () => {
    const login = { public: true, guestOnly: true }
    expect(decideAccess(page('/login', login), null)).toEqual({ kind: 'allow' })
    expect(decideAccess(page('/login', login, '/areas'), fakeMe('admin'))).toEqual({
      kind: 'leave',
      to: '/areas',
    })
    expect(decideAccess(page('/login', login, 'https://evil.example'), fakeMe('admin'))).toEqual({
      kind: 'leave',
      to: '/',
    })
  })

  it('holds a user with an initial password on the change page, wherever they go', () => {
    const me = fakeMe('admin', { mustChangePassword: true })
    expect(decideAccess(page('/admin/users', { permission: 'users.read' }), me)).toEqual({
      kind: 'changePassword',
      redirect: '/admin/users',
    })
    expect(decideAccess(page('/', {}), me)).toEqual({ kind: 'changePassword', redirect: '/' })
    expect(decideAccess(page('/password', { passwordChange: true }), me)).toEqual({ kind: 'allow' })
    expect(decideAccess(page('/login', { public: true, guestOnly: true }, '/areas'), me)).toEqual({
      kind: 'changePassword',
      redirect: '/areas',
    })
  })

  it('refuses pages whose permission the user lacks and allows those they hold', () => {
    const users = { permission: 'users.read' as const }
    expect(decideAccess(page('/admin/users', users), fakeMe('grid_worker'))).toEqual({ kind: 'forbidden' })
    expect(decideAccess(page('/admin/users', users), fakeMe('grid_leader'))).toEqual({ kind: 'allow' })
    expect(decideAccess(page('/admin/audit', { permission: 'audit.read' }), fakeMe('leader'))).toEqual({
      kind: 'allow',
    })
    expect(decideAccess(page('/admin/api-keys', { permission: 'apikeys.manage' }), fakeMe('leader'))).toEqual(
      {
        kind: 'forbidden',
      },
    )
    expect(decideAccess(page('/areas', {}), fakeMe('dept_handler'))).toEqual({ kind: 'allow' })
  })

  it('refuses a page kept for some roles to a user holding none of them, even by its address', () => {
    const desk = { roles: ['operator', 'dispatcher', 'dept_handler'] as const }
    expect(decideAccess(page('/cases/new', desk), fakeMe('grid_worker'))).toEqual({ kind: 'forbidden' })
    expect(decideAccess(page('/cases/new', desk), fakeMe('operator'))).toEqual({ kind: 'allow' })
    expect(decideAccess(page('/cases/42', desk), fakeMe('dept_handler'))).toEqual({ kind: 'allow' })
  })
})

describe('safeRedirect', () => {
  it('keeps paths of this site', () => {
    expect(safeRedirect('/admin/audit?actor=admin#top')).toBe('/admin/audit?actor=admin#top')
    expect(safeRedirect(['/areas', '/x'])).toBe('/areas')
  })

  it('refuses other origins, non-strings and the sign-in page itself', () => {
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example', 'areas', '', null, 3]) {
      expect(safeRedirect(bad)).toBe('/')
    }
    expect(safeRedirect('/login?redirect=/x')).toBe('/')
    expect(safeRedirect('/login')).toBe('/')
    expect(safeRedirect('/loginhelp')).toBe('/loginhelp')
  })
})
