import type { TAssessment } from '@onegrid/core/api/assessment'
import type { TNotificationList } from '@onegrid/core/api/cases'
import type { TWhistle, TWhistleList } from '@onegrid/core/api/whistles'
import type { Role } from '@onegrid/core/auth/roles'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../test/identity-fixtures.ts'
import { generateCases } from '../../../test/stat-cases.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'

const district = '110120'
const street = '110120001'
const grid = '110120001001001'
const otherGrid = '110120002001001'
const minuteMs = 60_000

type Who =
  | 'worker'
  | 'outsider'
  | 'shiftLeader'
  | 'leader'
  | 'operator'
  | 'chengguan'
  | 'zhujian'
  | 'ziran'
  | 'shuiwu'

describe('the whistle (吹哨报到)', () => {
  // A Monday morning in December (Asia/Shanghai); the month's assessment is read at its end.
  const clock = new ManualClock('2026-12-07T09:00:00+08:00')
  let app: App
  const tokens = {} as Record<Who, string>
  const userIds = {} as Record<Who, number>
  const usernames = {} as Record<Who, string>
  const units = { chengguan: 0, zhujian: 0, ziran: 0, shuiwu: 0, platform: 0, joint: 0 }
  /** A point inside the grid, one inside the other street's grid. */
  let place = { lng: 0, lat: 0 }
  let elsewhere = { lng: 0, lat: 0 }

  const call = (who: Who, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) })
  const ok = async (who: Who, method: 'GET' | 'POST', url: string, payload?: object): Promise<TWhistle> => {
    const res = await call(who, method, url, payload)
    expect(res.statusCode, res.body).toBeLessThan(300)
    return res.json() as TWhistle
  }
  const fieldsOf = (body: string) =>
    (JSON.parse(body) as { error: { fields?: Record<string, string> } }).error.fields ?? {}
  /** Moves the clock and signs everyone in again (sessions time out when the clock jumps). */
  const at = async (time: string | Date) => {
    clock.set(time)
    for (const who of Object.keys(usernames) as Who[]) tokens[who] = await tokenFor(app, usernames[who])
  }
  /** Metres east of a point (about: 1° of longitude ≈ 96 km at 30°N is close enough for 100s of m). */
  const east = (p: { lng: number; lat: number }, metres: number) => ({
    lng: p.lng + metres / (111_320 * Math.cos((p.lat * Math.PI) / 180)),
    lat: p.lat,
  })
  const raise = (who: Who, body: object = {}) =>
    ok(who, 'POST', '/api/whistles', {
      title: '违法建设联合处置',
      description: '屋顶加建彩钢房，需城管、住建、规划和自然资源到场',
      location: place,
      address: '东湖路 8 号',
      unitIds: [units.chengguan, units.zhujian, units.ziran],
      ...body,
    })
  const response = (w: TWhistle, unitId: number) => {
    const r = w.responses.find((x) => x.unit.id === unitId)
    if (!r) throw new Error(`no response of unit ${unitId}`)
    return r
  }
  const unreadOf = async (who: Who, kind: string) => {
    const res = await call(who, 'GET', '/api/notifications?limit=100')
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as TNotificationList).items.filter((n) => n.kind === kind)
  }

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await loadDemoAreas(app)
    const unit = async (name: string, kind: string, areaCode: string, areaPath: string) =>
      Number(
        (
          await app.database.db
            .insertInto('units')
            .values({ name, kind, area_code: areaCode, area_path: areaPath, created_at: new Date() })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      )
    units.chengguan = await unit('城市管理局', 'department', district, district)
    units.zhujian = await unit('住房和城乡建设局', 'department', district, district)
    units.ziran = await unit('规划和自然资源分局', 'department', district, district)
    units.shuiwu = await unit('水务局', 'department', district, district)
    units.platform = await unit('东湖街道综合执法平台', 'platform', street, `${district}.${street}`)
    units.joint = await unit('东湖街道联勤队伍', 'joint_team', street, `${district}.${street}`)
    const people: [Who, Role, string | number][] = [
      ['worker', 'grid_worker', grid],
      ['outsider', 'grid_worker', otherGrid],
      ['shiftLeader', 'shift_leader', district],
      ['leader', 'leader', district],
      ['operator', 'operator', district],
      ['chengguan', 'dept_handler', units.chengguan],
      ['zhujian', 'dept_handler', units.zhujian],
      ['ziran', 'dept_handler', units.ziran],
      ['shuiwu', 'dept_handler', units.shuiwu],
    ]
    for (const [who, role, where] of people) {
      const username = `w_${who}`.toLowerCase()
      usernames[who] = username
      userIds[who] = (
        await createUser(app, {
          username,
          role,
          ...(typeof where === 'number' ? { unitId: where } : { areaCode: where }),
        })
      ).id
      tokens[who] = await tokenFor(app, username)
    }
    const pointIn = async (code: string) => {
      const { rows } = await sql<{ lng: number; lat: number }>`
        SELECT ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
        FROM areas WHERE code = ${code}`.execute(app.database.db)
      const r = rows[0]
      if (!r) throw new Error(`no area ${code}`)
      return { lng: Number(r.lng), lat: Number(r.lat) }
    }
    place = await pointIn(grid)
    elsewhere = await pointIn(otherGrid)
  }, 120_000)
  afterAll(async () => {
    await app.close()
  })

  it('summons three departments: two arrive with their times, one never answers and is missed by the sweep; the miss counts in its assessment', async () => {
    await at('2026-12-07T09:00:00+08:00')
    let w = await raise('worker', { ackMinutes: 30, arriveMinutes: 120 })
    expect(w.code).toMatch(/^CS20261207\d{4}$/)
    expect(w).toMatchObject({ status: 'open', gridCode: grid, checkInRadiusM: 300, version: 1 })
    expect(w.raisedBy).toEqual({ id: userIds.worker, name: usernames.worker })
    expect(w.summary).toEqual({ summoned: 3, acknowledged: 0, arrived: 0, missed: 0 })
    expect(w.allowedActions).toEqual(['record_arrival', 'close'])
    expect(response(w, units.chengguan)).toMatchObject({
      status: 'summoned',
      ackDueAt: '2026-12-07T01:30:00.000Z',
      arriveDueAt: '2026-12-07T03:00:00.000Z',
    })

    // The summoned departments' handlers are told, and find it waiting for them; another department does not.
    await app.outbox.dispatchDue()
    expect(await unreadOf('chengguan', 'whistle.raised')).toHaveLength(1)
    expect(await unreadOf('ziran', 'whistle.raised')).toHaveLength(1)
    expect(await unreadOf('shuiwu', 'whistle.raised')).toHaveLength(0)
    const waiting = (await call('zhujian', 'GET', '/api/whistles?waitingForMe=true')).json() as TWhistleList
    expect(waiting.items.map((x) => x.id)).toEqual([w.id])
    expect(waiting.items[0]?.allowedActions).toEqual(['acknowledge', 'check_in'])
    const notMine = (await call('shuiwu', 'GET', '/api/whistles?waitingForMe=true')).json() as TWhistleList
    expect(notMine.total).toBe(0)

    // 城管 acknowledges at 09:10 and checks in on site at 09:50, 40 m from the place.
    await at('2026-12-07T09:10:00+08:00')
    w = await ok('chengguan', 'POST', `/api/whistles/${w.id}/acknowledge`, { note: '执法队已出发' })
    expect(response(w, units.chengguan)).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: '2026-12-07T01:10:00.000Z',
      acknowledgedBy: { id: userIds.chengguan },
      ackNote: '执法队已出发',
    })
    expect(w.allowedActions).toEqual(['check_in'])
    await at('2026-12-07T09:50:00+08:00')
    w = await ok('chengguan', 'POST', `/api/whistles/${w.id}/check-in`, { location: east(place, 40) })
    const cg = response(w, units.chengguan)
    expect(cg).toMatchObject({
      status: 'arrived',
      arrivedAt: '2026-12-07T01:50:00.000Z',
      arrivedBy: { id: userIds.chengguan },
      arrivalSource: 'check_in',
      arrivedLate: false,
    })
    expect(cg.distanceM).toBeGreaterThan(30)
    expect(cg.distanceM).toBeLessThan(50)

    // 住建 never acknowledges; the raiser records its arrival at 10:30 (implying the acknowledgement).
    await at('2026-12-07T10:40:00+08:00')
    w = await ok('worker', 'POST', `/api/whistles/${w.id}/check-in`, {
      unitId: units.zhujian,
      at: '2026-12-07T10:30:00+08:00',
    })
    expect(response(w, units.zhujian)).toMatchObject({
      status: 'arrived',
      acknowledgedAt: '2026-12-07T02:30:00.000Z',
      arrivedAt: '2026-12-07T02:30:00.000Z',
      arrivedBy: { id: userIds.worker },
      arrivalSource: 'recorded',
      distanceM: null,
      arrivedLate: false,
    })
    // The raiser heard of each answer.
    await app.outbox.dispatchDue()
    expect((await unreadOf('worker', 'whistle.acknowledged')).map((n) => n.title)).toEqual([
      '城市管理局已报到',
    ])
    expect(await unreadOf('worker', 'whistle.arrived')).toHaveLength(1) // the raiser's own record is not told back

    // Before the limit the sweep leaves 规划和自然资源 waiting; past 11:00 it is missed, once.
    expect(await app.services.whistles.sweep.sweep()).toEqual({ missed: 0 })
    await at('2026-12-07T11:01:00+08:00')
    expect(await app.services.whistles.sweep.sweep()).toEqual({ missed: 1 })
    expect(await app.services.whistles.sweep.sweep()).toEqual({ missed: 0 })
    w = await ok('worker', 'GET', `/api/whistles/${w.id}`)
    expect(w.summary).toEqual({ summoned: 0, acknowledged: 0, arrived: 2, missed: 1 })
    expect(response(w, units.ziran)).toMatchObject({
      status: 'missed',
      acknowledgedAt: null,
      arrivedAt: null,
      arrivedLate: false,
    })
    expect(w.responses.filter((r) => r.status === 'arrived').map((r) => r.arrivedAt)).toEqual([
      '2026-12-07T01:50:00.000Z',
      '2026-12-07T02:30:00.000Z',
    ])
    await app.outbox.dispatchDue()
    const told = await unreadOf('worker', 'whistle.missed')
    expect(told.map((n) => n.title)).toEqual(['吹哨未到：规划和自然资源分局'])
    expect(await unreadOf('shiftLeader', 'whistle.missed')).toHaveLength(1)
    expect(await app.services.whistles.sweep.sweep()).toEqual({ missed: 0 })
    await app.outbox.dispatchDue()
    expect(await unreadOf('shiftLeader', 'whistle.missed')).toHaveLength(1)

    w = await ok('worker', 'POST', `/api/whistles/${w.id}/close`, { outcome: '彩钢房已责令限期拆除' })
    expect(w).toMatchObject({ status: 'closed', outcome: '彩钢房已责令限期拆除', allowedActions: [] })

    // The month's department assessment counts it: 规划和自然资源 0 of 1 on time, 城管 1 of 1.
    await at('2027-01-01T09:00:00+08:00')
    const res = await call('leader', 'GET', '/api/assessment?month=2026-12&kind=department&pageSize=500')
    expect(res.statusCode, res.body).toBe(200)
    const assessment = res.json() as TAssessment
    const rate = (unitId: number) =>
      assessment.rows
        .find((r) => r.key === String(unitId))
        ?.indicators.find((i) => i.key === 'whistleArrivalRate')
    expect(rate(units.ziran)).toMatchObject({ numerator: 0, denominator: 1, value: 0, score: 0 })
    expect(rate(units.chengguan)).toMatchObject({ numerator: 1, denominator: 1, value: 100, score: 100 })
    expect(rate(units.zhujian)).toMatchObject({ numerator: 1, denominator: 1 })
    // Nothing was dispatched to them: beside 推诿数 (100 × 5) the whistle is each one's only rate.
    const row = (unitId: number) => assessment.rows.find((r) => r.key === String(unitId))
    expect(row(units.ziran)).toMatchObject({ composite: 33.33, grade: 'E', smallSample: true })
    expect(row(units.chengguan)).toMatchObject({ composite: 100, grade: 'A' })
    expect(row(units.shuiwu)).toBeUndefined()
  })

  it('refuses a check-in beyond the radius, naming the location; and a department not summoned', async () => {
    await at('2026-12-08T09:00:00+08:00')
    const w = await raise('worker', { unitIds: [units.chengguan] })
    const far = await call('chengguan', 'POST', `/api/whistles/${w.id}/check-in`, {
      location: east(place, 450),
    })
    expect(far.statusCode).toBe(400)
    expect(Object.keys(fieldsOf(far.body))).toEqual(['location'])
    const none = await call('chengguan', 'POST', `/api/whistles/${w.id}/check-in`, {})
    expect(none.statusCode).toBe(400)
    expect(Object.keys(fieldsOf(none.body))).toEqual(['location'])

    for (const path of ['', '/acknowledge', '/check-in']) {
      const res = await call('shuiwu', path ? 'POST' : 'GET', `/api/whistles/${w.id}${path}`, {
        location: place,
      })
      expect([403, 404], `${path}: ${res.body}`).toContain(res.statusCode)
    }
    // Still waiting for 城管.
    const still = await ok('worker', 'GET', `/api/whistles/${w.id}`)
    expect(still.summary).toEqual({ summoned: 1, acknowledged: 0, arrived: 0, missed: 0 })
  })

  it('lets a worker raise only inside their jurisdiction, about a case there, summoning departments and platforms of the district', async () => {
    await at('2026-12-08T10:00:00+08:00')
    // A grid worker's jurisdiction holds no department: the whistle lists the district's, departments first.
    const summonable = await call('worker', 'GET', '/api/whistles/units')
    expect(summonable.statusCode).toBe(200)
    const listed = (summonable.json() as { items: { id: number; kind: string }[] }).items
    expect(listed.map((u) => u.id)).toEqual(
      expect.arrayContaining([units.chengguan, units.zhujian, units.ziran, units.platform]),
    )
    expect(listed.map((u) => u.id)).not.toContain(units.joint)
    expect(listed.findIndex((u) => u.kind === 'platform')).toBeGreaterThan(
      listed.findIndex((u) => u.id === units.chengguan),
    )
    expect((await call('chengguan', 'GET', '/api/whistles/units')).statusCode).toBe(403)
    const outside = await call('worker', 'POST', '/api/whistles', {
      title: '越界吹哨',
      location: elsewhere,
      unitIds: [units.chengguan],
    })
    expect(outside.statusCode).toBe(400)
    expect(Object.keys(fieldsOf(outside.body))).toEqual(['location'])
    const theirs = await call('outsider', 'POST', '/api/whistles', {
      title: '越界吹哨',
      location: place,
      unitIds: [units.chengguan],
    })
    expect(theirs.statusCode).toBe(400)
    const team = await call('worker', 'POST', '/api/whistles', {
      title: '召集联勤',
      location: place,
      unitIds: [units.joint],
    })
    expect(team.statusCode).toBe(400)
    expect(Object.keys(fieldsOf(team.body))).toEqual(['unitIds'])
    const missingCase = await call('worker', 'POST', '/api/whistles', {
      title: '关联案件',
      location: place,
      unitIds: [units.platform],
      caseId: 999_999,
    })
    expect(missingCase.statusCode).toBe(400)
    expect(Object.keys(fieldsOf(missingCase.body))).toEqual(['caseId'])
    const byOperator = await call('operator', 'POST', '/api/whistles', {
      title: '受理员吹哨',
      location: place,
      unitIds: [units.platform],
    })
    expect(byOperator.statusCode).toBe(403)
    const platform = await raise('worker', { unitIds: [units.platform] })
    expect(platform.responses.map((r) => r.unit.name)).toEqual(['东湖街道综合执法平台'])
    // The other street's worker sees none of this street's whistles.
    const list = (await call('outsider', 'GET', '/api/whistles?pageSize=100')).json() as TWhistleList
    expect(list.total).toBe(0)
  })

  it('escalates by the center only, once, and closing marks the departments still expected as missed', async () => {
    await at('2026-12-09T09:00:00+08:00')
    let w = await raise('worker')
    const byWorker = await call('worker', 'POST', `/api/whistles/${w.id}/escalate`, { note: '请督办' })
    expect(byWorker.statusCode).toBe(403)
    const byOperator = await call('operator', 'POST', `/api/whistles/${w.id}/escalate`, { note: '请督办' })
    expect(byOperator.statusCode).toBe(403)
    const byHandler = await call('chengguan', 'POST', `/api/whistles/${w.id}/escalate`, { note: '请督办' })
    expect(byHandler.statusCode).toBe(403)
    const centre = await ok('shiftLeader', 'GET', `/api/whistles/${w.id}`)
    expect(centre.allowedActions).toEqual(['escalate', 'close'])
    await at('2026-12-09T09:40:00+08:00')
    w = await ok('shiftLeader', 'POST', `/api/whistles/${w.id}/escalate`, { note: '请各部门立即到场' })
    expect(w).toMatchObject({
      escalatedAt: '2026-12-09T01:40:00.000Z',
      escalatedBy: { id: userIds.shiftLeader },
      escalationNote: '请各部门立即到场',
      version: 2,
    })
    const again = await call('leader', 'POST', `/api/whistles/${w.id}/escalate`, { note: '再次督办' })
    expect(again.statusCode).toBe(409)
    await app.outbox.dispatchDue()
    expect(await unreadOf('ziran', 'whistle.escalated')).toHaveLength(1)

    w = await ok('zhujian', 'POST', `/api/whistles/${w.id}/acknowledge`, {})
    w = await ok('chengguan', 'POST', `/api/whistles/${w.id}/check-in`, { location: place })
    const stranger = await call('outsider', 'POST', `/api/whistles/${w.id}/close`, { outcome: '越权结束' })
    expect(stranger.statusCode).toBe(404)
    w = await ok('leader', 'POST', `/api/whistles/${w.id}/close`, { outcome: '已由城管牵头处置' })
    expect(w.status).toBe('closed')
    expect(w.closedBy).toMatchObject({ id: userIds.leader })
    expect(w.responses.map((r) => [r.unit.name, r.status])).toEqual([
      ['城市管理局', 'arrived'],
      ['住房和城乡建设局', 'missed'],
      ['规划和自然资源分局', 'missed'],
    ])
    const late = await call('zhujian', 'POST', `/api/whistles/${w.id}/check-in`, { location: place })
    expect(late.statusCode).toBe(409)
    // The sweep finds nothing left of a closed whistle.
    await at('2026-12-09T12:00:00+08:00')
    await app.services.whistles.sweep.sweep()
    const after = await ok('leader', 'GET', `/api/whistles/${w.id}`)
    expect(after.version).toBe(w.version)
  })

  it('marks an arrival after the limit late, and two sweeps side by side miss each response once', async () => {
    await at('2026-12-10T09:00:00+08:00')
    const a = await raise('worker', { arriveMinutes: 60, ackMinutes: 30 })
    const b = await raise('worker', { arriveMinutes: 60, ackMinutes: 30, unitIds: [units.ziran] })
    await at(new Date(clock.now().getTime() + 61 * minuteMs))
    const [one, two] = await Promise.all([
      app.services.whistles.sweep.sweep(),
      app.services.whistles.sweep.sweep(),
    ])
    expect((one?.missed ?? 0) + (two?.missed ?? 0)).toBe(4)
    expect(await app.services.whistles.sweep.sweep()).toEqual({ missed: 0 })
    // A department arriving after its miss is recorded, as late.
    const w = await ok('ziran', 'POST', `/api/whistles/${a.id}/check-in`, { location: place })
    expect(response(w, units.ziran)).toMatchObject({ status: 'arrived', arrivedLate: true })
    const other = await ok('worker', 'GET', `/api/whistles/${b.id}`)
    expect(other.summary.missed).toBe(1)
  })

  it('links a case still on the ground, and refuses one its handler has already reported done', async () => {
    await at('2026-12-11T09:00:00+08:00')
    await generateCases(app.database.db, {
      seed: 11,
      count: 2,
      from: '2026-09-01',
      to: '2026-10-31',
      areaCode: grid,
      profile: {
        kind: 'counts',
        groups: [
          { outcome: 'overdue_open', count: 1 },
          { outcome: 'handled_unclosed', count: 1 },
        ],
      },
    })
    const caseIn = async (status: string) =>
      Number(
        (
          await app.database.db
            .selectFrom('cases')
            .select('id')
            .where('status', '=', status)
            .where('grid_code', '=', grid)
            .executeTakeFirstOrThrow()
        ).id,
      )
    const open = await raise('worker', { caseId: await caseIn('handling'), unitIds: [units.chengguan] })
    expect(open.case?.id).toBe(await caseIn('handling'))
    const done = await call('worker', 'POST', '/api/whistles', {
      title: '已处置的案件',
      location: place,
      unitIds: [units.chengguan],
      caseId: await caseIn('handled'),
    })
    expect(done.statusCode).toBe(400)
    expect(fieldsOf(done.body).caseId).toContain('已处置完毕')
  })
})
