import { randomUUID } from 'node:crypto'
import type {
  TAppendPatrolPointsResult,
  TCheckInRecord,
  TOnDutyPositions,
  TPatrol,
  TPatrolCoverage,
  TPatrolList,
  TTrackPoint,
  TWorkerDay,
} from '@onegrid/core/api/patrols'
import type { Role } from '@onegrid/core/auth/roles'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { box } from '../../../test/grid-fixtures.ts'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import type { AreaNode } from '../areas/service.ts'

/**
 * The done-when fixture: grid A is a 1 km × 1 km square (degrees from the WGS84 lengths of a
 * degree at its middle latitude); a straight 1 km track through its middle, edge to edge, covers
 * 60 m × 1,000 m of its 1 km²: 6 %.
 */
const south = 39.8
const west = 116.6
const midLat = south + 0.0045
const phi = (midLat * Math.PI) / 180
const metresPerDegreeLat = 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi)
const metresPerDegreeLng = 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi)
const dLat = 1000 / metresPerDegreeLat
const dLng = 1000 / metresPerDegreeLng
const east = west + dLng
const north = south + dLat
const middle = south + dLat / 2

const gridA = '110120001001001'
const gridB = '110120001001002'
const gridOut = '110120002001001'

function network(): AreaNode[] {
  const node = (code: string, name: string, level: AreaNode['level'], geometry: ReturnType<typeof box>) => ({
    code,
    name,
    level,
    parentCode:
      level === 'district' ? null : code.slice(0, level === 'grid' ? 12 : level === 'community' ? 9 : 6),
    geometry,
    ...(level === 'grid' ? { gridType: 'basic' as const, households: 300 } : {}),
  })
  return [
    node('110120', '云溪区', 'district', box(116.6, 39.8, 116.66, 39.84)),
    node('110120001', '东湖街道', 'street', box(116.6, 39.8, 116.63, 39.84)),
    node('110120002', '西园街道', 'street', box(116.63, 39.8, 116.66, 39.84)),
    node('110120001001', '湖滨社区', 'community', box(116.6, 39.8, 116.63, 39.84)),
    node('110120002001', '翠苑社区', 'community', box(116.63, 39.8, 116.66, 39.84)),
    node(gridA, '湖滨社区第一网格', 'grid', box(west, south, east, north)),
    node(gridB, '湖滨社区第二网格', 'grid', box(east, south, east + dLng, north)),
    node(gridOut, '翠苑社区第一网格', 'grid', box(116.63, 39.8, 116.64, 39.81)),
  ] as AreaNode[]
}

type Who = 'workerA' | 'workerA2' | 'workerB' | 'leader' | 'leaderOut' | 'admin' | 'operator'
const day = '2026-12-01'
const at = (hhmmss: string) => `${day}T${hhmmss}+08:00`
const plus = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString()

/** A walk along the middle of grid A from its west edge to its east edge, a point every 20 s at ~1.4 m/s. */
function walkAcross(startIso: string, accuracy = 6): TTrackPoint[] {
  const n = 36
  return Array.from({ length: n + 1 }, (_, i) => ({
    at: plus(startIso, i * 20),
    lng: west + (dLng * i) / n,
    lat: middle,
    accuracy,
  }))
}

describe('patrols, check-ins and coverage (巡查、签到、覆盖率)', () => {
  let app: App
  const clock = new ManualClock(at('10:00:00'))
  const tokens = {} as Record<Who, string>
  const ids = {} as Record<Who, number>

  const call = (who: Who, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.http.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) })
  const ok = async <T>(who: Who, method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
    const res = await call(who, method, url, payload)
    expect(res.statusCode, res.body).toBeLessThan(300)
    return res.json() as T
  }
  const fieldsOf = (body: string) =>
    (JSON.parse(body) as { error: { fields: Record<string, string> } }).error.fields
  const coverageOf = async (who: Who, grid: string, from = day, to = day) =>
    ok<TPatrolCoverage>(who, 'GET', `/api/patrols/coverage?gridCode=${grid}&from=${from}&to=${to}`)

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await app.services.areas.saveTree(network(), { effectiveFrom: new Date('2026-01-01T00:00:00+08:00') })
    const users: [Who, Role, string][] = [
      ['workerA', 'grid_worker', gridA],
      ['workerA2', 'grid_worker', gridA],
      ['workerB', 'grid_worker', gridB],
      ['leader', 'grid_leader', '110120001'],
      ['leaderOut', 'grid_leader', '110120002'],
      ['admin', 'admin', '110120'],
      ['operator', 'operator', '110120001'],
    ]
    for (const [who, role, areaCode] of users) {
      const username = `pt_${who.toLowerCase()}`
      ids[who] = (await createUser(app, { username, role, areaCode })).id
      tokens[who] = await tokenFor(app, username)
    }
  })
  afterAll(async () => {
    await app.close()
  })

  it('draws the fixture grid as 1 km × 1 km', async () => {
    const { rows } = await sql<{ m2: number }>`
      SELECT ST_Area(geom::geography) AS m2 FROM areas WHERE code = ${gridA}`.execute(app.database.db)
    expect(Number(rows[0]?.m2)).toBeGreaterThan(995_000)
    expect(Number(rows[0]?.m2)).toBeLessThan(1_005_000)
  })

  const crossing = randomUUID()
  it('yields 6 % ± 0.5 % for a straight 1 km track through the middle of a 1 km² grid', async () => {
    const points = walkAcross(at('09:00:00'))
    const started = await call('workerA', 'POST', '/api/patrols', {
      id: crossing,
      startedAt: at('09:00:00'),
      point: points[0],
    })
    expect(started.statusCode, started.body).toBe(201)
    const appended = await ok<TAppendPatrolPointsResult>(
      'workerA',
      'POST',
      `/api/patrols/${crossing}/points`,
      {
        points: points.slice(1),
      },
    )
    expect(appended.accepted).toBe(36)
    expect(appended.patrol.status).toBe('open')
    const ended = await ok<TPatrol>('workerA', 'POST', `/api/patrols/${crossing}/end`, {
      endedAt: points.at(-1)?.at,
    })
    expect(ended.status).toBe('ended')
    expect(ended.areaCode).toBe(gridA)
    expect(ended.distanceM).toBeGreaterThan(995)
    expect(ended.distanceM).toBeLessThan(1005)
    expect(ended.durationS).toBe(720)
    expect(ended.track?.type).toBe('LineString')
    expect(ended.track?.coordinates).toHaveLength(37)

    const cov = await coverageOf('workerA', gridA)
    const a = cov.grids[0]?.days[0]
    expect(a?.patrolled).toBe(true)
    expect(a?.coverage).toBeGreaterThan(0.055)
    expect(a?.coverage).toBeLessThan(0.065)
    expect(Math.abs((a?.coverage ?? 0) - 0.06)).toBeLessThan(0.005)
    expect(a?.distanceM).toBeGreaterThan(995)
    expect(a?.durationS).toBeGreaterThan(700)
    expect(a?.workers).toBe(1)
    // The track stops at grid B's edge: its end cap covers a sliver of B, but nobody walked in B.
    const b = (await coverageOf('leader', gridB)).grids[0]?.days[0]
    expect(b?.patrolled).toBe(false)
    expect(b?.distanceM).toBe(0)
    expect(b?.coverage).toBeLessThan(0.002)
  })

  it('answers a start under the same id with the patrol, and another worker’s id with 409', async () => {
    const again = await call('workerA', 'POST', '/api/patrols', { id: crossing, startedAt: at('09:00:00') })
    expect(again.statusCode).toBe(200)
    expect((again.json() as TPatrol).id).toBe(crossing)
    expect((again.json() as TPatrol).status).toBe('ended')
    const theirs = await call('workerA2', 'POST', '/api/patrols', { id: crossing, startedAt: at('09:00:00') })
    expect(theirs.statusCode).toBe(409)
    expect(
      (
        await call('workerA2', 'POST', `/api/patrols/${crossing}/points`, {
          points: walkAcross(at('09:00:00')),
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await call('workerA2', 'POST', `/api/patrols/${crossing}/end`, { endedAt: at('09:30:00') }))
        .statusCode,
    ).toBe(404)
  })

  it('ignores points sent again, and takes late points after the end (the grid day follows)', async () => {
    const resent = await ok<TAppendPatrolPointsResult>('workerA', 'POST', `/api/patrols/${crossing}/points`, {
      points: walkAcross(at('09:00:00')),
    })
    expect(resent).toMatchObject({ accepted: 0, ignored: 37 })
    expect(resent.patrol.pointCount).toBe(37)
    expect(resent.patrol.distanceM).toBeGreaterThan(995)
    expect(resent.patrol.distanceM).toBeLessThan(1005)
    const before = (await coverageOf('workerA', gridA)).grids[0]?.days[0]?.coverage ?? 0
    // The queue's last batch arrives after the end: the walk went on 300 m north, inside A.
    const late = Array.from({ length: 11 }, (_, i) => ({
      at: plus(at('09:12:00'), 20 + i * 20),
      lng: east - 0.002,
      lat: middle + ((i + 1) * 30) / metresPerDegreeLat,
      accuracy: 5,
    }))
    const res = await ok<TAppendPatrolPointsResult>('workerA', 'POST', `/api/patrols/${crossing}/points`, {
      points: late,
    })
    expect(res.accepted).toBe(11)
    const after = (await coverageOf('workerA', gridA)).grids[0]?.days[0]?.coverage ?? 0
    expect(after).toBeGreaterThan(before + 0.01)
  })

  it('keeps points that arrive before their patrol’s start, and the start answers that patrol', async () => {
    const id = randomUUID()
    const points = walkAcross(at('08:00:00')).slice(0, 5)
    const appended = await call('workerB', 'POST', `/api/patrols/${id}/points`, { points })
    expect(appended.statusCode, appended.body).toBe(200)
    expect((appended.json() as TAppendPatrolPointsResult).accepted).toBe(5)
    const started = await call('workerB', 'POST', '/api/patrols', { id, startedAt: at('07:59:00') })
    expect(started.statusCode).toBe(200)
    expect((started.json() as TPatrol).startedAt).toBe(new Date(at('07:59:00')).toISOString())
    expect((started.json() as TPatrol).pointCount).toBe(5)
    await ok('workerB', 'POST', `/api/patrols/${id}/end`, { endedAt: at('08:05:00') })
  })

  it('names the field of a bad request, in Chinese first', async () => {
    const badId = await call('workerA', 'POST', '/api/patrols', {
      id: 'not-a-uuid',
      startedAt: at('09:00:00'),
    })
    expect(badId.statusCode).toBe(400)
    expect(fieldsOf(badId.body)).toHaveProperty('id')
    const ahead = await call('workerA', 'POST', '/api/patrols', {
      id: randomUUID(),
      startedAt: at('11:00:00'),
    })
    expect(ahead.statusCode).toBe(400)
    expect(fieldsOf(ahead.body).startedAt).toContain('服务器时间')
    const tooMany = await call('workerA', 'POST', `/api/patrols/${crossing}/points`, {
      points: Array.from({ length: 501 }, (_, i) => ({
        at: plus(at('09:00:00'), i),
        lng: west,
        lat: south,
        accuracy: 5,
      })),
    })
    expect(tooMany.statusCode).toBe(400)
    expect(fieldsOf(tooMany.body)).toHaveProperty('points')
    const negative = await call('workerA', 'POST', `/api/patrols/${crossing}/points`, {
      points: [{ at: at('09:00:00'), lng: west, lat: south, accuracy: -1 }],
    })
    expect(fieldsOf(negative.body)).toHaveProperty(['points.0.accuracy'])
    const checkIn = await call('workerA', 'POST', '/api/check-ins', {
      at: at('09:00:00'),
      lng: 200,
      lat: south,
      accuracy: 5,
    })
    expect(checkIn.statusCode).toBe(400)
    expect(fieldsOf(checkIn.body)).toHaveProperty('lng')
    const cov = await call(
      'leader',
      'GET',
      `/api/patrols/coverage?gridCode=${gridA}&from=2026-12-01&to=2026-11-01`,
    )
    expect(fieldsOf(cov.body)).toHaveProperty('to')
  })

  it('keeps patrols inside the jurisdiction: another grid’s worker and another street’s leader see nothing', async () => {
    expect((await call('leader', 'GET', `/api/patrols/${crossing}`)).statusCode).toBe(200)
    expect((await call('admin', 'GET', `/api/patrols/${crossing}`)).statusCode).toBe(200)
    expect((await call('workerA2', 'GET', `/api/patrols/${crossing}`)).statusCode).toBe(200)
    expect((await call('workerB', 'GET', `/api/patrols/${crossing}`)).statusCode).toBe(404)
    expect((await call('leaderOut', 'GET', `/api/patrols/${crossing}`)).statusCode).toBe(404)
    expect((await call('operator', 'GET', `/api/patrols/${crossing}`)).statusCode).toBe(403)

    const listB = await ok<TPatrolList>('workerB', 'GET', `/api/patrols?day=${day}`)
    expect(listB.items.map((p) => p.user.id)).toEqual([ids.workerB])
    const listOut = await ok<TPatrolList>('leaderOut', 'GET', '/api/patrols')
    expect(listOut.items).toEqual([])
    const listLeader = await ok<TPatrolList>('leader', 'GET', `/api/patrols?areaCode=${gridA}`)
    expect(listLeader.items.map((p) => p.id)).toEqual([crossing])

    const covB = await call('workerB', 'GET', `/api/patrols/coverage?gridCode=${gridA}&from=${day}&to=${day}`)
    expect(covB.statusCode).toBe(400)
    expect(fieldsOf(covB.body)).toHaveProperty('gridCode')
    const covOut = await call(
      'leaderOut',
      'GET',
      `/api/patrols/coverage?areaCode=110120001&from=${day}&to=${day}`,
    )
    expect(covOut.statusCode).toBe(400)
    const street = await ok<TPatrolCoverage>(
      'leader',
      'GET',
      `/api/patrols/coverage?areaCode=110120001&from=2026-11-30&to=${day}`,
    )
    expect(street.grids.map((g) => g.code)).toEqual([gridA, gridB])
    expect(street.grids[0]?.days.map((d) => d.patrolled)).toEqual([false, true])
    expect(street.grids[0]?.patrolledDays).toBe(1)

    expect(
      (await call('leaderOut', 'GET', `/api/fieldwork/worker-day?userId=${ids.workerA}&day=${day}`))
        .statusCode,
    ).toBe(404)
    expect(
      (await call('workerB', 'GET', `/api/fieldwork/worker-day?userId=${ids.workerA}&day=${day}`)).statusCode,
    ).toBe(404)
  })

  it('checks in inside the grid, within the accuracy of its line, and flags one outside', async () => {
    const inside = await call('workerA', 'POST', '/api/check-ins', {
      at: at('08:55:00'),
      lng: west + dLng / 2,
      lat: middle,
      accuracy: 12,
    })
    expect(inside.statusCode, inside.body).toBe(201)
    expect(inside.json()).toMatchObject({ inside: true, kind: 'on', grid: { code: gridA }, distanceM: 0 })
    // 30 m west of the grid's west line (outside the district altogether).
    const near = { at: at('08:56:00'), lng: west - 30 / metresPerDegreeLng, lat: middle }
    const fuzzy = await ok<TCheckInRecord>('workerA', 'POST', '/api/check-ins', { ...near, accuracy: 40 })
    expect(fuzzy.inside).toBe(true)
    const sharp = await ok<TCheckInRecord>('workerA', 'POST', '/api/check-ins', { ...near, accuracy: 10 })
    expect(sharp.inside).toBe(false)
    expect(sharp.distanceM).toBeGreaterThan(25)
    expect(sharp.distanceM).toBeLessThan(35)
    const far = await ok<TCheckInRecord>('workerA', 'POST', '/api/check-ins', {
      at: at('09:50:00'),
      lng: 116.635,
      lat: 39.805,
      accuracy: 8,
      kind: 'off',
    })
    expect(far).toMatchObject({ inside: false, kind: 'off', grid: { code: gridA } })
    expect(far.distanceM).toBeGreaterThan(500)

    const mine = await ok<{ items: TCheckInRecord[] }>(
      'workerA',
      'GET',
      `/api/check-ins?mine=true&day=${day}`,
    )
    expect(mine.items).toHaveLength(4)
    const outside = await ok<{ items: TCheckInRecord[] }>(
      'leader',
      'GET',
      `/api/check-ins?inside=false&day=${day}`,
    )
    expect(outside.items.map((c) => c.inside)).toEqual([false, false])
    expect((await ok<{ items: TCheckInRecord[] }>('leaderOut', 'GET', '/api/check-ins')).items).toEqual([])
    expect(
      (await ok<{ items: TCheckInRecord[] }>('workerB', 'GET', '/api/check-ins')).items.map((c) => c.user.id),
    ).not.toContain(ids.workerA)
  })

  it('shows a worker’s day: tracks, check-ins and reports', async () => {
    const d = await ok<TWorkerDay>(
      'leader',
      'GET',
      `/api/fieldwork/worker-day?userId=${ids.workerA}&day=${day}`,
    )
    expect(d.user).toEqual({ id: ids.workerA, name: 'pt_workera' })
    expect(d.grids).toEqual([{ code: gridA, name: '湖滨社区第一网格' }])
    expect(d.patrols.map((p) => p.id)).toEqual([crossing])
    expect(d.patrols[0]?.track?.coordinates.length).toBeGreaterThan(30)
    expect(d.checkIns.map((c) => c.at)).toEqual([...d.checkIns.map((c) => c.at)].sort())
    expect(d.checkIns).toHaveLength(4)
    expect(d.cases).toEqual([])
    const own = await ok<TWorkerDay>('workerA', 'GET', `/api/fieldwork/worker-day?day=${day}`)
    expect(own.patrols).toHaveLength(1)
    const other = await ok<TWorkerDay>(
      'leader',
      'GET',
      `/api/fieldwork/worker-day?userId=${ids.workerA}&day=2026-11-30`,
    )
    expect(other.patrols).toEqual([])
  })

  it('lists a worker on duty only while a patrol of theirs is open with a point in the last 15 minutes', async () => {
    const id = randomUUID()
    const walk = walkAcross(at('09:50:00')).slice(0, 10)
    await ok('workerA2', 'POST', '/api/patrols', { id, startedAt: at('09:50:00'), point: walk[0] })
    await ok('workerA2', 'POST', `/api/patrols/${id}/points`, { points: walk.slice(1) })
    const now = await ok<TOnDutyPositions>('leader', 'GET', '/api/patrols/on-duty')
    expect(now.items.map((i) => i.user.id)).toEqual([ids.workerA2])
    expect(now.items[0]).toMatchObject({ patrolId: id, grid: { code: gridA }, lat: middle })
    expect((await ok<TOnDutyPositions>('leaderOut', 'GET', '/api/patrols/on-duty')).items).toEqual([])
    expect((await ok<TOnDutyPositions>('workerB', 'GET', '/api/patrols/on-duty')).items).toEqual([])

    // An open patrol's coverage is computed when read (workers A and A2, and B who crossed A at 08:00).
    const open = (await coverageOf('leader', gridA)).grids[0]?.days[0]
    expect(open?.workers).toBe(3)

    clock.advance(20 * 60_000)
    expect((await ok<TOnDutyPositions>('leader', 'GET', '/api/patrols/on-duty')).items).toEqual([])
    clock.advance(-20 * 60_000)
    await ok('workerA2', 'POST', `/api/patrols/${id}/end`, { endedAt: at('09:54:00') })
    expect((await ok<TOnDutyPositions>('leader', 'GET', '/api/patrols/on-duty')).items).toEqual([])
  })

  it('ends an open patrol left behind when the same worker starts another', async () => {
    const first = randomUUID()
    const second = randomUUID()
    const walk = walkAcross(at('09:55:00'))
    await ok('workerB', 'POST', '/api/patrols', { id: first, startedAt: at('09:55:00'), point: walk[0] })
    await ok('workerB', 'POST', `/api/patrols/${first}/points`, { points: walk.slice(1, 5) })
    await ok('workerB', 'POST', '/api/patrols', { id: second, startedAt: at('09:59:00') })
    const old = await ok<TPatrol>('workerB', 'GET', `/api/patrols/${first}`)
    expect(old.status).toBe('ended')
    expect(old.endedAt).toBe(new Date(walk[4]?.at ?? '').toISOString())
    // The app's own end, arriving later, still wins over the automatic one.
    const ended = await ok<TPatrol>('workerB', 'POST', `/api/patrols/${first}/end`, {
      endedAt: at('09:58:30'),
    })
    expect(ended.endedAt).toBe(new Date(at('09:58:30')).toISOString())
  })

  it('takes a whole patrol from the phone’s queue once, however often the batch is sent', async () => {
    const id = randomUUID()
    const walk = walkAcross(at('07:00:00'))
    const items = [
      { id: randomUUID(), operation: 'startPatrol', body: { id, startedAt: at('07:00:00'), point: walk[0] } },
      {
        id: randomUUID(),
        operation: 'appendPatrolPoints',
        params: { id },
        body: { points: walk.slice(1, 20) },
      },
      { id: randomUUID(), operation: 'appendPatrolPoints', params: { id }, body: { points: walk.slice(20) } },
      {
        id: randomUUID(),
        operation: 'checkIn',
        body: { at: at('07:00:30'), lng: west + 0.001, lat: middle, accuracy: 9 },
      },
      { id: randomUUID(), operation: 'endPatrol', params: { id }, body: { endedAt: at('07:13:00') } },
    ]
    for (let round = 0; round < 2; round++) {
      const res = await call('workerA', 'POST', '/api/field/sync', { items })
      expect(res.statusCode, res.body).toBe(200)
      const results = (res.json() as { results: { status: number; replayed: boolean }[] }).results
      expect(results.map((r) => r.status)).toEqual([201, 200, 200, 201, 200])
      expect(results.every((r) => r.replayed === (round === 1))).toBe(true)
    }
    const patrol = await ok<TPatrol>('workerA', 'GET', `/api/patrols/${id}`)
    expect(patrol).toMatchObject({ status: 'ended', pointCount: 37 })
    const checkIns = await ok<{ items: TCheckInRecord[] }>(
      'workerA',
      'GET',
      `/api/check-ins?mine=true&day=${day}`,
    )
    expect(checkIns.items.filter((c) => c.at === new Date(at('07:00:30')).toISOString())).toHaveLength(1)
  })
})
