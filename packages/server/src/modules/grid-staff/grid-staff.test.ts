import type { TGridStaff, TGridStaffing, TGridWorkerList, TWorkerProfile } from '@onegrid/core/api/grid-staff'
import type { TUser } from '@onegrid/core/api/identity'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, rootScope, systemActor, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import type { AreaNode } from '../areas/service.ts'
import { IdentityQueries } from '../identity/queries.ts'
import { loadDemoGridStaff } from './demo.ts'
import { GridStaffQueries } from './queries.ts'
import { GridStaffStore } from './store.ts'

/**
 * A small network with known households: 东湖街道 (inside the street administrator's jurisdiction)
 * with an urban community of three grids and a village of one, and 西园街道 outside it.
 */
const node = (code: string, name: string, level: AreaNode['level'], households?: number): AreaNode => ({
  code,
  name,
  level,
  parentCode:
    level === 'district' ? null : code.slice(0, level === 'street' ? 6 : level === 'community' ? 9 : 12),
  geometry: null,
  ...(level === 'grid' ? { gridType: 'basic' as const, households: households ?? null } : {}),
})
const tree: AreaNode[] = [
  node('110120', '云溪区', 'district'),
  node('110120001', '东湖街道', 'street'),
  node('110120001001', '湖滨社区', 'community'),
  node('110120001001001', '湖滨社区第一网格', 'grid', 900),
  node('110120001001002', '湖滨社区第二网格', 'grid', 300),
  node('110120001001003', '湖滨社区第三网格', 'grid', 600),
  node('110120001200', '白塔村', 'community'),
  node('110120001200001', '白塔村第一网格', 'grid', 400),
  node('110120002', '西园街道', 'street'),
  node('110120002001', '西园社区', 'community'),
  node('110120002001001', '西园社区第一网格', 'grid', 500),
]

const g1 = '110120001001001'
const g2 = '110120001001002'
const g3 = '110120001001003'
const village = '110120001200001'
const foreign = '110120002001001'

/** Today in China is 2026-11-23. */
const clock = new ManualClock('2026-11-23T02:00:00Z')

async function setUp(env: NodeJS.ProcessEnv = {}) {
  const app = await createTestApp({ clock, env })
  await app.services.areas.saveTree(tree)
  const unit = await app.database.db
    .insertInto('units')
    .values({
      name: '东湖街道联勤队伍',
      kind: 'joint_team',
      area_code: '110120001',
      area_path: '110120.110120001',
      created_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const make = (username: string, role: Parameters<typeof createUser>[1]['role'], areaCode?: string) =>
    createUser(app, {
      username,
      role,
      ...(areaCode ? { areaCode } : { unitId: unit.id }),
    })
  return { app, make, unitId: unit.id }
}

describe('staff on grids', () => {
  let app: App
  let boss = ''
  const people: Record<string, TUser> = {}
  const call = (
    method: 'GET' | 'PUT' | 'PATCH' | 'POST',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
    token = boss,
  ) =>
    app.http.inject({
      method,
      url,
      headers: { ...bearer(token), ...headers },
      ...(payload ? { payload } : {}),
    })
  const staff = (code: string, list: [string, string][]) =>
    call('PUT', `/api/grids/${code}/staff`, {
      staff: list.map(([name, role]) => ({ userId: people[name]?.id, role })),
    })

  beforeAll(async () => {
    const setup = await setUp()
    app = setup.app
    const make = setup.make
    people.boss = await make('boss', 'admin', '110120001')
    people.lead = await make('lead', 'grid_leader', '110120001001')
    people.w1 = await make('wuyi', 'grid_worker', '110120001001')
    people.w2 = await make('zheng', 'grid_worker', '110120001001')
    people.w3 = await make('feng', 'grid_worker', '110120001200')
    people.sup = await make('sun', 'supervisor', '110120001')
    people.liaison = await make('handler', 'dept_handler')
    people.outsider = await make('far', 'grid_worker', '110120002001')
    boss = await tokenFor(app, 'boss')
  })
  afterAll(async () => {
    await app.close()
  })

  it('replaces a grid’s staff set, and the postings show in each person’s role assignments', async () => {
    const first = await staff(g1, [
      ['lead', 'grid_leader'],
      ['w1', 'grid_worker'],
      ['w2', 'grid_worker'],
      ['sup', 'supervisor'],
      ['liaison', 'dept_handler'],
    ])
    expect(first.statusCode).toBe(200)
    const body = first.json() as TGridStaff
    expect(body.items.map((m) => `${m.username}:${m.role}`)).toEqual([
      'lead:grid_leader',
      'wuyi:grid_worker',
      'zheng:grid_worker',
      'sun:supervisor',
      'handler:dept_handler',
    ])
    expect(body.workers).toBe(2)
    expect(body.householdsPerWorker).toBe(450)
    expect(body.items.find((m) => m.role === 'dept_handler')?.units.map((u) => u.name)).toEqual([
      '东湖街道联勤队伍',
    ])

    const userNamed = async (q: string) =>
      ((await call('GET', `/api/users?q=${q}`)).json() as { items: TUser[] }).items[0]
    const w2 = await userNamed('zheng')
    expect(w2?.assignments.map((a) => `${a.role}@${a.areaCode}`)).toContain(`grid_worker@${g1}`)

    // The same call with fewer people takes the others off the grid.
    const second = await staff(g1, [
      ['lead', 'grid_leader'],
      ['w1', 'grid_worker'],
    ])
    expect((second.json() as TGridStaff).items.map((m) => m.username)).toEqual(['lead', 'wuyi'])
    const after = await userNamed('zheng')
    expect(after?.assignments.map((a) => a.areaCode)).not.toContain(g1)
    const listed = (await call('GET', `/api/grids/${g1}/staff`)).json() as TGridStaff
    expect(listed.items).toHaveLength(2)

    const audit = (await call('GET', `/api/audit?entityId=${g1}`)).json() as {
      items: { action: string; details: { added?: number; removed?: number } }[]
    }
    expect(audit.items.map((e) => [e.action, e.details.added, e.details.removed])).toEqual([
      ['gridstaff.assign', 0, 3],
      ['gridstaff.assign', 5, 0],
    ])
  })

  it('refuses a grid outside the jurisdiction, a person outside it, and a code that is no grid', async () => {
    const out = await staff(foreign, [['outsider', 'grid_worker']])
    expect(out.statusCode).toBe(404)
    expect((await call('GET', `/api/grids/${foreign}/staff`)).statusCode).toBe(404)

    const stranger = await staff(g2, [['outsider', 'grid_worker']])
    expect(stranger.statusCode).toBe(400)
    expect(stranger.json().error.fields['staff.0.userId']).toContain('不在您的管辖范围内')

    const community = await staff('110120001001', [['w1', 'grid_worker']])
    expect(community.statusCode).toBe(400)
    expect(community.json().error.fields.code).toContain('不是网格')

    const notLiaison = await staff(g2, [['w3', 'dept_handler']])
    expect(notLiaison.statusCode).toBe(400)
    expect(notLiaison.json().error.fields['staff.0.role']).toContain('不是部门处置人员')

    // A grid worker may read their grid's staff but not change it.
    const worker = await tokenFor(app, 'wuyi')
    expect((await call('GET', `/api/grids/${g1}/staff`, undefined, {}, worker)).statusCode).toBe(200)
    expect((await call('PUT', `/api/grids/${g1}/staff`, { staff: [] }, {}, worker)).statusCode).toBe(403)
    // Nothing changed on the grid the refusals were about.
    expect(((await call('GET', `/api/grids/${g2}/staff`)).json() as TGridStaff).items).toEqual([])
  })

  it('warns, without refusing, when a grid worker’s households pass the threshold', async () => {
    // 吴 alone on grid 1 (900 households): 900 > 500.
    const alone = (await staff(g1, [
      ['lead', 'grid_leader'],
      ['w1', 'grid_worker'],
    ]).then((r) => r.json())) as TGridStaff
    expect(alone.warnings.filter((w) => w.kind === 'overloaded')).toEqual([
      expect.objectContaining({ userId: people.w1?.id, load: 900, limit: 500 }),
    ])
    // Also alone on grid 3 (600): the load is the sum over both grids.
    await staff(g3, [['w1', 'grid_worker']])
    // 郑 joins on grid 1: 吴 has 900 / 2 + 600 = 1050, 郑 450 (under the threshold).
    const res = await staff(g1, [
      ['lead', 'grid_leader'],
      ['w1', 'grid_worker'],
      ['w2', 'grid_worker'],
    ])
    expect(res.statusCode).toBe(200)
    const body = res.json() as TGridStaff
    expect(body.items.filter((m) => m.role === 'grid_worker').map((m) => [m.username, m.load])).toEqual([
      ['wuyi', 1050],
      ['zheng', 450],
    ])
    const overloaded = body.warnings.filter((w) => w.kind === 'overloaded')
    expect(overloaded).toHaveLength(1)
    expect(overloaded[0]?.message).toBe('网格员wuyi负责约 1050 户，超过每人 500 户的上限')
    const english = (
      await call('GET', `/api/grids/${g1}/staff`, undefined, { 'accept-language': 'en' })
    ).json()
    expect(english.warnings.find((w: { kind: string }) => w.kind === 'overloaded').message).toBe(
      'Grid worker wuyi serves about 1050 households, more than the limit of 500',
    )
  })

  it('keeps training and qualification records and flags who is below the threshold', async () => {
    const w1 = people.w1?.id
    const before = (await call('GET', `/api/grid-workers/${w1}`)).json() as TWorkerProfile
    expect(before.qualification).toMatchObject({
      qualified: false,
      gaps: ['no_valid_qualification', 'insufficient_training'],
    })

    // An expired certificate does not count; a valid one does.
    await call('POST', `/api/grid-workers/${w1}/qualifications`, {
      name: '网格员上岗资格证',
      certificateNo: 'YX2020000001',
      issuedOn: '2020-03-01',
      expiresOn: '2023-03-01',
    })
    const expired = (await call('GET', `/api/grid-workers/${w1}`)).json() as TWorkerProfile
    expect(expired.qualifications.map((q) => q.valid)).toEqual([false])
    expect(expired.qualification.hasValidQualification).toBe(false)
    const added = await call('POST', `/api/grid-workers/${w1}/qualifications`, {
      name: '网格员上岗资格证',
      certificateNo: 'YX2025000001',
      issuedOn: '2025-03-01',
      expiresOn: '2028-03-01',
    })
    expect(added.statusCode).toBe(201)
    expect((added.json() as TWorkerProfile).qualification).toMatchObject({
      hasValidQualification: true,
      validUntil: '2028-03-01',
      gaps: ['insufficient_training'],
    })

    // 16 hours are needed in the last 12 months; a course 13 months ago does not count.
    await call('POST', `/api/grid-workers/${w1}/trainings`, {
      course: '消防安全常识',
      hours: 12,
      completedOn: '2025-10-20',
    })
    await call('POST', `/api/grid-workers/${w1}/trainings`, {
      course: '矛盾纠纷排查化解',
      hours: 8,
      completedOn: '2026-05-10',
    })
    const short = (await call('GET', `/api/grid-workers/${w1}`)).json() as TWorkerProfile
    expect(short.qualification).toMatchObject({ qualified: false, trainingHours12m: 8 })
    expect(short.trainings.map((t) => [t.completedOn, t.recent])).toEqual([
      ['2026-05-10', true],
      ['2025-10-20', false],
    ])
    const enough = await call('POST', `/api/grid-workers/${w1}/trainings`, {
      course: '安全生产隐患巡查',
      hours: 8,
      completedOn: '2026-11-20',
    })
    expect((enough.json() as TWorkerProfile).qualification).toMatchObject({
      qualified: true,
      trainingHours12m: 16,
      gaps: [],
    })

    // The grid shows the flag: 吴 is qualified now, 郑 is not.
    const grid = (await call('GET', `/api/grids/${g1}/staff`)).json() as TGridStaff
    const flags = grid.items.map((m) => [m.username, m.qualification?.qualified ?? null])
    expect(flags).toEqual([
      ['lead', false],
      ['wuyi', true],
      ['zheng', false],
    ])
    expect(grid.warnings.filter((w) => w.kind === 'unqualified').map((w) => w.displayName)).toEqual([
      'lead',
      'zheng',
    ])
  })

  it('names the field of a bad training or qualification record, in Chinese unless asked otherwise', async () => {
    const url = `/api/grid-workers/${people.w2?.id}`
    const zeroHours = await call('POST', `${url}/trainings`, {
      course: '消防安全常识',
      hours: 0,
      completedOn: '2026-11-01',
    })
    expect(zeroHours.statusCode).toBe(400)
    expect(Object.keys(zeroHours.json().error.fields)).toEqual(['hours'])
    expect(zeroHours.json().error.fields.hours).toMatch(/[\u4e00-\u9fa5]/)

    const future = await call('POST', `${url}/trainings`, {
      course: '消防安全常识',
      hours: 4,
      completedOn: '2026-12-01',
    })
    expect(future.json().error.fields).toEqual({ completedOn: '完成日期不能晚于今天' })

    const badDay = await call('POST', `${url}/trainings`, {
      course: '消防安全常识',
      hours: 4,
      completedOn: '2026-02-30',
    })
    expect(Object.keys(badDay.json().error.fields)).toEqual(['completedOn'])

    const backwards = await call('POST', `${url}/qualifications`, {
      name: '网格员上岗资格证',
      certificateNo: 'YX2026000009',
      issuedOn: '2026-01-01',
      expiresOn: '2025-12-31',
    })
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json().error.fields).toEqual({ expiresOn: '有效期至须晚于发证日期' })
    const inEnglish = await call(
      'POST',
      `${url}/qualifications`,
      {
        name: '网格员上岗资格证',
        certificateNo: 'YX2026000009',
        issuedOn: '2026-01-01',
        expiresOn: '2025-12-31',
      },
      { 'accept-language': 'en' },
    )
    expect(inEnglish.json().error.fields).toEqual({
      expiresOn: 'the expiry date must be after the issue date',
    })

    const good = { name: '网格员上岗资格证', certificateNo: 'YX2026000010', issuedOn: '2026-01-01' }
    expect((await call('POST', `${url}/qualifications`, good)).statusCode).toBe(201)
    const twice = await call('POST', `${url}/qualifications`, good)
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.fields).toEqual({ certificateNo: '该证书编号已登记' })

    // The profile of someone who is no grid worker, or outside the jurisdiction, is not there.
    expect((await call('GET', `/api/grid-workers/${people.sup?.id}`)).statusCode).toBe(404)
    expect((await call('GET', `/api/grid-workers/${people.outsider?.id}`)).statusCode).toBe(404)
  })

  it('keeps employment and lists the roster with its filters', async () => {
    const saved = await call('PATCH', `/api/grid-workers/${people.w3?.id}`, {
      employment: 'part_time',
      hiredOn: '2024-04-01',
      note: '兼任村会计',
    })
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toMatchObject({ employment: 'part_time', hiredOn: '2024-04-01', note: '兼任村会计' })
    const future = await call('PATCH', `/api/grid-workers/${people.w3?.id}`, { hiredOn: '2027-01-01' })
    expect(future.json().error.fields).toEqual({ hiredOn: '入职日期不能晚于今天' })

    const roster = (await call('GET', '/api/grid-workers').then((r) => r.json())) as TGridWorkerList
    expect(roster.items.map((w) => w.username)).toEqual(['lead', 'wuyi', 'zheng', 'feng'])
    expect(roster.total).toBe(4)
    const qualified = (await call('GET', '/api/grid-workers?qualified=true').then((r) =>
      r.json(),
    )) as TGridWorkerList
    expect(qualified.items.map((w) => w.username)).toEqual(['wuyi'])
    const villageOnly = (await call('GET', '/api/grid-workers?under=110120001200').then((r) =>
      r.json(),
    )) as TGridWorkerList
    expect(villageOnly.items.map((w) => [w.username, w.employment])).toEqual([['feng', 'part_time']])
    const wu = roster.items.find((w) => w.username === 'wuyi')
    expect(wu?.postings.map((p) => p.areaCode)).toEqual(['110120001001', g1, g3])
    expect((await call('GET', '/api/grid-workers?under=110120002')).statusCode).toBe(404)
  })

  it('gives the staffing of every grid under an area in one answer, for the map', async () => {
    await staff(village, [['w3', 'grid_worker']])
    const res = await call('GET', '/api/grids/staffing?under=110120001')
    expect(res.statusCode).toBe(200)
    const body = res.json() as TGridStaffing
    const row = (code: string) => body.items.find((r) => r.code === code)
    expect(body.items.map((r) => r.code)).toEqual([g1, g2, g3, village])
    expect(row(g1)).toMatchObject({
      households: 900,
      workers: 2,
      leaders: 1,
      householdsPerWorker: 450,
      maxWorkerLoad: 1050,
      overloaded: true,
      unqualified: 2,
    })
    expect(row(g2)).toMatchObject({ workers: 0, leaders: 0, householdsPerWorker: null, maxWorkerLoad: null })
    expect(row(g3)).toMatchObject({
      workers: 1,
      householdsPerWorker: 600,
      maxWorkerLoad: 1050,
      overloaded: true,
    })
    expect(row(village)).toMatchObject({ workers: 1, maxWorkerLoad: 400, overloaded: false, unqualified: 1 })
    expect(body.totals).toEqual({
      grids: 4,
      withoutWorker: 1,
      withoutLeader: 3,
      overloaded: 2,
      unqualified: 3,
    })

    expect((await call('GET', '/api/grids/staffing?under=110120002')).statusCode).toBe(404)
    // A department handler reads the staffing of the area their unit works in.
    const handler = await tokenFor(app, 'handler')
    const seen = (await call('GET', '/api/grids/staffing', undefined, {}, handler)).json() as TGridStaffing
    expect(seen.items.map((r) => r.code)).toEqual([g1, g2, g3, village])
  })

  it('staffs the demo district: a leader and one to four workers on every grid, one password', async () => {
    const db = app.database.db
    const deps = {
      areas: app.services.areas,
      users: app.services.users,
      queries: new GridStaffQueries(db, new IdentityQueries(db)),
      store: new GridStaffStore(db),
      clock,
      password: 'Demo#2026grid',
    }
    const result = await loadDemoGridStaff(deps)
    // Grid 1 kept its leader; the others each got one.
    expect(result.grids).toBe(5)
    expect(result.leaders).toBe(4)
    const staffing = await app.services.gridStaff.staffing(rootScope, '110120')
    for (const r of staffing.items) {
      expect(r.leaders, r.code).toBe(1)
      expect(r.workers, r.code).toBeGreaterThanOrEqual(1)
    }
    const added = staffing.items.filter((r) => r.code !== g1 && r.code !== g3 && r.code !== village)
    for (const r of added) expect(r.workers, r.code).toBeLessThanOrEqual(4)

    const generated = await app.services.gridWorkers.list(rootScope, {
      q: 'wgy110120001001002',
      limit: 10,
      offset: 0,
    })
    expect(generated.items[0]).toMatchObject({ employment: 'full_time', roles: ['grid_worker'] })
    const villager = await app.services.gridWorkers.list(rootScope, {
      q: 'wgz110120001200001',
      limit: 1,
      offset: 0,
    })
    expect(villager.items[0]?.roles).toEqual(['grid_leader'])
    // Generated accounts sign in with the demo password.
    const login = await app.services.login.login('wgz110120002001001', 'Demo#2026grid', systemActor)
    expect(login.token).toBeTruthy()
  })
})

describe('staff on grids when a qualification is required', () => {
  let app: App
  let boss = ''
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    const setup = await setUp({ ONEGRID_GRID_STAFF_REQUIRE_QUALIFICATION: 'true' })
    app = setup.app
    ids.boss = (await setup.make('boss', 'admin', '110120001')).id
    ids.ready = (await setup.make('ready', 'grid_worker', '110120001001')).id
    ids.green = (await setup.make('green', 'grid_worker', '110120001001')).id
    ids.sup = (await setup.make('sun', 'supervisor', '110120001')).id
    boss = await tokenFor(app, 'boss')
    const post = (url: string, payload: object) =>
      app.http.inject({ method: 'POST', url, headers: bearer(boss), payload })
    await post(`/api/grid-workers/${ids.ready}/qualifications`, {
      name: '网格员上岗资格证',
      certificateNo: 'YX2025000002',
      issuedOn: '2025-06-01',
    })
    await post(`/api/grid-workers/${ids.ready}/trainings`, {
      course: '网格员岗位职责与工作规范',
      hours: 16,
      completedOn: '2026-09-01',
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('refuses to post an unqualified grid worker, naming them, and changes nothing', async () => {
    const put = (staff: object[]) =>
      app.http.inject({
        method: 'PUT',
        url: `/api/grids/${g2}/staff`,
        headers: bearer(boss),
        payload: { staff },
      })
    const refused = await put([
      { userId: ids.ready, role: 'grid_worker' },
      { userId: ids.green, role: 'grid_worker' },
    ])
    expect(refused.statusCode).toBe(400)
    expect(refused.json().error.fields).toEqual({
      'staff.1.userId':
        'green未达上岗资格，不能担任网格员：没有有效（未过期）的上岗资格证书；近 12 个月培训 0 学时，少于要求的 16 学时',
    })
    const unchanged = await app.services.gridStaff.staffOf(rootScope, g2)
    expect(unchanged.items).toEqual([])

    // The qualified worker, and a supervisor (no threshold for that role), are posted.
    const ok = await put([
      { userId: ids.ready, role: 'grid_worker' },
      { userId: ids.sup, role: 'supervisor' },
    ])
    expect(ok.statusCode).toBe(200)
    expect(ok.json().limits).toEqual({ maxHouseholds: 500, minTrainingHours: 16, requireQualification: true })
    expect(ok.json().warnings).toEqual([])
  })
})
