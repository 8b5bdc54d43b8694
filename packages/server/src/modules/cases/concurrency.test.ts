import type { AddressInfo } from 'node:net'
import type { TCase } from '@onegrid/core/api/cases'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, openTestDatabase, secondHandle } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { act, at, caseWorld, items, photo, report, type Staff } from './test-fixtures.ts'

/** Reads an SSE stream until `until` says the events seen so far suffice. */
async function watch(
  url: string,
  headers: Record<string, string>,
  onOpen: () => Promise<void>,
  until: (events: { topic: string; data: Record<string, unknown> }[]) => boolean,
): Promise<{ topic: string; data: Record<string, unknown> }[]> {
  const controller = new AbortController()
  const res = await fetch(url, {
    signal: controller.signal,
    headers: { accept: 'text/event-stream', ...headers },
  })
  const reader = res.body?.getReader()
  if (!reader) throw new Error('no body')
  const decoder = new TextDecoder()
  const timer = setTimeout(() => controller.abort(), 10_000)
  let buffer = ''
  let opened = false
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) throw new Error('stream ended')
      buffer += decoder.decode(value, { stream: true })
      if (!opened && buffer.includes(': connected')) {
        opened = true
        await onOpen()
      }
      const events = buffer
        .split('\n\n')
        .map((block) => /^data: (.+)$/m.exec(block)?.[1])
        .filter((d): d is string => d !== undefined)
        .map((d) => JSON.parse(d) as { topic: string; data: Record<string, unknown> })
      if (until(events)) return events
    }
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

describe('cases under concurrency, on two app instances sharing one database', () => {
  let a: App
  let b: App
  let staff: Staff
  const clock = new ManualClock('2026-11-23T09:00:00+08:00')
  const env = { ONEGRID_SESSION_IDLE_MINUTES: '1440' }

  beforeAll(async () => {
    const database = await openTestDatabase()
    a = await createTestApp({ database, clock, env })
    b = await createTestApp({ database: await secondHandle(database), clock, env })
    await a.hub.start()
    await b.hub.start()
    ;({ staff } = await caseWorld(a))
  })
  afterAll(async () => {
    await b.close()
    await a.close()
  })

  it('lets exactly one of fifty concurrent actions on one case through; the rest get 409 and leave no trace', async () => {
    const c = await report(a, staff.worker, { itemCode: items.dispute })
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? a : b).http.inject({
          method: 'POST',
          url: `/api/cases/${c.id}/actions`,
          headers: staff.operator.headers,
          payload: { action: 'accept', expectedVersion: c.version },
        }),
      ),
    )
    const codes = results.map((r) => r.statusCode).sort()
    expect(codes.filter((s) => s === 200)).toHaveLength(1)
    expect(codes.filter((s) => s === 409)).toHaveLength(49)
    const rows = await a.database.db
      .selectFrom('case_events')
      .select('action')
      .where('case_id', '=', c.id)
      .execute()
    expect(rows.map((r) => r.action)).toEqual(['report', 'accept'])
    const audit = await a.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity_type', '=', 'case')
      .where('entity_id', '=', String(c.id))
      .execute()
    expect(audit).toHaveLength(2)
  })

  it('lets one of twenty concurrent reports carrying the same photo have it; the rest are refused whole', async () => {
    const shot = await photo(a, staff.worker, '#2a7')
    const description = '同一张照片被二十份上报同时使用'
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).http.inject({
          method: 'POST',
          url: '/api/cases',
          headers: staff.worker.headers,
          payload: {
            itemCode: items.dispute,
            channel: 'grid_worker',
            description,
            location: { lng: 116.605, lat: 39.83 },
            attachmentIds: [shot.id],
          },
        }),
      ),
    )
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1)
    const refused = results.filter((r) => r.statusCode !== 201)
    expect(refused.every((r) => r.statusCode === 400 && 'attachmentIds' in r.json().error.fields)).toBe(true)
    const { rows } = await sql<{ n: number; events: number; audits: number }>`
      SELECT count(*)::int AS n,
             (SELECT count(*)::int FROM case_events e JOIN cases c ON c.id = e.case_id
               WHERE c.description = ${description}) AS events,
             (SELECT count(*)::int FROM audit_log l JOIN cases c ON l.entity_id = c.id::text
               WHERE l.action = 'case.report' AND c.description = ${description}) AS audits
        FROM cases WHERE description = ${description}`.execute(a.database.db)
    expect(rows[0]).toEqual({ n: 1, events: 1, audits: 1 })
  })

  it('creates one case for the same report sent 100 times with one Idempotency-Key', async () => {
    const key = 'field-app-7f3c2a'
    const send = (app: App) =>
      app.http.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { ...staff.worker.headers, 'idempotency-key': key },
        payload: {
          itemCode: items.dispute,
          channel: 'grid_worker',
          description: '同一上报被手机重发了 100 次',
          location: { lng: 116.605, lat: 39.83 },
        },
      })
    const first = await Promise.all(Array.from({ length: 50 }, (_, i) => send(i % 2 ? a : b)))
    const again = await Promise.all(Array.from({ length: 50 }, (_, i) => send(i % 2 ? a : b)))
    const answers = [...first, ...again]
    expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true)
    const ids = new Set(answers.map((r) => (r.json() as TCase).id))
    expect(ids.size).toBe(1)
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM cases WHERE description = '同一上报被手机重发了 100 次'`.execute(
      a.database.db,
    )
    expect(rows[0]?.n).toBe(1)
  })

  it('brings a report made on one instance to an SSE subscriber of the other', async () => {
    await b.http.listen({ port: 0, host: '127.0.0.1' })
    const port = (b.http.server.address() as AddressInfo).port
    let made: TCase | undefined
    const events = await watch(
      `http://127.0.0.1:${port}/api/events?topics=case.*`,
      staff.dispatcher.headers,
      async () => {
        made = await report(a, staff.worker, { itemCode: items.dispute, title: '跨实例实时推送' })
      },
      (seen) => seen.some((e) => e.topic === 'case.created' && e.data.title === '跨实例实时推送'),
    )
    const created = events.find((e) => e.topic === 'case.created')
    expect(created?.data).toMatchObject({ id: made?.id, status: 'reported', channel: 'grid_worker' })
  })

  it('runs the deadline sweep on both instances at once and fires every step once, with one notification each', async () => {
    await at(a, clock, staff, '2026-11-24 09:00')
    const c1 = await report(a, staff.worker, { itemCode: items.dispute })
    const c2 = await report(a, staff.worker, { itemCode: items.dispute })
    await act(a, staff.gridLeader, c2, 'accept')
    // 受理 in 2 working hours: warned from 10:36, overdue after 11:00.
    clock.set('2026-11-24T10:40:00+08:00')
    await Promise.all([a.services.cases.sweep.sweep(), b.services.cases.sweep.sweep()])
    clock.set('2026-11-24T11:30:00+08:00')
    await Promise.all([a.services.cases.sweep.sweep(), b.services.cases.sweep.sweep()])
    await Promise.all([a.services.cases.sweep.sweep(), b.services.cases.sweep.sweep()])
    // One working day after the deadline the next level supervises it.
    clock.set('2026-11-25T18:00:00+08:00')
    await Promise.all([a.services.cases.sweep.sweep(), b.services.cases.sweep.sweep()])
    await Promise.all([a.outbox.dispatchDue(), b.outbox.dispatchDue()])
    await Promise.all([a.outbox.dispatchDue(), b.outbox.dispatchDue()])

    const alarms = await a.database.db
      .selectFrom('case_events')
      .select(['case_id', 'data'])
      .where('action', '=', 'alarm')
      .where('case_id', 'in', [c1.id, c2.id])
      .orderBy('id')
      .execute()
    const steps = (id: number) =>
      alarms
        .filter((r) => Number(r.case_id) === id)
        .map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data).step)
    expect(steps(c1.id)).toEqual(['warned', 'overdue', 'supervised'])
    const after = await a.database.db
      .selectFrom('cases')
      .select(['overdue', 'supervised', 'alarm_step'])
      .where('id', '=', c1.id)
      .executeTakeFirstOrThrow()
    expect(after).toMatchObject({ overdue: true, supervised: true, alarm_step: 3 })
    // The accepted case waits to be registered: its 受理 clock stopped only at registration, so it climbs as well.
    expect(steps(c2.id)).toEqual(['warned', 'overdue', 'supervised'])
    const { rows } = await sql<{ kind: string; user_id: number; n: number }>`
      SELECT kind, user_id, count(*)::int AS n FROM notifications WHERE case_id = ${c1.id} AND kind LIKE 'case.alarm.%'
      GROUP BY kind, user_id`.execute(a.database.db)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.n === 1)).toBe(true)
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['case.alarm.2', 'case.alarm.3']))
  })
})
