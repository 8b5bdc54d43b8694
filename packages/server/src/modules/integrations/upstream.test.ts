import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TCase } from '@onegrid/core/api/cases'
import type { TUpstreamCase, TUpstreamReceipt, TUpstreamUpdate } from '@onegrid/core/api/integrations'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { signedHeaders } from '../../platform/webhooks/signature.ts'
import { act, caseWorld, getCase, items, report, type Staff } from '../cases/test-fixtures.ts'

const pushSecret = 'upstream-push-secret-2026'
const inboundSecret = 'upstream-inbound-secret-2026'

/**
 * The signature as the platform would check it, written from docs/API.md and
 * not with OneGrid's code: HMAC-SHA256 over timestamp, nonce and raw body.
 */
function signedByOneGrid(headers: http.IncomingHttpHeaders, raw: Buffer): boolean {
  const timestamp = headers['x-onegrid-timestamp']
  const nonce = headers['x-onegrid-nonce']
  const signature = headers['x-onegrid-signature']
  if (typeof timestamp !== 'string' || typeof nonce !== 'string' || typeof signature !== 'string')
    return false
  const expected = createHmac('sha256', pushSecret)
    .update(Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), raw]))
    .digest()
  const given = Buffer.from(signature, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** The superior platform's receiving end: checks each push's signature and records it; can be down. */
function fakePlatform() {
  const received: { push: TUpstreamCase; signed: boolean; raw: string }[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const signed = signedByOneGrid(req.headers, raw)
      received.push({ push: JSON.parse(raw.toString('utf8')) as TUpstreamCase, signed, raw: raw.toString() })
      res.writeHead(signed ? 200 : 401).end('{"ok":true}')
    })
  })
  return {
    received,
    of: (code: string) => received.filter((r) => r.push.caseCode === code),
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

describe('the superior platform link (贯通)', () => {
  let app: App
  let staff: Staff
  let units: { chengguan: number; zongzhi: number }
  let platform: ReturnType<typeof fakePlatform>
  let port: number
  const clock = new ManualClock('2026-11-23T09:05:00+08:00')

  const outboxOf = (code: string) =>
    app.database.db
      .selectFrom('outbox')
      .select(['id', 'attempts', 'status', 'channel'])
      .where('ordering_key', '=', `upstream:${code}`)
      .orderBy('id')
      .execute()

  /** Runs the dispatcher until the platform has everything (the clock moves past the backoff). */
  const deliverAll = async () => {
    for (let i = 0; i < 40; i++) {
      clock.advance(30_000)
      await app.outbox.dispatchDue()
      const left = await app.database.db
        .selectFrom('outbox')
        .select('id')
        .where('channel', '=', 'upstream')
        .where('status', '<>', 'delivered')
        .execute()
      if (left.length === 0) return
    }
    throw new Error('the pushes were not all delivered')
  }

  const update = (body: TUpstreamUpdate, secret = inboundSecret) => {
    const raw = JSON.stringify(body)
    return app.http.inject({
      method: 'POST',
      url: '/api/integrations/upstream/updates',
      headers: { 'content-type': 'application/json', ...signedHeaders(secret, raw, clock.now()) },
      payload: raw,
    })
  }

  /** A neighbours' dispute (not a listed category), registered at the community. */
  const dispute = async () => {
    let c = await report(app, staff.worker, { itemCode: items.dispute, description: '楼上楼下噪音纠纷' })
    c = await act(app, staff.operator, c, 'accept')
    return act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
  }

  beforeAll(async () => {
    platform = fakePlatform()
    // The platform's port is known before the app starts; the platform itself is down at first.
    port = await platform.listen()
    await platform.close()
    app = await createTestApp({
      clock,
      env: {
        ONEGRID_SESSION_IDLE_MINUTES: '1440',
        ONEGRID_UPSTREAM_URL: `http://127.0.0.1:${port}/cases`,
        ONEGRID_UPSTREAM_SECRET: pushSecret,
        ONEGRID_UPSTREAM_INBOUND_SECRET: inboundSecret,
        // 01: city components (部件), the kiosk among them; disputes (ZZ…) are not listed.
        ONEGRID_UPSTREAM_CATEGORIES: '01, A9',
      },
    })
    ;({ staff, units } = await caseWorld(app))
  })
  afterAll(async () => {
    await app.close()
  })

  let kiosk: TCase

  it('pushes a case of a listed category from its report on, in order after an outage, signed, with no personal data', async () => {
    kiosk = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      address: '柳园路 1 号公园东门',
      reporter: { name: '张三丰', phone: '13812345678' },
    })
    kiosk = await act(app, staff.operator, kiosk, 'accept')
    kiosk = await act(app, staff.shiftLeader, kiosk, 'register', { urgency: 'normal' })
    // Not a change of status: not pushed.
    kiosk = await act(app, staff.leader, kiosk, 'urge', { note: '请加快' }, 200)
    kiosk = await act(app, staff.dispatcher, kiosk, 'dispatch')
    await app.outbox.dispatchDue()

    const queued = await outboxOf(kiosk.code)
    expect(queued).toHaveLength(4)
    expect(queued.every((q) => q.status === 'pending' && q.channel === 'upstream')).toBe(true)
    // Only the first was tried: the others wait behind it rather than overtake it.
    expect(queued[0]?.attempts).toBeGreaterThanOrEqual(1)
    expect(queued.slice(1).every((q) => q.attempts === 0)).toBe(true)

    // A case of another category is not pushed, nor are its steps.
    const other = await dispute()
    expect(await outboxOf(other.code)).toHaveLength(0)

    await platform.listen(port)
    try {
      await deliverAll()
    } finally {
      await platform.close()
    }
    const mine = platform.of(kiosk.code)
    expect(mine.every((r) => r.signed)).toBe(true)
    expect(mine.map((r) => r.push.action)).toEqual(['report', 'accept', 'register', 'dispatch'])
    const sequences = mine.map((r) => r.push.sequence)
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b))
    expect(mine[0]?.push).toEqual({
      caseCode: kiosk.code,
      sequence: 1,
      reason: 'category',
      upstreamRef: null,
      action: 'report',
      actionName: '上报',
      status: 'reported',
      statusName: '待受理',
      level: 'district',
      category: { code: items.kiosk, name: kiosk.itemName },
      title: kiosk.title,
      description: kiosk.description,
      address: '柳园路 1 号公园东门',
      location: kiosk.location,
      area: { code: '110120001001001', name: kiosk.areaName },
      urgency: 'normal',
      unit: null,
      note: null,
      at: mine[0]?.push.at,
    })
    expect(mine.at(-1)?.push).toMatchObject({ status: 'dispatched', unit: '城市管理局', reason: 'category' })
    const sent = mine.map((r) => r.raw).join('\n')
    expect(sent).not.toContain('13812345678')
    expect(sent).not.toContain('张三丰')
    expect(sent).not.toContain('c_operator')
    expect(platform.of(other.code)).toHaveLength(0)
  })

  it('pushes a case the district escalates beyond itself, and its steps after', async () => {
    let c = await dispute()
    expect(c.level).toBe('community')
    c = await act(app, staff.dispatcher, c, 'escalate', { reason: '涉及多个社区' })
    c = await act(app, staff.dispatcher, c, 'escalate', { reason: '需区级部门协调' })
    expect(c.level).toBe('district')
    expect(await outboxOf(c.code)).toHaveLength(0)
    expect(c.allowedActions).toContain('escalate')
    c = await act(app, staff.dispatcher, c, 'escalate', { reason: '事权在市级，报市平台' })
    // Beyond the district is the platform's: the case stays the district's to dispatch meanwhile.
    expect(c).toMatchObject({ level: 'district', status: 'registered' })
    c = await act(app, staff.dispatcher, c, 'dispatch', { unitId: units.zongzhi })
    expect(await outboxOf(c.code)).toHaveLength(2)

    await platform.listen(port)
    try {
      await deliverAll()
    } finally {
      await platform.close()
    }
    const mine = platform.of(c.code)
    expect(mine.every((r) => r.signed)).toBe(true)
    expect(mine.map((r) => [r.push.action, r.push.reason, r.push.level])).toEqual([
      ['escalate', 'escalation', 'district'],
      // Dispatched down to the street's platform: still linked, still pushed.
      ['dispatch', 'escalation', 'street'],
    ])
    expect(mine[0]?.push).toMatchObject({ note: '事权在市级，报市平台', status: 'registered' })
  })

  it('takes the platform’s updates once each, on the case’s timeline, and refuses forged ones', async () => {
    const body: TUpstreamUpdate = {
      updateId: 'SJ-20261123-0001',
      caseCode: kiosk.code,
      upstreamRef: 'SJPT2026112300017',
      status: 'instructed',
      note: '请区城管局三日内修复并反馈',
      at: '2026-11-23T10:00:00+08:00',
    }
    const refusedBefore = await app.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'upstream.refused')
      .execute()
    const forged = await update(body, pushSecret)
    expect(forged.statusCode).toBe(401)
    expect(forged.json().error.details).toEqual({ reason: 'bad_signature' })
    const refused = await app.database.db
      .selectFrom('audit_log')
      .select(['details', 'entity_type'])
      .where('action', '=', 'upstream.refused')
      .execute()
    expect(refused.length - refusedBefore.length).toBe(1)
    expect(refused.at(-1)).toMatchObject({
      entity_type: 'upstream_update',
      details: { reason: 'bad_signature' },
    })

    const first = await update(body)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toEqual({
      updateId: body.updateId,
      caseCode: kiosk.code,
      duplicate: false,
    } satisfies TUpstreamReceipt)
    const again = await update(body)
    expect(again.statusCode, again.body).toBe(200)
    expect((again.json() as TUpstreamReceipt).duplicate).toBe(true)

    const c = await getCase(app, staff.dispatcher, kiosk.id)
    const rows = c.timeline.filter((e) => e.action === 'upstream_update')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      actor: '上级平台',
      role: null,
      fromStatus: null,
      toStatus: null,
      note: '请区城管局三日内修复并反馈',
      data: { status: 'instructed', statusName: '已交办', upstreamRef: 'SJPT2026112300017' },
    })
    // The platform informs; the case stays where the district has it, at its version.
    expect(c).toMatchObject({ status: kiosk.status, version: kiosk.version })

    // The platform's reference goes back up with the next push.
    await act(app, staff.chengguan, c, 'sign')
    await platform.listen(port)
    try {
      await deliverAll()
    } finally {
      await platform.close()
    }
    expect(platform.of(kiosk.code).at(-1)?.push).toMatchObject({
      action: 'sign',
      upstreamRef: 'SJPT2026112300017',
    })
  })

  it('answers 404 naming the field for an unknown case, 409 for a case never pushed, 400 for a bad body', async () => {
    const body = (caseCode: string, updateId: string): TUpstreamUpdate => ({
      updateId,
      caseCode,
      status: 'received',
      at: '2026-11-23T10:00:00+08:00',
    })
    const unknown = await update(body('110120202611239999', 'SJ-X-1'))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.details).toEqual({ field: 'caseCode' })

    const local = await dispute()
    const never = await update(body(local.code, 'SJ-X-2'))
    expect(never.statusCode).toBe(409)
    expect(never.json().error.details).toEqual({ field: 'caseCode' })

    const bad = await update({ ...body(kiosk.code, 'SJ-X-3'), status: 'solved' as 'closed' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.fields).toHaveProperty('status')
    const timeline = (await getCase(app, staff.dispatcher, local.id)).timeline
    expect(timeline.some((e) => e.action === 'upstream_update')).toBe(false)
  })
})
