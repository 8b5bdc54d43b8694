import type {
  TBuilding,
  TCamera,
  TComponent,
  THouse,
  THouseList,
  TOrganization,
  TOrganizationList,
  TPlaceMap,
  TTenancy,
} from '@onegrid/core/api/places'
import { creditCheckChar } from '@onegrid/core/registry/credit-code'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bearer,
  createUser,
  loadDemoAreas,
  systemActor,
  tokenFor,
} from '../../../../test/identity-fixtures.ts'
import { rawDump } from '../../../../test/raw-dump.ts'
import { createTestApp } from '../../../../test/test-app.ts'
import type { App } from '../../../app.ts'

const gridA = '110120001001001'
const gridB = '110120001001002'
const credit = (first17: string) => first17 + creditCheckChar(first17)
const safetyPhone = '13912340987'
const streamPassword = 'Cam3raS3cret'

describe('the places and things of the registry', () => {
  let app: App
  const tokens = { admin: '', workerA: '', workerB: '', dispatcher: '' }
  const call = async (
    who: keyof typeof tokens,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ) => app.http.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) })
  const pointIn = async (grid: string) => {
    const { rows } = await sql<{ lng: number; lat: number }>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM areas WHERE code = ${grid}`.execute(app.database.db)
    const row = rows[0]
    if (!row) throw new Error(`no grid ${grid}`)
    return row
  }
  const fields = (res: { json: () => unknown }) =>
    (res.json() as { error: { fields: Record<string, string> } }).error.fields

  beforeAll(async () => {
    app = await createTestApp()
    await loadDemoAreas(app)
    const users = [
      ['pl_admin', 'admin', '110120'],
      ['pl_worker_a', 'grid_worker', gridA],
      ['pl_worker_b', 'grid_worker', gridB],
      ['pl_dispatcher', 'dispatcher', '110120001'],
      ['pl_operator', 'operator', '110120'],
    ] as const
    for (const [username, role, areaCode] of users) await createUser(app, { username, role, areaCode })
    tokens.admin = await tokenFor(app, 'pl_admin')
    tokens.workerA = await tokenFor(app, 'pl_worker_a')
    tokens.workerB = await tokenFor(app, 'pl_worker_b')
    tokens.dispatcher = await tokenFor(app, 'pl_dispatcher')
  })
  afterAll(async () => {
    await app.close()
  })

  it('refuses a credit code with a wrong check character, a malformed component code and a bad stream URL, naming the field, and writes nothing', async () => {
    const good = credit('91110120MA0000001')
    const wrongCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0')
    const org = { name: '错误单位', kind: 'enterprise', address: '测试路1号', gridCode: gridA }
    let res = await call('workerA', 'POST', '/api/registry/organizations', { ...org, creditCode: wrongCheck })
    expect(res.statusCode).toBe(400)
    expect(fields(res).creditCode).toContain('校验位')
    res = await call('workerA', 'POST', '/api/registry/organizations', {
      ...org,
      creditCode: '91110120MA00I0001X',
    })
    expect(fields(res).creditCode).toContain('18 位')
    res = await call('workerA', 'POST', '/api/registry/organizations', {
      ...org,
      creditCode: good,
      safetyContactPhone: '12345',
    })
    expect(fields(res).safetyContactPhone).toContain('电话')

    const here = await pointIn(gridA)
    res = await call('workerA', 'POST', '/api/registry/components', {
      code: '1101200100000012345',
      state: 'intact',
      department: '区城管委',
      location: here,
    })
    expect(res.statusCode).toBe(400)
    expect(fields(res).code).toContain('17 位')
    res = await call('workerA', 'POST', '/api/registry/components', {
      code: '11012000000000001',
      state: 'intact',
      department: '区城管委',
      location: here,
    })
    expect(fields(res).code).toBeDefined()
    res = await call('workerA', 'POST', '/api/registry/cameras', {
      name: '错误摄像机',
      kind: 'dome',
      streamUrl: 'ftp://10.0.0.1/x',
      location: here,
    })
    expect(fields(res).streamUrl).toContain('rtsp')
    res = await call('workerA', 'POST', '/api/registry/buildings', {
      number: '12',
      address: '测试路2号',
      floorsAbove: 6,
      use: 'residential',
      gridCode: gridA,
    })
    expect(res.statusCode).toBe(400)
    expect(fields(res).number).toBeDefined()

    const { rows } = await sql<{ n: number }>`
      SELECT (SELECT count(*) FROM registry_organizations) + (SELECT count(*) FROM registry_components)
        + (SELECT count(*) FROM registry_cameras) + (SELECT count(*) FROM registry_buildings) AS n`.execute(
      app.database.db,
    )
    expect(Number(rows[0]?.n)).toBe(0)
  })

  it('records a building, a house in it with an owner and a tenant, and tells it all on their pages and histories', async () => {
    const here = await pointIn(gridA)
    let res = await call('workerA', 'POST', '/api/registry/buildings', {
      number: '00003',
      name: '3号楼',
      address: '东湖路18号院3号楼',
      floorsAbove: 6,
      use: 'residential',
      location: here,
    })
    expect(res.statusCode).toBe(201)
    const building = res.json() as TBuilding
    expect(building.gridCode).toBe(gridA)
    expect(building.code).toBe('11012000100100003')

    res = await call('workerA', 'POST', '/api/registry/buildings', {
      number: '00003',
      address: '东湖路18号院另一栋',
      floorsAbove: 2,
      use: 'residential',
      gridCode: gridA,
    })
    expect(res.statusCode).toBe(400)
    expect(fields(res).number).toContain('楼栋编码')

    res = await call('workerA', 'POST', '/api/registry/persons', { name: '房东甲', gridCode: gridA })
    const owner = res.json() as { id: number }
    res = await call('workerA', 'POST', '/api/registry/persons', {
      name: '租客乙',
      gridCode: gridA,
      nonLocal: true,
    })
    const renter = res.json() as { id: number }

    res = await call('workerA', 'POST', '/api/registry/houses', {
      buildingId: building.id,
      unit: '2',
      floor: 3,
      roomNo: '301',
      use: 'rental',
      areaM2: 78.5,
      ownerPersonId: owner.id,
    })
    expect(res.statusCode).toBe(201)
    const house = res.json() as THouse
    expect(house.address).toBe('东湖路18号院3号楼2单元301室')
    expect(house.gridCode).toBe(gridA)
    expect(house.location).toEqual(building.location)
    expect(house.owner).toBe('房东甲')
    expect(house).toMatchObject({ buildingName: '3号楼', buildingNumber: '00003' })

    res = await call('workerA', 'POST', `/api/registry/houses/${house.id}/tenancies`, {
      personId: renter.id,
      room: '次卧',
      startDate: '2026-03-01',
      registered: true,
    })
    expect(res.statusCode).toBe(201)
    const tenancy = res.json() as TTenancy
    expect(tenancy.current).toBe(true)
    expect(tenancy.nonLocal).toBe(true)

    res = await call('workerA', 'GET', `/api/registry/houses/${house.id}`)
    const page = res.json() as THouse
    expect(page.currentTenants).toBe(1)
    expect(page.tenancies.map((t) => t.tenant)).toEqual(['租客乙'])
    expect(page.history.map((h) => h.action)).toEqual(['tenancy.add', 'create'])

    res = await call('workerA', 'GET', '/api/registry/houses?rented=true')
    expect((res.json() as THouseList).items.map((h) => h.id)).toContain(house.id)

    res = await call('workerA', 'PATCH', `/api/registry/houses/${house.id}/tenancies/${tenancy.id}`, {
      endDate: '2026-04-30',
      version: tenancy.version,
    })
    expect(res.statusCode).toBe(200)
    expect((res.json() as TTenancy).current).toBe(false)
    res = await call('workerA', 'GET', '/api/registry/houses?rented=true')
    expect((res.json() as THouseList).items.map((h) => h.id)).not.toContain(house.id)

    res = await call('workerA', 'GET', `/api/registry/buildings/${building.id}`)
    const buildingPage = res.json() as TBuilding
    expect(buildingPage.houses).toBe(1)
    expect(buildingPage.houseList.map((h) => h.roomNo)).toEqual(['301'])

    res = await call('workerA', 'PATCH', `/api/registry/houses/${house.id}`, {
      use: 'vacant',
      version: page.version,
      reason: '租客搬离',
    })
    expect(res.statusCode).toBe(200)
    const corrected = res.json() as THouse
    expect(corrected.history[0]).toMatchObject({
      action: 'update',
      reason: '租客搬离',
      changes: { use: ['rental', 'vacant'] },
    })
    res = await call('workerA', 'PATCH', `/api/registry/houses/${house.id}`, {
      use: 'rental',
      version: page.version,
    })
    expect(res.statusCode).toBe(409)
  })

  it('names each house’s building in a list, on its page and in its building’s, as the building is now', async () => {
    const here = await pointIn(gridA)
    const buildings: TBuilding[] = []
    for (const [number, name] of [
      ['00004', '4号楼'],
      ['00005', null],
    ] as const) {
      const res = await call('workerA', 'POST', '/api/registry/buildings', {
        number,
        name,
        address: `西湖路9号院${number}`,
        floorsAbove: 5,
        use: 'residential',
        location: here,
      })
      expect(res.statusCode).toBe(201)
      buildings.push(res.json() as TBuilding)
    }
    const [named, unnamed] = buildings as [TBuilding, TBuilding]
    const houses: THouse[] = []
    for (const body of [
      { buildingId: named.id, unit: '1', floor: 2, roomNo: '201', use: 'rental' },
      { buildingId: unnamed.id, roomNo: '101', use: 'rental' },
      { roomNo: '1', address: '西湖路9号院门卫室', gridCode: gridA, use: 'other' },
    ]) {
      const res = await call('workerA', 'POST', '/api/registry/houses', body)
      expect(res.statusCode).toBe(201)
      houses.push(res.json() as THouse)
    }

    let res = await call('workerA', 'GET', `/api/registry/houses?q=${encodeURIComponent('西湖路9号院')}`)
    const listed = (res.json() as THouseList).items
    const buildingOf = (id: number | undefined) => {
      const h = listed.find((item) => item.id === id)
      return h ? [h.buildingName, h.buildingNumber] : undefined
    }
    expect(buildingOf(houses[0]?.id)).toEqual(['4号楼', '00004'])
    expect(buildingOf(houses[1]?.id)).toEqual([null, '00005'])
    expect(buildingOf(houses[2]?.id)).toEqual([null, null])
    // The names are the building's, not the house's: they stay out of the house's history.
    expect(JSON.stringify(houses[0]?.history)).not.toContain('buildingName')

    res = await call('workerA', 'PATCH', `/api/registry/buildings/${unnamed.id}`, {
      name: '5号楼',
      version: unnamed.version,
    })
    expect(res.statusCode).toBe(200)
    res = await call('workerA', 'GET', `/api/registry/houses/${houses[1]?.id}`)
    expect(res.json()).toMatchObject({ buildingName: '5号楼', buildingNumber: '00005' })
    res = await call('workerA', 'GET', `/api/registry/buildings/${unnamed.id}`)
    expect((res.json() as TBuilding).houseList).toMatchObject([{ roomNo: '101', buildingName: '5号楼' }])
  })

  it('keeps an organization’s phones and a camera’s stream password out of responses and the database, and audits a reveal', async () => {
    const here = await pointIn(gridA)
    let res = await call('workerA', 'POST', '/api/registry/organizations', {
      creditCode: credit('92110120MA0000002'),
      name: '东湖便利店',
      kind: 'individual_business',
      address: '东湖路20号',
      legalRepresentative: '王店主',
      safetyContact: '王店主',
      safetyContactPhone: safetyPhone,
      keyFireUnit: true,
      location: here,
    })
    expect(res.statusCode).toBe(201)
    const org = res.json() as TOrganization
    expect(org.safetyContactPhoneMasked).toBe('139****0987')
    expect(org.registeredAs).toContain('个体工商户')
    expect(res.body).not.toContain(safetyPhone)

    res = await call('workerA', 'POST', '/api/registry/organizations', {
      creditCode: org.creditCode,
      name: '重复单位',
      kind: 'enterprise',
      address: '东湖路21号',
      gridCode: gridA,
    })
    expect(res.statusCode).toBe(400)
    expect(fields(res).creditCode).toContain('已登记')

    res = await call('workerA', 'POST', '/api/registry/cameras', {
      name: '东湖路口球机',
      kind: 'dome',
      streamUrl: `rtsp://admin:${streamPassword}@10.20.30.40:554/Streaming/Channels/101`,
      location: here,
    })
    expect(res.statusCode).toBe(201)
    const camera = res.json() as TCamera
    expect(camera.streamUrlMasked).toBe('rtsp://***@10.20.30.40:554/Streaming/Channels/101')
    expect(res.body).not.toContain(streamPassword)

    const dump = await rawDump(app.database as typeof app.database & { url?: string })
    expect(dump.includes(Buffer.from(safetyPhone))).toBe(false)
    expect(dump.includes(Buffer.from(streamPassword))).toBe(false)

    res = await call('dispatcher', 'POST', `/api/registry/places/organization/${org.id}/reveal`, {
      field: 'safetyContactPhone',
      reason: '消防检查联系',
    })
    expect(res.statusCode).toBe(403)
    res = await call('workerA', 'POST', `/api/registry/places/organization/${org.id}/reveal`, {
      field: 'safetyContactPhone',
      reason: '消防检查联系',
    })
    expect(res.json()).toEqual({ field: 'safetyContactPhone', value: safetyPhone })
    res = await call('workerA', 'POST', `/api/registry/places/camera/${camera.id}/reveal`, {
      field: 'streamUrl',
      reason: '调阅视频',
    })
    expect((res.json() as { value: string }).value).toContain(streamPassword)
    res = await call('workerA', 'POST', `/api/registry/places/camera/${camera.id}/reveal`, {
      field: 'safetyContactPhone',
      reason: '调阅视频',
    })
    expect(res.statusCode).toBe(400)
    expect(fields(res).field).toBeDefined()
    const audits = await app.database.db
      .selectFrom('audit_log')
      .select(['entity_type', 'entity_id', 'details'])
      .where('action', '=', 'place.reveal')
      .execute()
    expect(audits.map((a) => `${a.entity_type}:${a.entity_id}`).sort()).toEqual(
      [`camera:${camera.id}`, `organization:${org.id}`].sort(),
    )
  })

  it('does not let a grid worker of one grid find or change another grid’s places', async () => {
    let res = await call('workerA', 'POST', '/api/registry/organizations', {
      creditCode: credit('91110120MA0000003'),
      name: '甲网格企业',
      kind: 'enterprise',
      address: '东湖路30号',
      gridCode: gridA,
    })
    const org = res.json() as TOrganization
    res = await call('workerB', 'GET', `/api/registry/organizations/${org.id}`)
    expect(res.statusCode).toBe(404)
    res = await call('workerB', 'GET', '/api/registry/organizations?q=甲网格')
    expect((res.json() as TOrganizationList).total).toBe(0)
    res = await call('workerA', 'GET', '/api/registry/organizations?q=甲网格')
    expect((res.json() as TOrganizationList).items.map((o) => o.id)).toEqual([org.id])
    res = await call('workerB', 'PATCH', `/api/registry/organizations/${org.id}`, {
      name: '改名',
      version: org.version,
    })
    expect(res.statusCode).toBe(404)
    res = await call('workerB', 'POST', '/api/registry/buildings', {
      number: '00009',
      address: '越界楼',
      floorsAbove: 3,
      use: 'residential',
      gridCode: gridA,
    })
    expect(fields(res).gridCode).toBeDefined()
    res = await call('workerA', 'GET', '/api/registry/organizations?use=rental')
    expect(fields(res).use).toBeDefined()
    res = await call('workerA', 'GET', '/api/registry/organizations?kind=bank')
    expect(fields(res).kind).toBeDefined()
  })

  it('names a component by its class, dates a change of state, draws the places on the map and links them to cases', async () => {
    const here = await pointIn(gridA)
    let res = await call('workerA', 'POST', '/api/registry/components', {
      code: '11012001003000123',
      state: 'intact',
      department: '区城市管理委员会',
      maintainer: '区排水公司',
      initialDate: '2020-05-01',
      location: here,
    })
    expect(res.statusCode).toBe(201)
    const component = res.json() as TComponent
    expect(component).toMatchObject({ classCode: '01003', className: '雨水井盖', name: '雨水井盖' })
    expect(component.changedDate).toBeNull()
    res = await call('workerA', 'PATCH', `/api/registry/components/${component.id}`, {
      state: 'damaged',
      version: component.version,
      reason: '巡查发现井盖破损',
    })
    const damaged = res.json() as TComponent
    expect(damaged.state).toBe('damaged')
    expect(damaged.changedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    res = await call(
      'workerA',
      'GET',
      '/api/registry/places/map?areaCode=110120001001001&kinds=component,camera',
    )
    const map = res.json() as TPlaceMap
    expect(map.items.find((i) => i.kind === 'component' && i.id === component.id)).toMatchObject({
      state: 'damaged',
      lng: here.lng,
    })
    res = await call('workerA', 'GET', '/api/registry/places/map?kinds=component,ship')
    expect(fields(res).kinds).toContain('ship')

    const operator = await app.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'pl_operator')
      .executeTakeFirstOrThrow()
    const reporter = await app.services.sessions.principalFor(operator.id, 'pl_operator', 'test', false)
    const report = await app.services.cases.report.report(
      reporter,
      systemActor,
      {
        itemCode: 'ZZ01001',
        channel: 'hotline',
        description: '雨水井盖破损',
        gridCode: gridA,
        urgency: 'normal',
        fields: {},
        attachmentIds: [],
        selfHandle: false,
        handlingFields: {},
      },
      null,
    )
    res = await call('admin', 'POST', `/api/cases/${report.case.id}/parties`, {
      entityType: 'component',
      entityId: component.id,
      role: 'location',
    })
    expect(res.statusCode).toBe(200)
    const parties = res.json() as { items: Array<{ label: string }> }
    expect(parties.items[0]?.label).toContain('部件 雨水井盖')
    res = await call('workerA', 'GET', `/api/registry/components/${component.id}`)
    expect((res.json() as TComponent).cases.map((c) => c.id)).toEqual([report.case.id])
  })
})
