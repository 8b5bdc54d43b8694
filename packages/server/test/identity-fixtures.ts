import type { TUser } from '@onegrid/core/api/identity'
import type { Role } from '@onegrid/core/auth/roles'
import type { App } from '../src/app.ts'
import { demoAreaTree } from '../src/modules/areas/demo.ts'
import type { Actor, Scope } from '../src/platform/auth/principal.ts'

export const testPassword = 'Test#2026pass'
export const rootScope: Scope = { areaPaths: ['110120'], unitIds: [] }
export const systemActor: Actor = { userId: null, name: 'test', ip: null, userAgent: null, requestId: null }

export async function loadDemoAreas(app: App): Promise<void> {
  await app.services.areas.saveTree(await demoAreaTree(app.database.db))
}

/** A ready-to-use account (no forced password change) with one assignment. */
export async function createUser(
  app: App,
  options: {
    username: string
    role: Role
    areaCode?: string
    unitId?: number
    password?: string
    mustChange?: boolean
  },
): Promise<TUser> {
  const user = await app.services.users.create(rootScope, systemActor, {
    username: options.username,
    displayName: options.username,
    initialPassword: options.password ?? testPassword,
    assignments: [
      {
        role: options.role,
        ...(options.areaCode ? { areaCode: options.areaCode } : {}),
        ...(options.unitId ? { unitId: options.unitId } : {}),
      },
    ],
  })
  if (!options.mustChange) {
    await app.database.db
      .updateTable('users')
      .set({ must_change_password: false })
      .where('id', '=', user.id)
      .execute()
  }
  return user
}

export async function tokenFor(app: App, username: string, password = testPassword): Promise<string> {
  return (await app.services.login.login(username, password, systemActor)).token
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
