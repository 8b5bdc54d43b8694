import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TCase } from '@onegrid/core/api/cases'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp, openTestDatabase, secondHandle } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import type { SmsGatewayRequest } from '../../platform/messaging/http-sms-sender.ts'
import { act, caseWorld, items, photo, report, type Staff } from '../cases/test-fixtures.ts'
import { residentOutboxChannel } from './resident-messages.ts'
import { staffOutboxChannel } from './staff-reminders.ts'
import { caseClosed } from './texts.ts'

/** The SMS gateway: records what it takes; `refuseNext` makes it answer the next request with a gateway error. */
function fakeSmsGateway() {
  const taken: SmsGatewayRequest[] = []
  let refuseNext = 0
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => {
      raw += c
    })
    req.on('end', () => {
      if (req.headers['x-api-key'] !== 'gateway-key') return void res.writeHead(401).end('{"code":401}')
      if (refuseNext > 0) {
        refuseNext--
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"code":"isv.BUSINESS_LIMIT_CONTROL","message":"触发流控"}')
      }
      taken.push(JSON.parse(raw) as SmsGatewayRequest)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0,"message":"ok"}')
    })
  })
  return {
    taken,
    refuse: (n: number) => {
      refuseNext = n
    },
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

const residentPhone = '13912345678'
const handlerMobile = '13700001111'

describe('messages to residents and reminders to handlers', () => {
  let app: App
  /** A second instance on the same database: its sweeps run beside the first's. */
  let other: App
  let staff: Staff
  const gateway = fakeSmsGateway()
  const clock = new ManualClock('2026-11-23T09:05:00+08:00')

  /** Every due outbox message, retried until none is left (the clock moves past each backoff). */
  const drain = async () => {
    for (let i = 0; i < 10; i++) {
      await app.outbox.dispatchDue()
      const left = await app.database.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow()
      if (Number(left.n) === 0) return
      clock.advance(3_600_000)
    }
  }

  /** A dispatched case signed for, handled, verified and closed. */
  const handleAndClose = async (c: TCase): Promise<TCase> => {
    c = await act(app, staff.chengguan, c, 'sign')
    c = await act(app, staff.chengguan, c, 'handle', {
      note: '已更换顶棚',
      attachmentIds: [(await photo(app, staff.chengguan, '#3c3')).id],
    })
    c = await act(app, staff.supervisor, c, 'verify', { passed: true })
    return act(app, staff.shiftLeader, c, 'close')
  }

  /** Everyone signs in again: the drains move the clock past sessions' lifetime. */
  const signInAgain = async () => {
    for (const key of Object.keys(staff) as (keyof Staff)[])
      staff[key].headers = bearer(await tokenFor(app, `c_${key}`.toLowerCase()))
  }

  beforeAll(async () => {
    const port = await gateway.listen()
    const database = await openTestDatabase()
    const env = {
      ONEGRID_SESSION_IDLE_MINUTES: '1440',
      ONEGRID_SENDER: 'sms',
      ONEGRID_STAFF_SENDER: 'sms',
      ONEGRID_SMS_URL: `http://127.0.0.1:${port}/send`,
      ONEGRID_SMS_KEY: 'gateway-key',
      ONEGRID_SMS_SIGN: '云溪区网格',
      ONEGRID_SMS_TEMPLATES:
        'case_accepted=SMS_2,case_closed=SMS_3,case_follow_up=SMS_4,deadline_reminder=SMS_5',
      ONEGRID_PUBLIC_URL: 'https://grid.yunxi.gov.cn/',
    }
    app = await createTestApp({ database, clock, env })
    other = await createTestApp({ database: await secondHandle(database), clock, env })
    ;({ staff } = await caseWorld(app))
    await app.database.db
      .updateTable('users')
      .set({ mobile_cipher: app.services.pii.encrypt(handlerMobile, 'users.mobile') })
      .where('id', '=', staff.chengguan.id)
      .execute()
  })
  afterAll(async () => {
    await other.close()
    await app.close()
    await gateway.close()
  })

  it('tells a resident of acceptance, closure and follow-up once each, the phone never in the outbox', async () => {
    let c: TCase = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'hotline',
      title: '休息亭顶棚破损',
      description: '市民来电反映：公园东门休息亭顶棚破了一个大洞，下雨漏水。',
      reporter: { name: '刘女士', phone: residentPhone, anonymous: false },
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    // The gateway is throttling the first try: the outbox tries again, and the later news waits in order.
    gateway.refuse(1)
    c = await act(app, staff.operator, c, 'accept')
    await app.outbox.dispatchDue()
    expect(gateway.taken).toHaveLength(0)
    c = await act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
    c = await act(app, staff.dispatcher, c, 'dispatch')
    c = await handleAndClose(c)
    c = await act(app, staff.operator, c, 'follow_up', {
      followUp: { reached: true, satisfaction: 'satisfied' },
    })
    await drain()
    await drain()

    const toResident = gateway.taken.filter((m) => m.phone === residentPhone)
    expect(toResident.map((m) => m.template)).toEqual(['case_accepted', 'case_closed', 'case_follow_up'])
    expect(toResident.map((m) => m.templateCode)).toEqual(['SMS_2', 'SMS_3', 'SMS_4'])
    for (const m of toResident) {
      expect(m.sign).toBe('【云溪区网格】')
      expect(m.params.code).toBe(c.code)
      expect(m.content).toContain(c.code)
      // Plain words for the resident: no staff names, no unit.
      expect(m.content).not.toMatch(/c_|城市管理局/)
    }
    expect(toResident[0]?.content).toBe(`【云溪区网格】您反映的问题已受理，编号 ${c.code}，我们会尽快处理。`)
    expect(toResident[2]?.content).toContain('已完成回访')

    const rows = await app.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('channel', '=', residentOutboxChannel)
      .where('ordering_key', '=', `resident:${c.id}`)
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered'])
    expect(rows[0]?.attempts).toBe(2)
    for (const r of rows) expect(JSON.stringify(r)).not.toContain(residentPhone.slice(-8))
  })

  it('tells nobody of a case a grid worker found, and nobody of a resident report without a phone', async () => {
    const before = gateway.taken.length
    let mine = await report(app, staff.worker, { itemCode: items.dispute })
    mine = await act(app, staff.gridLeader, mine, 'accept')
    let anonymous = await report(app, staff.operator, { itemCode: items.dispute, channel: 'hotline' })
    anonymous = await act(app, staff.operator, anonymous, 'accept')
    await drain()
    expect(gateway.taken.length).toBe(before)
    const written = await app.database.db
      .selectFrom('outbox')
      .select(['ordering_key', 'status'])
      .where('channel', '=', residentOutboxChannel)
      .where('ordering_key', 'in', [`resident:${mine.id}`, `resident:${anonymous.id}`])
      .execute()
    // The hotline case's news is written and delivered as nothing to send; the grid worker's is never written.
    expect(written).toEqual([{ ordering_key: `resident:${anonymous.id}`, status: 'delivered' }])
  })

  it('closes with the tracking code and the tracking page for a report the citizen page took', async () => {
    await signInAgain()
    const phone = '13912340000'
    let c: TCase = await report(app, staff.operator, {
      itemCode: items.kiosk,
      channel: 'citizen',
      reporter: { phone, anonymous: false },
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    // What the citizen page writes beside its case (its own module's table).
    await sql`INSERT INTO citizen_reports (case_id, tracking_code, ip_index, created_at)
      VALUES (${c.id}, 'K7Q2M9XW3P', 'i', ${clock.now()})`.execute(app.database.db)
    c = await act(app, staff.operator, c, 'accept')
    c = await act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
    c = await act(app, staff.dispatcher, c, 'dispatch')
    c = await handleAndClose(c)
    await drain()
    const closed = gateway.taken.find((m) => m.phone === phone && m.template === 'case_closed')
    expect(closed?.params).toEqual({
      code: c.code,
      tracking: 'K7Q2M9XW3P',
      link: 'https://grid.yunxi.gov.cn/citizen/',
    })
    expect(closed?.content).toBe(
      `【云溪区网格】您反映的问题（编号 ${c.code}）已办结。欢迎打开 https://grid.yunxi.gov.cn/citizen/ 凭查询码 K7Q2M9XW3P 评价办理结果。`,
    )
    await signInAgain()
  })

  it('invites the resident to rate on the tracking page when the case has a tracking code', () => {
    expect(caseClosed('YX1', 'K7Q2M9', 'https://grid.yunxi.gov.cn/').text).toBe(
      '您反映的问题（编号 YX1）已办结。欢迎打开 https://grid.yunxi.gov.cn/citizen/ 凭查询码 K7Q2M9 评价办理结果。',
    )
    expect(caseClosed('YX1', null, 'https://grid.yunxi.gov.cn').text).toBe(
      '您反映的问题（编号 YX1）已办结。我们将回访听取您的意见。',
    )
  })

  it('reminds the handler once before the deadline, in the console and by SMS, not again on later sweeps of two instances', async () => {
    let c = await report(app, staff.operator, {
      itemCode: items.kiosk,
      attachmentIds: [(await photo(app, staff.operator)).id],
    })
    c = await act(app, staff.operator, c, 'accept')
    c = await act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
    c = await act(app, staff.dispatcher, c, 'dispatch')
    c = await act(app, staff.chengguan, c, 'sign')
    await drain()
    const before = gateway.taken.length
    const clocks = await app.database.db
      .selectFrom('cases')
      .select(['warn_at', 'due_at', 'due_stage', 'handler_user_id', 'handler_unit_id'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow()
    if (!clocks.warn_at || !clocks.due_at) throw new Error('the handling clock should run')
    // The nearest deadline of the handling: its first feedback (首次反馈), then the handling itself.
    expect(clocks.due_stage).toBe('first_feedback')

    // Just before 80 %: nothing yet.
    clock.set(new Date(clocks.warn_at.getTime() - 60_000))
    await app.services.cases.sweep.sweep()
    // Past 80 %, before the deadline: the reminder, once, however often the sweep runs.
    const bothSweep = () =>
      Promise.all([app.services.cases.sweep.sweep(), other.services.cases.sweep.sweep()])
    clock.set(new Date(clocks.warn_at.getTime() + 60_000))
    await bothSweep()
    await bothSweep()
    clock.set(new Date(clocks.warn_at.getTime() + 120_000))
    await bothSweep()
    await drain()

    const reminders = gateway.taken.slice(before).filter((m) => m.template === 'deadline_reminder')
    expect(reminders).toHaveLength(1)
    expect(reminders[0]).toMatchObject({
      phone: handlerMobile,
      templateCode: 'SMS_5',
      params: { code: c.code },
    })
    expect(reminders[0]?.content).toMatch(new RegExp(`案件 ${c.code} 的办理时限将至（.+ 前），请抓紧办理。`))

    const remembered = await app.database.db
      .selectFrom('case_reminders')
      .selectAll()
      .where('case_id', '=', c.id)
      .execute()
    expect(remembered).toEqual([
      {
        case_id: expect.anything(),
        stage: 'first_feedback',
        due_at: clocks.due_at,
        reminded_at: expect.any(Date),
      },
    ])
    const { rows } = await sql<{ user_id: number; n: number }>`
      SELECT user_id, count(*)::int AS n FROM notifications WHERE case_id = ${c.id} AND kind = 'case.alarm.1'
      GROUP BY user_id`.execute(app.database.db)
    expect(rows).toEqual([{ user_id: expect.anything(), n: 1 }])
    expect(Number(rows[0]?.user_id)).toBe(staff.chengguan.id)
    const staffRows = await app.database.db
      .selectFrom('outbox')
      .select(['destination', 'payload'])
      .where('channel', '=', staffOutboxChannel)
      .execute()
    expect(staffRows).toHaveLength(1)
    expect(JSON.stringify(staffRows)).not.toContain(handlerMobile.slice(-8))

    // At the deadline the case is overdue (the alarm's own notice), but no second reminder.
    clock.set(new Date(clocks.due_at.getTime() + 60_000))
    await app.services.cases.sweep.sweep()
    await drain()
    expect(gateway.taken.slice(before).filter((m) => m.template === 'deadline_reminder')).toHaveLength(1)
  })
})
