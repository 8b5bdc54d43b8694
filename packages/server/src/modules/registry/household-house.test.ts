import type { TBuilding, THouse } from '@onegrid/core/api/places'
import type { THousehold, TPersonList } from '@onegrid/core/api/registry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'

const gridA = '110120001001001'
const foreignGrid = '110120002001001'

describe('households in houses (户 ↔ 房) and the search by address', () => {
  let app: App
  const tokens = { worker: '', admin: '' }
  const call = async (
    who: keyof typeof tokens,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ) => app.http.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) })
  const names = async (query: string, who: keyof typeof tokens = 'worker') =>
    ((await call(who, 'GET', `/api/registry/persons?${query}`)).json() as TPersonList).items
      .map((p) => p.name)
      .sort()

  beforeAll(async () => {
    app = await createTestApp()
    await loadDemoAreas(app)
    await createUser(app, { username: 'hh_worker', role: 'grid_worker', areaCode: gridA })
    await createUser(app, { username: 'hh_admin', role: 'admin', areaCode: '110120' })
    tokens.worker = await tokenFor(app, 'hh_worker')
    tokens.admin = await tokenFor(app, 'hh_admin')
  })
  afterAll(async () => {
    await app.close()
  })

  it('moves a household into a house, finds its members and the house’s tenants by part of the address', async () => {
    let res = await call('worker', 'POST', '/api/registry/buildings', {
      number: '00031',
      address: '东湖路31号院1号楼',
      floorsAbove: 6,
      use: 'residential',
      gridCode: gridA,
    })
    expect(res.statusCode, res.body).toBe(201)
    const building = res.json() as TBuilding
    res = await call('worker', 'POST', '/api/registry/houses', {
      buildingId: building.id,
      unit: '2',
      roomNo: '502',
      use: 'rental',
    })
    const house = res.json() as THouse
    expect(house.address).toBe('东湖路31号院1号楼2单元502室')
    res = await call('worker', 'POST', '/api/registry/houses', {
      roomNo: '1',
      address: '西湖路9号',
      use: 'owner_occupied',
      gridCode: foreignGrid,
    })
    expect(res.statusCode).toBe(400)
    res = await call('admin', 'POST', '/api/registry/houses', {
      roomNo: '1',
      address: '西湖路9号',
      use: 'owner_occupied',
      gridCode: foreignGrid,
    })
    const foreignHouse = res.json() as THouse

    const person = async (name: string) =>
      (
        (await call('worker', 'POST', '/api/registry/persons', { name, gridCode: gridA })).json() as {
          id: number
        }
      ).id
    const head = await person('户主甲')
    const child = await person('子女乙')
    const tenant = await person('租客丙')
    await person('邻居丁')

    res = await call('worker', 'POST', '/api/registry/households', {
      gridCode: gridA,
      houseId: foreignHouse.id,
      members: [{ personId: head, relation: '02' }],
    })
    expect(res.statusCode).toBe(400)
    expect((res.json() as { error: { fields: Record<string, string> } }).error.fields.houseId).toBeTruthy()
    res = await call('worker', 'POST', '/api/registry/households', {
      gridCode: gridA,
      members: [
        { personId: head, relation: '02' },
        { personId: child, relation: '20' },
      ],
    })
    expect(res.statusCode, res.body).toBe(201)
    let household = res.json() as THousehold
    expect(household).toMatchObject({ houseId: null, houseAddress: null })
    expect(await names('address=31号院')).toEqual([])

    res = await call('worker', 'PATCH', `/api/registry/households/${household.id}`, {
      houseId: house.id,
      version: household.version,
    })
    expect(res.statusCode, res.body).toBe(200)
    household = res.json() as THousehold
    expect(household).toMatchObject({ houseId: house.id, houseAddress: '东湖路31号院1号楼2单元502室' })
    res = await call('worker', 'PATCH', `/api/registry/households/${household.id}`, {
      houseId: null,
      version: household.version - 1,
    })
    expect(res.statusCode).toBe(409)
    const onHouse = (await call('worker', 'GET', `/api/registry/houses/${house.id}`)).json() as THouse
    expect(onHouse.households.map((h) => h.id)).toEqual([household.id])
    expect(onHouse.history.map((h) => [h.action, h.changes])).toContainEqual([
      'household.in',
      { household: [null, household.id] },
    ])
    const headPage = (await call('worker', 'GET', `/api/registry/persons/${head}`)).json() as {
      history: Array<{ action: string; changes: Record<string, unknown> }>
    }
    expect(headPage.history.map((h) => [h.action, h.changes])).toContainEqual([
      'household.move',
      { house: [null, '东湖路31号院1号楼2单元502室'] },
    ])

    res = await call('worker', 'POST', `/api/registry/houses/${house.id}/tenancies`, {
      personId: tenant,
      startDate: '2026-01-01',
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(await names('address=31号院1号楼2单元')).toEqual(['子女乙', '户主甲', '租客丙'])
    expect(await names('address=31号院&q=户')).toEqual(['户主甲'])
    expect(await names('address=东湖路99号')).toEqual([])
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'household.update')
      .executeTakeFirstOrThrow()
    expect(audit.details).toMatchObject({ fields: ['houseId'], houseId: [null, house.id] })

    res = await call('worker', 'PATCH', `/api/registry/households/${household.id}`, {
      houseId: null,
      version: household.version,
    })
    expect((res.json() as THousehold).houseId).toBeNull()
    expect(await names('address=31号院')).toEqual(['租客丙'])
  })
})
