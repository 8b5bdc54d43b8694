import { randomBytes } from 'node:crypto'
import type { TPerson, TPersonList } from '@onegrid/core/api/registry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bearer,
  createUser,
  loadDemoAreas,
  rootScope,
  systemActor,
  tokenFor,
} from '../test/identity-fixtures.ts'
import { createTestApp } from '../test/test-app.ts'
import { type App, buildApp, piiTables } from './app.ts'
import { systemClock } from './platform/clock.ts'
import type { Config } from './platform/config.ts'
import { PiiCipher } from './platform/crypto/pii-cipher.ts'
import { rotatePiiKey } from './platform/crypto/rotate-key.ts'

/**
 * `onegrid pii rotate-key`: every ciphertext of every module opens under the new
 * key afterwards, every blind index finds its row, the old key opens nothing,
 * and a second run (as after an interruption) changes nothing more.
 */
describe('rotating the personal-data key', () => {
  const oldKey = randomBytes(32)
  const newKey = randomBytes(32)
  let app: App & { config: Config }
  let person: TPerson

  beforeAll(async () => {
    app = await createTestApp({ piiKey: oldKey })
    await loadDemoAreas(app)
    const worker = await createUser(app, {
      username: 'rot_worker',
      role: 'grid_worker',
      areaCode: '110120001001001',
    })
    await app.services.users.update(rootScope, systemActor, worker.id, { mobile: '13800138000' })
    const admin = await app.services.sessions.principalFor(
      (await createUser(app, { username: 'rot_admin', role: 'admin', areaCode: '110120' })).id,
      'rot_admin',
      'test',
      false,
    )
    person = await app.services.registry.persons.create(admin, systemActor, {
      name: '王五',
      documentKind: 'id_card',
      documentNumber: '11010519491231002X',
      phone: '13612345678',
      address: '运河西路8号',
      gridCode: '110120001001001',
    })
    await app.services.registry.groups.add(admin, systemActor, person.id, {
      group: 'empty_nest_elderly',
      fields: { livingAlone: true },
      riskLevel: 'green',
      helperIds: [],
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('re-encrypts everything under the new key, and a second run finds nothing left', async () => {
    const from = new PiiCipher(oldKey, 'aes')
    const to = new PiiCipher(newKey, 'sm4')
    const first = await rotatePiiKey(app.database.db, piiTables, from, to)
    const rotated = Object.fromEntries(first.map((t) => [t.table, t.rotated]))
    expect(rotated).toMatchObject({ registry_persons: 1, registry_group_members: 1, users: 1 })
    const again = await rotatePiiKey(app.database.db, piiTables, from, to)
    expect(again.every((t) => t.rotated === 0)).toBe(true)

    const stored = await app.database.db
      .selectFrom('registry_persons')
      .select(['document_cipher', 'phone_cipher'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(() => from.decrypt(stored.document_cipher ?? '', 'person.document')).toThrow()
    expect(to.decrypt(stored.document_cipher ?? '', 'person.document')).toBe('11010519491231002X')
  })

  it('lets a server with the new key find and reveal what the old one wrote', async () => {
    const rotatedApp = await buildApp({
      config: { ...app.config, pii: { ...app.config.pii, cipher: 'sm4' } },
      database: app.database,
      clock: systemClock,
      piiKey: newKey,
      logger: app.http.log,
    })
    const token = await tokenFor(rotatedApp, 'rot_worker')
    const byId = (
      await rotatedApp.http.inject({
        method: 'GET',
        url: '/api/registry/persons?documentNumber=11010519491231002X',
        headers: bearer(token),
      })
    ).json() as TPersonList
    expect(byId.items.map((p) => p.id)).toEqual([person.id])
    const byPhone = (
      await rotatedApp.http.inject({
        method: 'GET',
        url: '/api/registry/persons?phone=13612345678',
        headers: bearer(token),
      })
    ).json() as TPersonList
    expect(byPhone.items.map((p) => p.id)).toEqual([person.id])
    const revealed = await rotatedApp.http.inject({
      method: 'POST',
      url: `/api/registry/persons/${person.id}/reveal`,
      headers: bearer(token),
      payload: { field: 'address', reason: '核对住址' },
    })
    expect(revealed.json()).toEqual({ field: 'address', value: '运河西路8号' })
    const got = (
      await rotatedApp.http.inject({
        method: 'GET',
        url: `/api/registry/persons/${person.id}`,
        headers: bearer(token),
      })
    ).json() as TPerson
    expect(got.memberships[0]?.fields).toEqual({ livingAlone: true })
  })
})
