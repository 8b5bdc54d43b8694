import { createHash } from 'node:crypto'
import type { TSpotCheck, TSpotCheckItem, TSpotCheckList } from '@onegrid/core/api/spot-checks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, systemActor, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import { accuracyOf } from './spot-checks.ts'

const street = '110120001'
const gridA = '110120001001001'
const gridB = '110120001001002'
const gridOut = '110120002001001'

type Who = 'admin' | 'leader' | 'workerA' | 'workerA2' | 'workerB' | 'operator'

describe('registry spot checks (抽查)', () => {
  let app: App
  const tokens = {} as Record<Who, string>
  const userIds = {} as Record<Who, number>
  const persons: Record<string, number[]> = { [gridA]: [], [gridB]: [], [gridOut]: [] }
  let movedOut = 0

  const call = async (who: Who, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) })
  const create = async (who: Who, payload: object): Promise<TSpotCheck> => {
    const res = await call(who, 'POST', '/api/registry/spot-checks', payload)
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as TSpotCheck
  }
  const get = async (who: Who, id: number, query = 'pageSize=200'): Promise<TSpotCheck> => {
    const res = await call(who, 'GET', `/api/registry/spot-checks/${id}?${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as TSpotCheck
  }
  const record = (who: Who, check: number, item: TSpotCheckItem, body: object) =>
    call(who, 'POST', `/api/registry/spot-checks/${check}/items/${item.id}/result`, {
      methodUsed: 'phone',
      version: item.version,
      ...body,
    })
  const fieldsOf = (body: string) =>
    (JSON.parse(body) as { error: { fields: Record<string, string> } }).error.fields
  const idsIn = (check: TSpotCheck, grid: string) =>
    check.items
      .filter((i) => i.gridCode === grid)
      .map((i) => i.personId)
      .sort((a, b) => a - b)

  beforeAll(async () => {
    app = await createTestApp()
    await loadDemoAreas(app)
    const users = [
      ['admin', 'sc_admin', 'admin', '110120'],
      ['leader', 'sc_leader', 'grid_leader', street],
      ['workerA', 'sc_worker_a', 'grid_worker', gridA],
      ['workerA2', 'sc_worker_a2', 'grid_worker', gridA],
      ['workerB', 'sc_worker_b', 'grid_worker', gridB],
      ['operator', 'sc_operator', 'operator', street],
    ] as const
    for (const [who, username, role, areaCode] of users) {
      userIds[who] = (await createUser(app, { username, role, areaCode })).id
      tokens[who] = await tokenFor(app, username)
    }
    const admin: UserPrincipal = await app.services.sessions.principalFor(
      userIds.admin,
      'sc_admin',
      'test',
      false,
    )
    const make = async (gridCode: string, n: number) => {
      for (let i = 0; i < n; i++) {
        const p = await app.services.registry.persons.create(admin, systemActor, {
          name: `抽查${gridCode.slice(-4)}${i}`,
          documentKind: 'id_card',
          phone: `1380000${gridCode.slice(-2)}${String(i).padStart(2, '0')}`,
          gridCode,
        })
        persons[gridCode]?.push(p.id)
      }
    }
    await make(gridA, 6)
    await make(gridB, 3)
    await make(gridOut, 2)
    movedOut = (
      await app.services.registry.persons.create(admin, systemActor, {
        name: '已迁出',
        documentKind: 'id_card',
        status: 'moved_out',
        gridCode: gridA,
      })
    ).id
  })
  afterAll(async () => {
    await app.close()
  })

  it('refuses an area outside the jurisdiction, a grid worker, and an area without persons, naming the field', async () => {
    const foreign = await call('leader', 'POST', '/api/registry/spot-checks', {
      name: '越界',
      areaCode: '110120002',
    })
    expect(foreign.statusCode).toBe(400)
    expect(fieldsOf(foreign.body).areaCode).toContain('辖区')
    const worker = await call('workerA', 'POST', '/api/registry/spot-checks', {
      name: '自查',
      areaCode: gridA,
    })
    expect(worker.statusCode).toBe(403)
    const empty = await call('leader', 'POST', '/api/registry/spot-checks', {
      name: '空网格',
      areaCode: '110120001001003',
    })
    expect(empty.statusCode, empty.body).toBe(400)
    expect(fieldsOf(empty.body).areaCode).toContain('没有可抽查')
    expect(
      (await call('operator', 'POST', '/api/registry/spot-checks', { name: 'x', areaCode: gridA }))
        .statusCode,
    ).toBe(403)
  })

  let check: TSpotCheck
  it('draws samplePerGrid active persons per grid, from the stored seed, the same for the same seed', async () => {
    check = await create('leader', {
      name: '十一月抽查',
      areaCode: street,
      samplePerGrid: 4,
      method: 'phone',
      seed: 42,
    })
    expect(check).toMatchObject({
      areaCode: street,
      samplePerGrid: 4,
      seed: 42,
      status: 'open',
      itemCount: 7,
    })
    expect(check.itemsTotal).toBe(7)
    // Four of gridA's six, all three of gridB's; never the moved-out person, never another street's.
    expect(idsIn(check, gridA)).toHaveLength(4)
    expect(idsIn(check, gridB)).toEqual(persons[gridB])
    expect(check.items.map((i) => i.personId)).not.toContain(movedOut)
    expect(check.items.every((i) => i.gridCode === gridA || i.gridCode === gridB)).toBe(true)
    // The order is md5("seed:id") within the grid.
    const expected = [...(persons[gridA] ?? [])]
      .sort((a, b) =>
        createHash('md5').update(`42:${a}`).digest('hex') < createHash('md5').update(`42:${b}`).digest('hex')
          ? -1
          : 1,
      )
      .slice(0, 4)
      .sort((a, b) => a - b)
    expect(idsIn(check, gridA)).toEqual(expected)

    const again = await create('leader', { name: '复抽', areaCode: street, samplePerGrid: 4, seed: 42 })
    expect(idsIn(again, gridA)).toEqual(idsIn(check, gridA))
    const others = await Promise.all(
      [1, 2, 3].map((seed) =>
        create('admin', { name: `换种子${seed}`, areaCode: gridA, samplePerGrid: 4, seed }),
      ),
    )
    expect(others.some((o) => JSON.stringify(idsIn(o, gridA)) !== JSON.stringify(idsIn(check, gridA)))).toBe(
      true,
    )
    // The masked person summary goes with each item.
    expect(check.items[0]?.person?.phoneMasked).toMatch(/^138\*{4}\d{4}$/)
  })

  it('assigns the items of a grid round robin to its grid workers, none where the grid has none', async () => {
    const assignees = (grid: string) =>
      check.items
        .filter((i) => i.gridCode === grid)
        .map((i) => i.assignee?.userId)
        .sort()
    expect(assignees(gridA)).toEqual(
      [userIds.workerA, userIds.workerA, userIds.workerA2, userIds.workerA2].sort(),
    )
    expect(assignees(gridB)).toEqual([userIds.workerB, userIds.workerB, userIds.workerB])

    const district = await create('admin', { name: '全区', areaCode: '110120', samplePerGrid: 1, seed: 7 })
    expect(district.items.map((i) => i.gridCode).sort()).toEqual([gridA, gridB, gridOut])
    expect(district.items.find((i) => i.gridCode === gridOut)?.assignee).toBeNull()
    // Everyone reads only the items inside their jurisdiction, and the accuracy of those.
    const asB = await get('workerB', district.id)
    expect(asB.items.map((i) => i.gridCode)).toEqual([gridB])
    expect(asB.overall.items).toBe(1)
    const asLeader = await get('leader', district.id)
    expect(asLeader.items.map((i) => i.gridCode).sort()).toEqual([gridA, gridB])
    expect(JSON.stringify(asLeader)).not.toContain('110120002')
    const listB = (await call('workerB', 'GET', '/api/registry/spot-checks')).json() as TSpotCheckList
    expect(listB.items.find((c) => c.id === district.id)).toMatchObject({ itemCount: 1, checkedCount: 0 })
    expect(listB.items.map((c) => c.id)).toContain(check.id)
    // A check of gridA alone is nothing of workerB's.
    const onlyA = await create('admin', { name: '仅A', areaCode: gridA, samplePerGrid: 1 })
    expect(listB.items.map((c) => c.id)).not.toContain(onlyA.id)
    expect((await call('workerB', 'GET', `/api/registry/spot-checks/${onlyA.id}`)).statusCode).toBe(404)
  })

  it('records a result: wrong fields named, the version current, only by the assignee or a leader in the jurisdiction', async () => {
    const ofA = check.items.find((i) => i.assignee?.userId === userIds.workerA)
    if (!ofA) throw new Error('no item of worker A')

    const unnamed = await record('workerA', check.id, ofA, { result: 'wrong' })
    expect(unnamed.statusCode).toBe(400)
    expect(Object.keys(fieldsOf(unnamed.body))).toEqual(['fieldsWrong'])
    const stray = await record('workerA', check.id, ofA, { result: 'correct', fieldsWrong: ['phone'] })
    expect(stray.statusCode).toBe(400)
    expect(fieldsOf(stray.body).fieldsWrong).toBeTruthy()
    const bogus = await record('workerA', check.id, ofA, { result: 'wrong', fieldsWrong: ['salary'] })
    expect(bogus.statusCode).toBe(400)

    // Another grid's worker: the item does not exist for them; a colleague of the same grid: not theirs.
    expect((await record('workerB', check.id, ofA, { result: 'correct' })).statusCode).toBe(404)
    expect((await record('workerA2', check.id, ofA, { result: 'correct' })).statusCode).toBe(403)
    expect((await record('operator', check.id, ofA, { result: 'correct' })).statusCode).toBe(403)
    expect(
      (
        await call('workerA', 'POST', `/api/registry/spot-checks/${check.id + 1}/items/${ofA.id}/result`, {
          result: 'correct',
          methodUsed: 'phone',
          version: 1,
        })
      ).statusCode,
    ).toBe(404)

    const ok = await record('workerA', check.id, ofA, {
      result: 'wrong',
      fieldsWrong: ['phone', 'address'],
      note: '电话已停机',
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({
      result: 'wrong',
      fieldsWrong: ['phone', 'address'],
      checkedBy: 'sc_worker_a',
      version: 2,
    })
    const stale = await record('workerA', check.id, ofA, { result: 'correct' })
    expect(stale.statusCode).toBe(409)

    // The leader of the street corrects the result, at the current version.
    const fixed = await record('leader', check.id, { ...ofA, version: 2 }, { result: 'correct' })
    expect(fixed.statusCode, fixed.body).toBe(200)
    expect(fixed.json()).toMatchObject({ result: 'correct', fieldsWrong: [], version: 3 })

    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'entity_type', 'entity_id', 'details'])
      .where('action', 'in', ['spotcheck.create', 'spotcheck.result'])
      .where('entity_id', '=', String(check.id))
      .orderBy('id')
      .execute()
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['spotcheck.create', 'sc_leader'],
      ['spotcheck.result', 'sc_worker_a'],
      ['spotcheck.result', 'sc_leader'],
    ])
    expect(audit[1]?.details).toMatchObject({
      itemId: ofA.id,
      result: 'wrong',
      fieldsWrong: ['phone', 'address'],
    })
    expect(audit[2]?.details).toMatchObject({ result: 'correct', previous: 'wrong' })
  })

  it('computes the accuracy per grid, per worker and overall: correct ÷ (checked − unreachable)', async () => {
    const sample = await create('leader', { name: '准确率', areaCode: street, samplePerGrid: 4, seed: 99 })
    const itemsOf = (who: Who) => sample.items.filter((i) => i.assignee?.userId === userIds[who])
    const [a1, a2] = itemsOf('workerA')
    const [a3, a4] = itemsOf('workerA2')
    const [b1, b2] = itemsOf('workerB')
    const results: [Who, TSpotCheckItem | undefined, object][] = [
      ['workerA', a1, { result: 'correct' }],
      ['workerA', a2, { result: 'wrong', fieldsWrong: ['household'] }],
      ['workerA2', a3, { result: 'correct' }],
      ['workerA2', a4, { result: 'unreachable', methodUsed: 'visit' }],
      ['workerB', b1, { result: 'correct' }],
      ['workerB', b2, { result: 'corrected', fieldsWrong: ['address'] }],
      // the third item of gridB stays unchecked
    ]
    for (const [who, item, body] of results) {
      if (!item) throw new Error('missing item')
      const res = await record(who, sample.id, item, body)
      expect(res.statusCode, res.body).toBe(200)
    }
    const got = await get('leader', sample.id)
    const counts = (
      items: number,
      checked: number,
      correct: number,
      corrected: number,
      wrong: number,
      unreachable: number,
      verified: number,
      accuracyPercent: number | null,
    ) => ({
      items,
      checked,
      correct,
      corrected,
      wrong,
      unreachable,
      verified,
      accuracyPercent,
    })
    expect(got.overall).toEqual(counts(7, 6, 3, 1, 1, 1, 5, 60))
    expect(got.byGrid).toEqual([
      { gridCode: gridA, gridName: expect.any(String), accuracy: counts(4, 4, 2, 0, 1, 1, 3, 66.67) },
      { gridCode: gridB, gridName: expect.any(String), accuracy: counts(3, 2, 1, 1, 0, 0, 2, 50) },
    ])
    const byWorker = Object.fromEntries(got.byWorker.map((w) => [w.assignee?.name, w.accuracy]))
    expect(byWorker).toEqual({
      sc_worker_a: counts(2, 2, 1, 0, 1, 0, 2, 50),
      sc_worker_a2: counts(2, 2, 1, 0, 0, 1, 1, 100),
      sc_worker_b: counts(3, 2, 1, 1, 0, 0, 2, 50),
    })
    expect(got).toMatchObject({ itemCount: 7, checkedCount: 6 })
    // The list carries the same rate, for a column of its own.
    const listed = (
      (await call('leader', 'GET', '/api/registry/spot-checks?pageSize=200')).json() as TSpotCheckList
    ).items.find((c) => c.id === sample.id)
    expect(listed?.overall).toEqual(got.overall)
    // Filters of the item page: pending, mine.
    expect((await get('leader', sample.id, 'pending=true')).items).toHaveLength(1)
    expect((await get('workerA', sample.id, 'mine=true')).items.map((i) => i.id).sort()).toEqual(
      [a1?.id, a2?.id].sort(),
    )
    // The worker of gridB sees the accuracy of gridB only.
    const asB = await get('workerB', sample.id)
    expect(asB.overall).toEqual(counts(3, 2, 1, 1, 0, 0, 2, 50))
    expect(asB.byGrid.map((g) => g.gridCode)).toEqual([gridB])
  })

  it('is closed by a grid leader or admin over its whole area: results refused after it with 409, its figures still read', async () => {
    const closing = await create('leader', { name: '待结束', areaCode: street, samplePerGrid: 2, seed: 5 })
    const mineOf = (who: Who) => closing.items.find((i) => i.assignee?.userId === userIds[who])
    const ofA = mineOf('workerA')
    const ofA2 = mineOf('workerA2')
    const ofB = mineOf('workerB')
    if (!ofA || !ofA2 || !ofB) throw new Error('an item for each worker')
    expect((await record('workerA', closing.id, ofA, { result: 'correct' })).statusCode).toBe(200)
    expect(
      (await record('workerB', closing.id, ofB, { result: 'wrong', fieldsWrong: ['phone'] })).statusCode,
    ).toBe(200)

    // What each caller may do, as the page shows it.
    expect(closing.mayClose).toBe(true)
    expect(closing.items.every((i) => i.mayRecord)).toBe(true)
    const asA = await get('workerA', closing.id)
    expect(asA.mayClose).toBe(false)
    expect(asA.items.find((i) => i.id === ofA.id)?.mayRecord).toBe(true)
    expect(asA.items.find((i) => i.id === ofA2.id)?.mayRecord).toBe(false)
    const asOperator = await get('operator', closing.id)
    expect(asOperator.mayClose).toBe(false)
    expect(asOperator.items.some((i) => i.mayRecord)).toBe(false)

    const close = (who: Who, id: number) => call(who, 'POST', `/api/registry/spot-checks/${id}/close`)
    // A grid worker records but does not end the check; an operator holds no registry.manage.
    expect((await close('workerA', closing.id)).statusCode).toBe(403)
    expect((await close('workerB', closing.id)).statusCode).toBe(403)
    expect((await close('operator', closing.id)).statusCode).toBe(403)
    // A check the caller does not see at all is missing to them.
    const onlyA = await create('admin', { name: '仅A结束', areaCode: gridA, samplePerGrid: 1 })
    expect((await close('workerB', onlyA.id)).statusCode).toBe(404)
    expect((await close('leader', 999_999)).statusCode).toBe(404)
    // The street's leader sees the street's part of a district-wide check, but does not close it for the district.
    const district = await create('admin', { name: '全区结束', areaCode: '110120', samplePerGrid: 1 })
    const partial = await close('leader', district.id)
    expect(partial.statusCode).toBe(403)
    expect(partial.json()).toMatchObject({ error: { message: expect.stringContaining('辖区') } })
    expect((await get('leader', district.id)).mayClose).toBe(false)
    expect((await get('admin', district.id)).mayClose).toBe(true)

    const before = await get('leader', closing.id)
    const closed = await close('leader', closing.id)
    expect(closed.statusCode, closed.body).toBe(200)
    const after = closed.json() as TSpotCheck
    expect(after).toMatchObject({ status: 'closed', closedBy: 'sc_leader', mayClose: false, checkedCount: 2 })
    expect(after.closedAt).toEqual(expect.any(String))
    expect(after.items.some((i) => i.mayRecord)).toBe(false)
    expect(after.overall).toEqual(before.overall)
    expect(after.byGrid).toEqual(before.byGrid)

    // Closed once: again is 409, and no result goes in, whether new or a correction, by anyone.
    expect((await close('leader', closing.id)).statusCode).toBe(409)
    expect((await close('admin', closing.id)).statusCode).toBe(409)
    expect((await record('workerA2', closing.id, ofA2, { result: 'correct' })).statusCode).toBe(409)
    expect(
      (await record('leader', closing.id, { ...ofA, version: 2 }, { result: 'unreachable' })).statusCode,
    ).toBe(409)

    // Its figures stay readable, for the worker too, and the list tells closed from open.
    expect((await get('leader', closing.id)).overall).toEqual(before.overall)
    expect((await get('workerB', closing.id)).overall).toMatchObject({ checked: 1, wrong: 1 })
    const listed = async (status: string) =>
      (
        (
          await call('leader', 'GET', `/api/registry/spot-checks?status=${status}&pageSize=200`)
        ).json() as TSpotCheckList
      ).items.map((c) => c.id)
    expect(await listed('closed')).toContain(closing.id)
    expect(await listed('open')).not.toContain(closing.id)
    const summary = (
      (await call('workerB', 'GET', '/api/registry/spot-checks?status=closed')).json() as TSpotCheckList
    ).items.find((c) => c.id === closing.id)
    expect(summary).toMatchObject({ status: 'closed', closedBy: 'sc_leader' })

    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['actor', 'details'])
      .where('action', '=', 'spotcheck.close')
      .where('entity_id', '=', String(closing.id))
      .execute()
    expect(audit).toEqual([
      { actor: 'sc_leader', details: expect.objectContaining({ name: '待结束', items: 4, checked: 2 }) },
    ])
  })

  it('closes once when two close at the same moment', async () => {
    const twice = await create('admin', { name: '同时结束', areaCode: gridA, samplePerGrid: 1 })
    const answers = await Promise.all(
      (['admin', 'leader'] as const).map((who) =>
        call(who, 'POST', `/api/registry/spot-checks/${twice.id}/close`),
      ),
    )
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409])
    const rows = await app.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'spotcheck.close')
      .where('entity_id', '=', String(twice.id))
      .execute()
    expect(rows).toHaveLength(1)
  })

  it('rounds the percentage half up and answers null when nothing was verified', () => {
    const rate = (correct: number, checked: number, unreachable = 0) =>
      accuracyOf({
        items: checked,
        checked,
        correct,
        corrected: 0,
        wrong: checked - correct - unreachable,
        unreachable,
      }).accuracyPercent
    expect(rate(1, 8)).toBe(12.5)
    expect(rate(2, 3)).toBe(66.67)
    expect(rate(1, 3)).toBe(33.33)
    expect(rate(1, 16)).toBe(6.25)
    expect(rate(1, 40000)).toBe(0) // 0.0025 %
    expect(rate(1, 20000)).toBe(0.01) // 0.005 %: half up
    expect(rate(0, 2, 2)).toBeNull()
  })
})
