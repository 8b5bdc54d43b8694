import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import type { TCase } from '@onegrid/core/api/cases'
import type {
  THotlineReceipt,
  THotlineUpdate,
  TOutboxList,
  TOutboxMessage,
} from '@onegrid/core/api/integrations'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { loggerSettings } from '../../platform/logging.ts'
import { checkSignature, signedHeaders } from '../../platform/webhooks/signature.ts'
import { act, caseWorld, getCase, items, points, type Staff } from '../cases/test-fixtures.ts'

const sharedSecret = 'hotline-shared-secret-2026'
const platformSecret = 'platform-callback-secret-2026'

/** The 12345 platform's callback endpoint: checks each update's signature and records it; can be down. */
function fakePlatform(clock: ManualClock) {
  const received: { update: THotlineUpdate; signed: boolean; delivery: string }[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const signed = checkSignature(platformSecret, req.headers, raw, clock.now()).ok
      received.push({
        update: JSON.parse(raw.toString('utf8')) as THotlineUpdate,
        signed,
        delivery: String(req.headers['x-onegrid-delivery']),
      })
      res.writeHead(signed ? 200 : 401).end('{"ok":true}')
    })
  })
  return {
    received,
    listen: (port = 0) =>
      new Promise<number>((resolve) =>
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const order = (orderNo: string, extra: Record<string, unknown> = {}) => ({
  orderNo,
  itemCode: items.kiosk,
  title: '休息亭顶棚破损',
  content: '市民来电反映：公园东门休息亭顶棚破了一个大洞，下雨漏水，请尽快处理。',
  address: '柳园路 1 号公园东门',
  location: points.liuyuan1,
  receivedAt: '2026-11-23T09:00:00+08:00',
  caller: { name: '刘女士', phone: '13912345678' },
  // The kiosk's report form asks for the component's state.
  fields: { component_state: 'damaged' },
  ...extra,
})

describe('the 12345 platform link', () => {
  let app: App
  let staff: Staff
  let admin: Record<string, string>
  let platform: ReturnType<typeof fakePlatform>
  let port: number
  const logLines: string[] = []
  const clock = new ManualClock('2026-11-23T09:05:00+08:00')

  const deliver = (body: unknown, headers: Record<string, string> | null = null, secret = sharedSecret) => {
    const raw = JSON.stringify(body)
    return app.http.inject({
      method: 'POST',
      url: '/api/integrations/12345/orders',
      headers: {
        'content-type': 'application/json',
        ...(headers ?? signedHeaders(secret, raw, clock.now())),
      },
      payload: raw,
    })
  }

  beforeAll(async () => {
    platform = fakePlatform(clock)
    // The platform's port is known before the app starts; the platform itself is down at first.
    port = await platform.listen()
    await platform.close()
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString('utf8'))
        done()
      },
    })
    app = await createTestApp({
      clock,
      logger: pino(loggerSettings('info'), sink),
      env: {
        ONEGRID_SESSION_IDLE_MINUTES: '1440',
        ONEGRID_HOTLINE_SECRET: sharedSecret,
        ONEGRID_HOTLINE_CALLBACK_URL: `http://127.0.0.1:${port}/callback`,
        ONEGRID_HOTLINE_CALLBACK_SECRET: platformSecret,
      },
    })
    ;({ staff } = await caseWorld(app))
    await createUser(app, { username: 'platform-12345', role: 'operator', areaCode: '110120' })
    await createUser(app, { username: 'h_admin', role: 'admin', areaCode: '110120' })
    await createUser(app, { username: 'h_street_admin', role: 'admin', areaCode: '110120001' })
    admin = bearer(await tokenFor(app, 'h_admin'))
  })
  afterAll(async () => {
    await app.close()
  })

  it('makes one case of an order delivered twice with the same number', async () => {
    const first = await deliver(order('GD20261123000001'))
    expect(first.statusCode, first.body).toBe(201)
    const receipt = first.json() as THotlineReceipt
    expect(receipt).toMatchObject({ orderNo: 'GD20261123000001', status: 'reported', duplicate: false })
    expect(receipt.caseCode).toMatch(/^11012020261123\d{6}$/)

    const again = await deliver(order('GD20261123000001'))
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toEqual({ ...receipt, duplicate: true })

    const rows = await app.database.db
      .selectFrom('cases')
      .select(['id', 'channel'])
      .where('external_ref', '=', 'GD20261123000001')
      .execute()
    expect(rows).toHaveLength(1)
    const c = await getCase(app, staff.operator, receipt.caseId)
    expect(c).toMatchObject({
      channel: 'platform_12345',
      externalRef: 'GD20261123000001',
      gridCode: '110120001001001',
    })
    expect(c.reporter).toEqual({ kind: 'resident', name: '刘*士', phone: '139****5678' })
    expect(c.timeline[0]).toMatchObject({ action: 'report' })
  })

  it('refuses a bad signature, an old timestamp and a replayed nonce with 401, logs and audits each, and makes nothing', async () => {
    const body = order('GD20261123000002')
    const raw = JSON.stringify(body)
    const before = await app.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'hotline.refused')
      .executeTakeFirstOrThrow()

    const forged = await deliver(body, null, 'not-the-shared-secret')
    expect(forged.statusCode).toBe(401)
    expect(forged.json().error.details).toEqual({ reason: 'bad_signature' })

    const old = signedHeaders(sharedSecret, raw, new Date(clock.now().getTime() - 301_000))
    const stale = await deliver(body, old)
    expect(stale.statusCode).toBe(401)
    expect(stale.json().error.details).toEqual({ reason: 'stale_timestamp' })

    const unsigned = await deliver(body, {})
    expect(unsigned.statusCode).toBe(401)
    expect(unsigned.json().error.details).toEqual({ reason: 'missing_headers' })

    // A request captured on the wire and sent again within the window.
    const headers = signedHeaders(sharedSecret, raw, clock.now())
    expect((await deliver(body, headers)).statusCode).toBe(201)
    const replay = await deliver(body, headers)
    expect(replay.statusCode).toBe(401)
    expect(replay.json().error.details).toEqual({ reason: 'replayed_nonce' })

    // A valid signature over a body that was changed on the way.
    const tampered = await app.http.inject({
      method: 'POST',
      url: '/api/integrations/12345/orders',
      headers: { 'content-type': 'application/json', ...signedHeaders(sharedSecret, raw, clock.now()) },
      payload: JSON.stringify(order('GD20261123000003')),
    })
    expect(tampered.statusCode).toBe(401)

    const after = await app.database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'hotline.refused')
      .orderBy('id')
      .execute()
    expect(after.length - Number(before.n)).toBe(5)
    expect(after.slice(-5).map((r) => (r.details as { reason: string }).reason)).toEqual([
      'bad_signature',
      'stale_timestamp',
      'missing_headers',
      'replayed_nonce',
      'bad_signature',
    ])
    expect(logLines.filter((l) => l.includes('12345 order refused'))).toHaveLength(5)
    const made = await app.database.db
      .selectFrom('cases')
      .select('external_ref')
      .where('external_ref', 'in', ['GD20261123000002', 'GD20261123000003'])
      .execute()
    expect(made.map((m) => m.external_ref)).toEqual(['GD20261123000002'])
  })

  it('answers a signed order with a bad field with 400 naming the order’s field', async () => {
    const res = await deliver(order('GD20261123000004', { content: '' }))
    expect(res.statusCode).toBe(400)
    expect(res.json().error.fields).toHaveProperty('content')
    const outside = await deliver(order('GD20261123000005', { location: { lng: 120.5, lat: 30.2 } }))
    expect(outside.statusCode).toBe(400)
    expect(outside.json().error.fields).toHaveProperty('location')
  })

  it('keeps the updates in the outbox while the platform is down and delivers them in order when it is back', async () => {
    const res = await deliver(order('GD20261123000010'))
    expect(res.statusCode).toBe(201)
    let c: TCase = await getCase(app, staff.operator, (res.json() as THotlineReceipt).caseId)
    const evidence = async () => {
      const { photo } = await import('../cases/test-fixtures.ts')
      return photo(app, staff.chengguan, '#3c3')
    }
    c = await act(app, staff.operator, c, 'accept')
    await app.outbox.dispatchDue()
    c = await act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
    c = await act(app, staff.dispatcher, c, 'dispatch')
    await app.outbox.dispatchDue()
    c = await act(app, staff.chengguan, c, 'sign')
    c = await act(app, staff.chengguan, c, 'handle', {
      note: '已更换顶棚',
      attachmentIds: [(await evidence()).id],
    })
    c = await act(app, staff.supervisor, c, 'verify', { passed: true })
    c = await act(app, staff.shiftLeader, c, 'close')
    c = await act(app, staff.operator, c, 'follow_up', {
      followUp: { reached: true, satisfaction: 'satisfied' },
    })
    await app.outbox.dispatchDue()

    const queued = await app.database.db
      .selectFrom('outbox')
      .select(['id', 'attempts', 'status'])
      .where('ordering_key', '=', '12345:GD20261123000010')
      .orderBy('id')
      .execute()
    expect(queued.length).toBeGreaterThanOrEqual(8)
    expect(queued.every((q) => q.status === 'pending')).toBe(true)
    // Only the first was tried: the others wait behind it rather than overtake it.
    expect(queued.slice(1).every((q) => q.attempts === 0)).toBe(true)
    expect(queued[0]?.attempts).toBeGreaterThanOrEqual(1)
    expect(platform.received).toHaveLength(0)

    await platform.listen(port)
    try {
      for (let i = 0; i < 40; i++) {
        clock.advance(30_000)
        await app.outbox.dispatchDue()
        const left = await app.database.db
          .selectFrom('outbox')
          .select('id')
          .where('channel', '=', 'hotline_12345')
          .where('status', '<>', 'delivered')
          .execute()
        if (left.length === 0) break
      }
      const mine = platform.received.filter((r) => r.update.orderNo === 'GD20261123000010')
      expect(mine.every((r) => r.signed)).toBe(true)
      expect(mine.map((r) => r.update.action)).toEqual([
        'accept',
        'register',
        'dispatch',
        'sign',
        'handle',
        'verify',
        'close',
        'follow_up',
      ])
      const sequences = mine.map((r) => r.update.sequence)
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b))
      expect(mine.find((r) => r.update.action === 'dispatch')?.update).toMatchObject({
        type: 'case.status',
        status: 'dispatched',
        statusName: '待签收',
        unit: '城市管理局',
      })
      expect(mine.find((r) => r.update.action === 'close')?.update.type).toBe('case.closed')
      expect(mine.at(-1)?.update).toMatchObject({
        type: 'case.followed_up',
        followUp: { reached: true, satisfaction: 'satisfied' },
      })
      // No staff names, no caller's phone in what leaves.
      const sent = JSON.stringify(mine)
      expect(sent).not.toContain('13912345678')
      expect(sent).not.toContain('c_chengguan')
      expect(new Set(mine.map((r) => r.delivery)).size).toBe(mine.length)
    } finally {
      await platform.close()
    }
  })

  it('shows dead messages to a district-wide administrator, holds their order back, and delivers after a retry', async () => {
    const res = await deliver(order('GD20261123000020'))
    let c: TCase = await getCase(app, staff.operator, (res.json() as THotlineReceipt).caseId)
    c = await act(app, staff.operator, c, 'accept')
    c = await act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
    const rows = await app.database.db
      .selectFrom('outbox')
      .select('id')
      .where('ordering_key', '=', '12345:GD20261123000020')
      .orderBy('id')
      .execute()
    expect(rows).toHaveLength(2)
    const [head, next] = rows.map((r) => Number(r.id))
    // The platform was down for longer than the retries last: the head gave up.
    await app.database.db
      .updateTable('outbox')
      .set({ status: 'dead', attempts: 30, last_error: 'HTTP 503 from the platform' })
      .where('id', '=', head as number)
      .execute()

    const list = await app.http.inject({ method: 'GET', url: '/api/outbox?status=dead', headers: admin })
    expect(list.statusCode, list.body).toBe(200)
    const dead = list.json() as TOutboxList
    expect(dead.counts.dead).toBeGreaterThanOrEqual(1)
    expect(dead.items.find((m) => m.id === head)).toMatchObject({
      channel: 'hotline_12345',
      status: 'dead',
      lastError: 'HTTP 503 from the platform',
      orderingKey: '12345:GD20261123000020',
    })
    const waiting = (
      (
        await app.http.inject({ method: 'GET', url: '/api/outbox?status=pending', headers: admin })
      ).json() as TOutboxList
    ).items.find((m) => m.id === next)
    expect(waiting?.waitingBehind).toBe(1)

    const street = bearer(await tokenFor(app, 'h_street_admin'))
    expect((await app.http.inject({ method: 'GET', url: '/api/outbox', headers: street })).statusCode).toBe(
      403,
    )
    expect(
      (await app.http.inject({ method: 'GET', url: '/api/outbox', headers: staff.operator.headers }))
        .statusCode,
    ).toBe(403)

    await platform.listen(port)
    try {
      clock.advance(30_000)
      await app.outbox.dispatchDue()
      expect(platform.received.filter((r) => r.update.orderNo === 'GD20261123000020')).toHaveLength(0)

      const retried = await app.http.inject({
        method: 'POST',
        url: `/api/outbox/${head}/retry`,
        headers: admin,
      })
      expect(retried.statusCode, retried.body).toBe(200)
      expect(retried.json()).toMatchObject({
        status: 'pending',
        attempts: 0,
      } satisfies Partial<TOutboxMessage>)
      for (let i = 0; i < 5; i++) {
        clock.advance(30_000)
        await app.outbox.dispatchDue()
      }
      expect(
        platform.received.filter((r) => r.update.orderNo === 'GD20261123000020').map((r) => r.update.action),
      ).toEqual(['accept', 'register'])
      const again = await app.http.inject({
        method: 'POST',
        url: `/api/outbox/${head}/retry`,
        headers: admin,
      })
      expect(again.statusCode).toBe(409)
      const audit = await app.database.db
        .selectFrom('audit_log')
        .select(['entity_id'])
        .where('action', '=', 'outbox.retry')
        .execute()
      expect(audit.map((a) => a.entity_id)).toContain(String(head))
    } finally {
      await platform.close()
    }
  })

  it('answers 503 when the link has no account to enter orders as', async () => {
    await app.database.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('username', '=', 'platform-12345')
      .execute()
    try {
      const res = await deliver(order('GD20261123000030'))
      expect(res.statusCode).toBe(503)
    } finally {
      await app.database.db
        .updateTable('users')
        .set({ status: 'active' })
        .where('username', '=', 'platform-12345')
        .execute()
    }
  })
})
