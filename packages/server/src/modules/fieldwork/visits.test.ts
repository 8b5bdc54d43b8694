import type { TSyncBatchResponse } from '@onegrid/core/api/sync'
import type {
  TDueVisit,
  TDueVisits,
  TVisit,
  TVisitList,
  TVisitPlanSettings,
  TVisitStats,
} from '@onegrid/core/api/visits'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, systemActor, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import { ManualClock } from '../../platform/clock.ts'
import { photo } from '../cases/test-fixtures.ts'
import { percentOf } from './visits.ts'

const district = '110120'
const street = '110120001'
const gridA = '110120001001001'
const gridB = '110120001001002'
const dayMs = 86_400_000

type Who = 'admin' | 'streetAdmin' | 'leader' | 'workerA' | 'workerB' | 'supervisor' | 'operator'

/** Adds days to a YYYY-MM-DD day. */
const plus = (day: string, n: number) =>
  new Date(new Date(`${day}T00:00:00Z`).getTime() + n * dayMs).toISOString().slice(0, 10)

describe('visits (走访) and the visit plan (五必访, 日访十户)', () => {
  // Recorded on 2026-12-01 (Asia/Shanghai): every record "enters the plan" that day.
  const clock = new ManualClock('2026-12-01T09:00:00+08:00')
  let app: App
  const tokens = {} as Record<Who, string>
  const userIds = {} as Record<Who, number>
  let admin: UserPrincipal
  const ids = {
    ordinary: 0, // household in gridA, nobody special
    family: 0, // household in gridA with an empty-nest elder: a 特殊家庭
    elder: 0, // the elder (covered by the family's visits)
    petitioner: 0, // yellow petitioner without a household, in the group since 2026-11-01
    drugUser: 0, // red, visit frequency set by hand to 10 days
    householdB: 0, // household in gridB
  }

  const call = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers = {}) =>
    app.http.inject({
      method,
      url,
      headers: { ...bearer(tokens[who]), ...headers },
      ...(payload ? { payload } : {}),
    })
  const due = async (who: Who, query = ''): Promise<TDueVisits> => {
    const res = await call(who, 'GET', `/api/visits/due?pageSize=500${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as TDueVisits
  }
  const find = (list: TDueVisits, kind: 'household' | 'person', id: number): TDueVisit | undefined =>
    list.items.find((i) => i.target.kind === kind && i.target.id === id)
  const visit = async (who: Who, body: object, headers = {}): Promise<TVisit> => {
    const res = await call(
      who,
      'POST',
      '/api/visits',
      { visitedAt: clock.now().toISOString(), ...body },
      headers,
    )
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as TVisit
  }
  const fieldsOf = (body: string) =>
    (JSON.parse(body) as { error: { fields: Record<string, string> } }).error.fields
  /** Moves the clock and signs everyone in again (sessions time out when the clock jumps days). */
  const at = async (time: string) => {
    clock.set(time)
    for (const who of Object.keys(usernames) as Who[]) tokens[who] = await tokenFor(app, usernames[who])
  }
  const usernames = {} as Record<Who, string>
  const today = () => new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await loadDemoAreas(app)
    const users = [
      ['admin', 'v_admin', 'admin', district],
      ['streetAdmin', 'v_street_admin', 'admin', street],
      ['leader', 'v_leader', 'grid_leader', street],
      ['workerA', 'v_worker_a', 'grid_worker', gridA],
      ['workerB', 'v_worker_b', 'grid_worker', gridB],
      ['supervisor', 'v_supervisor', 'supervisor', street],
      ['operator', 'v_operator', 'operator', street],
    ] as const
    for (const [who, username, role, areaCode] of users) {
      userIds[who] = (await createUser(app, { username, role, areaCode })).id
      usernames[who] = username
      tokens[who] = await tokenFor(app, username)
    }
    admin = await app.services.sessions.principalFor(userIds.admin, 'v_admin', 'test', false)
    const { persons, households, groups } = app.services.registry
    const person = async (name: string, gridCode: string) =>
      (await persons.create(admin, systemActor, { name, documentKind: 'other', gridCode })).id
    const household = async (gridCode: string, members: number[]) =>
      (
        await households.create(admin, systemActor, {
          kind: 'family',
          nonLocal: false,
          gridCode,
          address: '东湖路1号',
          members: members.map((personId, i) => ({ personId, relation: i === 0 ? '02' : '10' })),
        })
      ).id
    ids.ordinary = await household(gridA, [await person('甲户主', gridA), await person('甲配偶', gridA)])
    ids.elder = await person('空巢老人', gridA)
    ids.family = await household(gridA, [ids.elder])
    await groups.add(admin, systemActor, ids.elder, {
      group: 'empty_nest_elderly',
      fields: { livingAlone: true },
      riskLevel: 'green',
      helperIds: [],
    })
    ids.petitioner = await person('信访人', gridA)
    await groups.add(admin, systemActor, ids.petitioner, {
      group: 'petitioner',
      fields: { petitionMatter: '拆迁补偿' },
      riskLevel: 'yellow',
      helperIds: [],
      since: '2026-11-01',
    })
    ids.drugUser = await person('吸毒人员', gridA)
    await groups.add(admin, systemActor, ids.drugUser, {
      group: 'drug_user',
      fields: { firstFoundDate: '2020-01-01' },
      riskLevel: 'red',
      helperIds: [],
      visitEveryDays: 10,
    })
    ids.householdB = await household(gridB, [await person('乙户主', gridB)])
  })
  afterAll(async () => {
    await app?.close()
  })

  it('plans every household and special-group person by its rule, with due dates from the injected clock', async () => {
    const plan = await due('workerA')
    const ordinary = find(plan, 'household', ids.ordinary)
    expect(ordinary).toMatchObject({
      rule: 'ordinary_household',
      everyDays: 182,
      lastVisitedAt: null,
      dueOn: plus('2026-12-01', 182),
      status: 'upcoming',
      daysOverdue: -182,
    })
    expect(ordinary?.target.label).toBe('甲户主户')
    expect(ordinary?.address).toMatch(/^东湖路/)
    // The elder makes their household a 特殊家庭 (twice a month) and is not a target of their own.
    expect(find(plan, 'household', ids.family)).toMatchObject({
      rule: 'special_family',
      everyDays: 15,
      dueOn: '2026-12-16',
      groups: [{ group: 'empty_nest_elderly', riskLevel: 'green' }],
    })
    expect(find(plan, 'person', ids.elder)).toBeUndefined()
    // A yellow petitioner: every 15 days from joining the group on 2026-11-01, so 15 days overdue.
    expect(find(plan, 'person', ids.petitioner)).toMatchObject({
      rule: 'special_group',
      everyDays: 15,
      riskLevel: 'yellow',
      dueOn: '2026-11-16',
      status: 'overdue',
      daysOverdue: 15,
    })
    // A frequency set by hand in the registry (10, red's default is 7) is the person's.
    expect(find(plan, 'person', ids.drugUser)).toMatchObject({ everyDays: 10, riskLevel: 'red' })
    // Most urgent first, and counted.
    expect(plan.items[0]?.target).toMatchObject({ kind: 'person', id: ids.petitioner })
    expect(plan.counts).toEqual({ overdue: 1, due: 0, upcoming: 3 })
    expect(plan.total).toBe(4)
    expect(plan.today).toEqual({ on: '2026-12-01', householdsVisited: 0, target: 10, visits: 0 })
    const overdueOnly = await due('workerA', '&status=overdue')
    expect(overdueOnly.items.map((i) => i.target.id)).toEqual([ids.petitioner])
    expect(overdueOnly.total).toBe(1)
  })

  it('moves a target from overdue to done when it is visited, and back to overdue when its interval passes', async () => {
    const v = await visit('workerA', {
      target: { kind: 'person', id: ids.petitioner },
      method: 'door',
      notes: '情绪稳定，已做思想工作',
      findings: [{ flag: 'need_help', note: '申请临时救助' }],
      location: { lng: 116.65, lat: 39.9, accuracy: 12 },
    })
    expect(v).toMatchObject({
      target: { kind: 'person', id: ids.petitioner, label: '信访人', gridCode: gridA },
      visitor: { userId: userIds.workerA },
      method: 'door',
      findings: [{ flag: 'need_help', note: '申请临时救助' }],
      location: { lng: 116.65, lat: 39.9, accuracy: 12 },
      householdId: null,
    })
    let entry = find(await due('workerA'), 'person', ids.petitioner)
    expect(entry).toMatchObject({
      status: 'upcoming',
      dueOn: '2026-12-16',
      lastVisitorName: expect.any(String),
    })
    expect(entry?.lastVisitedAt).toBe(clock.now().toISOString())
    await at('2026-12-14T09:00:00+08:00')
    entry = find(await due('workerA'), 'person', ids.petitioner)
    expect(entry).toMatchObject({ status: 'due', daysOverdue: -2 })
    await at('2026-12-17T09:00:00+08:00')
    entry = find(await due('workerA'), 'person', ids.petitioner)
    expect(entry).toMatchObject({ status: 'overdue', daysOverdue: 1 })
    await at('2026-12-01T09:00:00+08:00')
  })

  it('counts today’s households visited in person against the daily target', async () => {
    await at('2026-12-02T10:00:00+08:00')
    await visit('workerA', { target: { kind: 'household', id: ids.ordinary }, method: 'door' })
    await visit('workerA', { target: { kind: 'household', id: ids.ordinary }, method: 'door' })
    await visit('workerA', { target: { kind: 'person', id: ids.elder }, method: 'door' })
    await visit('workerA', { target: { kind: 'person', id: ids.drugUser }, method: 'phone' })
    const plan = await due('workerA')
    // Two households reached in person (the elder's visit reached the family); a phone call is no 入户.
    expect(plan.today).toEqual({ on: '2026-12-02', householdsVisited: 2, target: 10, visits: 4 })
    // The elder's own visit does not stand for the family's.
    expect(find(plan, 'household', ids.family)?.lastVisitedAt).toBeNull()
    expect(find(plan, 'household', ids.ordinary)?.dueOn).toBe(plus('2026-12-02', 182))
    await at('2026-12-01T09:00:00+08:00')
  })

  it('keeps a grid worker to their grid: another grid’s targets are neither listed nor visited', async () => {
    const planB = await due('workerB')
    expect(planB.items.map((i) => i.target.id)).toEqual([ids.householdB])
    const res = await call('workerB', 'POST', '/api/visits', {
      target: { kind: 'household', id: ids.ordinary },
      visitedAt: clock.now().toISOString(),
    })
    expect(res.statusCode).toBe(404)
    const person = await call('workerB', 'POST', '/api/visits', {
      target: { kind: 'person', id: ids.petitioner },
      visitedAt: clock.now().toISOString(),
    })
    expect(person.statusCode).toBe(404)
    const foreign = await call('workerB', 'GET', `/api/visits/due?gridCode=${gridA}`)
    expect(foreign.statusCode).toBe(400)
    expect(fieldsOf(foreign.body).gridCode).toContain('辖区')
    const list = (await call('workerB', 'GET', '/api/visits?pageSize=100')).json() as TVisitList
    expect(list.items.every((v) => v.target.gridCode === gridB)).toBe(true)
    const mine = (await call('workerA', 'GET', '/api/visits?pageSize=100')).json() as TVisitList
    const one = mine.items[0]
    expect(one).toBeDefined()
    expect((await call('workerB', 'GET', `/api/visits/${one?.id}`)).statusCode).toBe(404)
    expect((await call('leader', 'GET', `/api/visits/${one?.id}`)).statusCode).toBe(200)
    // A leader of the street narrows the plan to a grid.
    const leaderA = await due('leader', `&gridCode=${gridA}`)
    expect(leaderA.items.every((i) => i.target.gridCode === gridA)).toBe(true)
    expect(leaderA.total).toBe(4)
    expect((await due('leader')).total).toBe(5)
  })

  it('refuses bad input with 400s naming the field', async () => {
    const at = clock.now().toISOString()
    const cases: [object, string][] = [
      [{ target: { kind: 'house', id: 1 }, visitedAt: at }, 'target.kind'],
      [{ target: { kind: 'person' }, visitedAt: at }, 'target.id'],
      [{ target: { kind: 'person', id: ids.petitioner } }, 'visitedAt'],
      [{ target: { kind: 'person', id: ids.petitioner }, visitedAt: at, method: 'fax' }, 'method'],
      [
        {
          target: { kind: 'person', id: ids.petitioner },
          visitedAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
        },
        'visitedAt',
      ],
      [
        {
          target: { kind: 'person', id: ids.petitioner },
          visitedAt: new Date(clock.now().getTime() - 40 * dayMs).toISOString(),
        },
        'visitedAt',
      ],
      [
        {
          target: { kind: 'person', id: ids.petitioner },
          visitedAt: at,
          findings: [{ flag: 'hazard' }, { flag: 'hazard' }],
        },
        'findings',
      ],
      [
        { target: { kind: 'person', id: ids.petitioner }, visitedAt: at, findings: [{ flag: 'fire' }] },
        'findings.0.flag',
      ],
      [
        { target: { kind: 'person', id: ids.petitioner }, visitedAt: at, attachmentIds: [999999] },
        'attachmentIds',
      ],
      [
        { target: { kind: 'person', id: ids.petitioner }, visitedAt: at, location: { lng: 0, lat: 39.9 } },
        'location.lng',
      ],
    ]
    for (const [body, field] of cases) {
      const res = await call('workerA', 'POST', '/api/visits', body)
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400)
      expect(Object.keys(fieldsOf(res.body)), res.body).toContain(field)
    }
    const en = await call('workerA', 'GET', '/api/visits?on=2026-12-01&from=2026-12-01', undefined, {
      'accept-language': 'en',
    })
    expect(en.statusCode).toBe(400)
    expect(fieldsOf(en.body).on).toMatch(/either a day/)
  })

  it('records a visit once per Idempotency-Key, directly and through syncBatch', async () => {
    const count = async () =>
      ((await call('leader', 'GET', `/api/visits?householdId=${ids.householdB}`)).json() as TVisitList).total
    const before = await count()
    const body = { target: { kind: 'household', id: ids.householdB }, visitedAt: clock.now().toISOString() }
    const key = { 'idempotency-key': 'visit-key-0001' }
    const first = await call('workerB', 'POST', '/api/visits', body, key)
    const again = await call('workerB', 'POST', '/api/visits', body, key)
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect((again.json() as TVisit).id).toBe((first.json() as TVisit).id)
    const item = { id: 'a3f1c0de-0000-4000-8000-00000000v001', operation: 'recordVisit', body }
    for (let i = 0; i < 2; i++) {
      const res = await call('workerB', 'POST', '/api/field/sync', { items: [item] })
      expect(res.statusCode, res.body).toBe(200)
      const [result] = (res.json() as TSyncBatchResponse).results
      expect(result).toMatchObject({ status: 201, replayed: i === 1 })
    }
    expect(await count()).toBe(before + 2)
  })

  it('shows a visit’s photos to whoever may see the visit, and to nobody else', async () => {
    const pic = await photo(app, { headers: bearer(tokens.workerA) })
    const stolen = await photo(app, { headers: bearer(tokens.workerB) })
    const refused = await call('workerA', 'POST', '/api/visits', {
      target: { kind: 'household', id: ids.family },
      visitedAt: clock.now().toISOString(),
      attachmentIds: [stolen.id],
    })
    expect(refused.statusCode).toBe(400)
    const v = await visit('workerA', {
      target: { kind: 'household', id: ids.family },
      findings: [{ flag: 'hazard', note: '燃气管老化' }],
      attachmentIds: [pic.id],
    })
    expect(v.attachments.map((a) => a.id)).toEqual([pic.id])
    const bytes = (who: Who) => call(who, 'GET', `/api/cases/attachments/${pic.id}?thumb=true`)
    expect((await bytes('workerA')).statusCode).toBe(200)
    expect((await bytes('leader')).statusCode).toBe(200)
    expect((await bytes('supervisor')).statusCode).toBe(200)
    expect((await bytes('workerB')).statusCode).toBe(404)
    expect((await bytes('operator')).statusCode).toBe(404)
    // A photo belongs to one visit.
    const twice = await call('workerA', 'POST', '/api/visits', {
      target: { kind: 'household', id: ids.family },
      visitedAt: clock.now().toISOString(),
      attachmentIds: [pic.id],
    })
    expect(twice.statusCode).toBe(400)
    expect(fieldsOf(twice.body).attachmentIds).toBeDefined()
    // Found by its flag.
    const hazards = (await call('leader', 'GET', '/api/visits?flag=hazard')).json() as TVisitList
    expect(hazards.items.map((h) => h.id)).toContain(v.id)
  })

  it('lists visits by worker and day, by person and by household (its members’ visits too)', async () => {
    const day = (
      await call('leader', 'GET', `/api/visits?workerId=${userIds.workerA}&on=2026-12-02`)
    ).json() as TVisitList
    expect(day.total).toBe(4)
    expect(day.items.every((v) => v.visitor.userId === userIds.workerA)).toBe(true)
    expect(
      (
        (
          await call('leader', 'GET', `/api/visits?workerId=${userIds.workerA}&on=2026-12-03`)
        ).json() as TVisitList
      ).total,
    ).toBe(0)
    const elder = (await call('leader', 'GET', `/api/visits?personId=${ids.elder}`)).json() as TVisitList
    expect(elder.total).toBe(1)
    const family = (await call('leader', 'GET', `/api/visits?householdId=${ids.family}`)).json() as TVisitList
    expect(family.items.map((v) => v.target.kind).sort()).toEqual(['household', 'person'])
    // A supervisor reads visits with names masked (no registry.read); the plan shows no special-group persons.
    const masked = (
      await call('supervisor', 'GET', `/api/visits?personId=${ids.petitioner}`)
    ).json() as TVisitList
    expect(masked.items[0]?.target.label).toBe('信*人')
    const plan = await due('supervisor')
    expect(plan.items.every((i) => i.target.kind === 'household' && i.groups.length === 0)).toBe(true)
  })

  it('counts targets, overdue and the month’s visits per grid', async () => {
    await at('2026-12-20T09:00:00+08:00')
    const res = await call('leader', 'GET', `/api/visits/stats?areaCode=${street}`)
    expect(res.statusCode, res.body).toBe(200)
    const stats = res.json() as TVisitStats
    expect(stats.month).toBe('2026-12')
    const a = stats.grids.find((g) => g.gridCode === gridA)
    // On the 20th: the petitioner (due 16th) and the drug user (visited 2nd, every 10 days) are overdue;
    // the family was visited on the 1st (due 16th) too.
    expect(a).toMatchObject({ targets: 4, overdue: 3 })
    expect(a?.visits).toBeGreaterThanOrEqual(6)
    expect(a?.completionPercent).toBe(25)
    expect(stats.grids[0]?.gridCode).toBe(gridA)
    expect(stats.grids.length).toBeGreaterThan(2)
    expect(stats.total.targets).toBe(5)
    const worker = (await call('workerA', 'GET', '/api/visits/stats')).json() as TVisitStats
    expect(worker.grids.map((g) => g.gridCode)).toEqual([gridA])
    const november = (
      await call('leader', 'GET', `/api/visits/stats?areaCode=${street}&month=2026-11`)
    ).json() as TVisitStats
    expect(november.total.visits).toBe(0)
    const bad = await call('leader', 'GET', '/api/visits/stats?month=2026-13')
    expect(Object.keys(fieldsOf(bad.body))).toContain('month')
    expect(percentOf(1, 3)).toBe(33.33)
    expect(percentOf(2, 3)).toBe(66.67)
    await at('2026-12-01T09:00:00+08:00')
  })

  it('lets a district-wide administrator change the rates, at the version read', async () => {
    const current = (await call('workerA', 'GET', '/api/visit-plan')).json() as TVisitPlanSettings
    expect(current).toMatchObject({
      ordinaryHouseholdDays: 182,
      specialFamilyDays: 15,
      riskLevelDays: { red: 7, yellow: 15, green: 30 },
      dailyHouseholdTarget: 10,
      version: 0,
    })
    expect(current.specialFamilyGroups.sort()).toEqual(
      ['disabled', 'empty_nest_elderly', 'left_behind_child', 'low_income'].sort(),
    )
    const { updatedAt: _a, updatedBy: _b, ...body } = current
    const changed = { ...body, riskLevelDays: { red: 7, yellow: 20, green: 30 }, dailyHouseholdTarget: 8 }
    expect((await call('workerA', 'PUT', '/api/visit-plan', changed)).statusCode).toBe(403)
    expect((await call('streetAdmin', 'PUT', '/api/visit-plan', changed)).statusCode).toBe(403)
    const dup = await call('admin', 'PUT', '/api/visit-plan', {
      ...changed,
      specialFamilyGroups: ['disabled', 'disabled'],
    })
    expect(Object.keys(fieldsOf(dup.body))).toContain('specialFamilyGroups')
    const zero = await call('admin', 'PUT', '/api/visit-plan', { ...changed, specialFamilyDays: 0 })
    expect(Object.keys(fieldsOf(zero.body))).toContain('specialFamilyDays')
    const saved = await call('admin', 'PUT', '/api/visit-plan', changed)
    expect(saved.statusCode, saved.body).toBe(200)
    expect(saved.json()).toMatchObject({ version: 1, dailyHouseholdTarget: 8, updatedBy: expect.any(String) })
    expect((await call('admin', 'PUT', '/api/visit-plan', changed)).statusCode).toBe(409)
    const plan = await due('workerA')
    expect(find(plan, 'person', ids.petitioner)?.everyDays).toBe(20)
    expect(plan.today.target).toBe(8)
    // Without empty-nest elders among the family groups the elder is a person target again.
    const noElders = await call('admin', 'PUT', '/api/visit-plan', {
      ...changed,
      version: 1,
      specialFamilyGroups: ['low_income'],
    })
    expect(noElders.statusCode, noElders.body).toBe(200)
    const after = await due('workerA')
    expect(find(after, 'household', ids.family)?.rule).toBe('ordinary_household')
    expect(find(after, 'person', ids.elder)).toMatchObject({ rule: 'special_group', everyDays: 30 })
    const audit = await app.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'visitplan.update')
      .execute()
    expect(audit).toHaveLength(2)
  })

  it('tightens a special family to a member’s own frequency when it is shorter', async () => {
    const person = await app.services.registry.persons.get(admin, ids.elder)
    const membership = person.memberships.find((m) => m.group === 'empty_nest_elderly')
    await app.services.registry.groups.update(admin, systemActor, ids.elder, 'empty_nest_elderly', {
      visitEveryDays: 7,
      version: membership?.version ?? 1,
    })
    const settings = (await call('admin', 'GET', '/api/visit-plan')).json() as TVisitPlanSettings
    const { updatedAt: _a, updatedBy: _b, ...body } = settings
    await call('admin', 'PUT', '/api/visit-plan', {
      ...body,
      specialFamilyGroups: ['empty_nest_elderly', 'low_income'],
    })
    expect(find(await due('workerA'), 'household', ids.family)).toMatchObject({
      rule: 'special_family',
      everyDays: 7,
    })
    expect(today()).toBe('2026-12-01')
  })
})
