// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest'
import { listOutbox, setOutboxOwner } from '../../offline/outbox.ts'
import { freshIndexedDb, restartApp } from '../../offline/test-server.ts'
import {
  batchPoints,
  endPatrol,
  intervalSeconds,
  loadActivePatrol,
  type PatrolLabels,
  patrolFigures,
  recordPosition,
  setIntervalSeconds,
  startPatrol,
  trackLatLngs,
  trackPoint,
} from './patrol-session.ts'

const labels: PatrolLabels = { start: '开始巡查', points: (n) => `轨迹 ${n} 点`, end: '结束巡查' }
const t0 = Date.parse('2026-12-01T09:00:00+08:00')
/** Metres north of (116.7, 39.97) every 20 s. */
const at = (i: number, metres = i * 25, accuracy = 8) =>
  trackPoint(new Date(t0 + i * 20_000), {
    longitude: 116.7,
    latitude: 39.97 + metres / 111_195,
    accuracy,
  })

beforeEach(async () => {
  await freshIndexedDb()
  setOutboxOwner(7)
})

describe('a patrol on the phone', () => {
  it('queues the start with its own id and the first position, then positions in batches, then the end', async () => {
    let p = await startPatrol(labels, at(0), new Date(t0))
    for (let i = 1; i <= batchPoints + 3; i++)
      p = await recordPosition(p, at(i), labels, new Date(t0 + i * 1_000))
    await endPatrol(p, labels, new Date(t0 + 20 * 20_000))
    const queue = await listOutbox()
    expect(queue.map((e) => e.operation)).toEqual([
      'startPatrol',
      'appendPatrolPoints',
      'appendPatrolPoints',
      'endPatrol',
    ])
    expect(queue[0]?.body).toMatchObject({ id: p.id, point: { lat: 39.97, accuracy: 8 } })
    expect(queue.slice(1, 3).map((e) => (e.body.points as unknown[]).length)).toEqual([batchPoints, 3])
    expect(queue.slice(1).every((e) => e.params.id === p.id)).toBe(true)
    expect(queue.map((e) => e.label)).toEqual(['开始巡查', `轨迹 ${batchPoints} 点`, '轨迹 3 点', '结束巡查'])
    expect(await loadActivePatrol()).toBeNull()
  })

  it('survives a restart mid-patrol with every position, queued or not', async () => {
    let p = await startPatrol(labels, null, new Date(t0))
    for (let i = 1; i <= 4; i++) p = await recordPosition(p, at(i), labels, new Date(t0 + i * 20_000))
    await restartApp()
    const back = await loadActivePatrol()
    expect(back?.id).toBe(p.id)
    expect(back?.points).toHaveLength(4)
    expect(back?.unsent).toHaveLength(4)
    // Another user signing in on the phone does not pick it up.
    setOutboxOwner(8)
    expect(await loadActivePatrol()).toBeNull()
  })

  it('hands positions over after three minutes even when fewer than a batch', async () => {
    let p = await startPatrol(labels, null, new Date(t0))
    p = await recordPosition(p, at(1), labels, new Date(t0 + 20_000))
    p = await recordPosition(p, at(2), labels, new Date(t0 + 181_000))
    expect(p.unsent).toEqual([])
    expect((await listOutbox()).map((e) => e.operation)).toEqual(['startPatrol', 'appendPatrolPoints'])
  })

  it('measures the walk by the server’s rule: poor fixes and standing still do not count', async () => {
    let p = await startPatrol(labels, at(0), new Date(t0))
    p = await recordPosition(p, at(1, 25), labels)
    p = await recordPosition(p, at(2, 2000, 150), labels)
    p = await recordPosition(p, at(3, 27), labels)
    p = await recordPosition(p, at(4, 75), labels)
    const f = patrolFigures(p, new Date(t0 + 120_000))
    expect(f.distanceM).toBeCloseTo(75, 0)
    expect(f.durationS).toBe(120)
    expect(trackLatLngs(p.points)).toHaveLength(3)
    // A position no later than the last is not recorded twice.
    expect((await recordPosition(p, at(4), labels)).points).toHaveLength(5)
  })

  it('keeps the interval the worker chose, 20 s unless a known choice', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    }
    expect(intervalSeconds(storage)).toBe(20)
    setIntervalSeconds(60, storage)
    expect(intervalSeconds(storage)).toBe(60)
    setIntervalSeconds(7, storage)
    expect(intervalSeconds(storage)).toBe(60)
  })
})
