import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import type { TCase } from '@onegrid/core/api/cases'
import type {
  TCitizenCategory,
  TCitizenChallenge,
  TCitizenReceipt,
  TCitizenReportSummary,
  TCitizenSession,
  TCitizenTrack,
  TModerationItem,
  TPublicCaseList,
} from '@onegrid/core/api/citizen'
import pino from 'pino'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../../test/identity-fixtures.ts'
import { multipart } from '../../../test/multipart.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { loggerSettings } from '../../platform/logging.ts'
import { act, caseWorld, getCase, items, points, type Staff } from '../cases/test-fixtures.ts'

type Headers = Record<string, string>

describe('the citizen page', () => {
  let app: App
  let staff: Staff
  const logLines: string[] = []
  const clock = new ManualClock('2026-11-23T09:05:00+08:00')

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString('utf8'))
        done()
      },
    })
    app = await createTestApp({
      clock,
      logger: pino(loggerSettings('info'), sink),
      env: { ONEGRID_SESSION_IDLE_MINUTES: '1440' },
    })
    ;({ staff } = await caseWorld(app))
    await createUser(app, { username: 'citizen-page', role: 'operator', areaCode: '110120' })
  })
  afterAll(async () => {
    await app.close()
  })

  const call = (
    method: 'GET' | 'POST',
    url: string,
    opts: { headers?: Headers; payload?: unknown; ip?: string } = {},
  ) =>
    app.http.inject({
      method,
      url,
      headers: opts.headers ?? {},
      remoteAddress: opts.ip ?? '10.1.0.1',
      ...(opts.payload !== undefined ? { payload: opts.payload as object } : {}),
    })

  /** The code the log sender wrote for a number: what a tester reads in the server log. */
  const codeInLog = (masked: string): string => {
    for (const line of [...logLines].reverse()) {
      const entry = JSON.parse(line) as { msg?: string; to?: string }
      const m = entry.msg?.match(/验证码是 (\d{6})/)
      if (m?.[1] && entry.to === masked) return m[1]
    }
    throw new Error(`no code for ${masked} in the log`)
  }

  const signIn = async (phone: string, ip = '10.1.0.1'): Promise<Headers> => {
    const sent = await call('POST', '/api/citizen/phone-codes', { payload: { phone }, ip })
    expect(sent.statusCode, sent.body).toBe(201)
    const code = codeInLog(sent.json().phone)
    const verified = await call('POST', '/api/citizen/sessions', { payload: { phone, code }, ip })
    expect(verified.statusCode, verified.body).toBe(201)
    return { authorization: `Citizen ${(verified.json() as TCitizenSession).token}` }
  }

  const submit = (headers: Headers, extra: Record<string, unknown> = {}, ip = '10.1.0.1') =>
    call('POST', '/api/citizen/reports', {
      headers,
      ip,
      payload: {
        clientKey: randomUUID(),
        itemCode: items.dispute,
        description: '楼上邻居深夜装修，噪音很大',
        location: points.liuyuan1,
        ...extra,
      },
    })

  it('verifies a phone by a code the log sender writes, with limits on codes and tries', async () => {
    const phone = '13700001111'
    const sent = await call('POST', '/api/citizen/phone-codes', { payload: { phone } })
    expect(sent.statusCode, sent.body).toBe(201)
    expect(sent.json()).toEqual({ phone: '137****1111', resendAfter: 60, validFor: 300 })
    const code = codeInLog('137****1111')
    // The number is masked in the log line; only the code a tester needs is plain.
    expect(logLines.some((l) => l.includes(phone))).toBe(false)
    // No plaintext code or phone in the database.
    const stored = await app.database.db
      .selectFrom('citizen_phone_codes' as never)
      .selectAll()
      .execute()
    expect(JSON.stringify(stored)).not.toContain(code)
    expect(JSON.stringify(stored)).not.toContain(phone)

    const again = await call('POST', '/api/citizen/phone-codes', { payload: { phone } })
    expect(again.statusCode).toBe(429)
    expect(again.json().error.details.retryAfter).toBeGreaterThan(0)

    const bad = await call('POST', '/api/citizen/phone-codes', { payload: { phone: '1234' } })
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().error.fields)).toEqual(['phone'])

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    const refused = await call('POST', '/api/citizen/sessions', { payload: { phone, code: wrong } })
    expect(refused.statusCode).toBe(400)
    expect(Object.keys(refused.json().error.fields)).toEqual(['code'])
    const ok = await call('POST', '/api/citizen/sessions', { payload: { phone, code } })
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json().phone).toBe('137****1111')
    // A code is used once.
    expect((await call('POST', '/api/citizen/sessions', { payload: { phone, code } })).statusCode).toBe(400)

    // Five wrong tries use a code up, even when the sixth is right.
    clock.advance(61_000)
    await call('POST', '/api/citizen/phone-codes', { payload: { phone } })
    const fresh = codeInLog('137****1111')
    const other = String((Number(fresh) + 7) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 5; i++)
      expect(
        (await call('POST', '/api/citizen/sessions', { payload: { phone, code: other } })).statusCode,
      ).toBe(400)
    const late = await call('POST', '/api/citizen/sessions', { payload: { phone, code: fresh } })
    expect(late.statusCode).toBe(400)
    expect(late.json().error.fields.code).toMatch(/次数过多|Too many/)
  })

  it('offers categories in plain words, only those a resident can report without a form', async () => {
    const res = await call('GET', '/api/citizen/categories')
    expect(res.statusCode).toBe(200)
    const categories = res.json() as TCitizenCategory[]
    expect(categories.map((c) => c.code)).toContain(items.dispute)
    // The kiosk needs the component's state: a resident is not asked for it.
    expect(categories.map((c) => c.code)).not.toContain(items.kiosk)
    expect(categories.find((c) => c.code === items.dispute)).toMatchObject({ name: '邻里纠纷' })
  })

  it('takes a report into the operator’s queue, tracks each step in plain words and takes one rating when closed', async () => {
    const resident = await signIn('13800002222', '10.2.0.1')
    expect((await submit({}, {}, '10.2.0.1')).statusCode).toBe(401)

    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#48a' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneCo', Model: 'X1' } })
      .toBuffer()
    const form = multipart({}, { name: 'p.jpg', type: 'image/jpeg', data: png })
    const uploaded = await call('POST', '/api/citizen/photos', {
      headers: { ...resident, ...form.headers },
      payload: form.payload,
      ip: '10.2.0.1',
    })
    expect(uploaded.statusCode, uploaded.body).toBe(201)
    const photoId = uploaded.json().id as number

    const clientKey = randomUUID()
    const first = await submit(resident, { clientKey, photoIds: [photoId], name: '王先生' }, '10.2.0.1')
    expect(first.statusCode, first.body).toBe(201)
    const receipt = first.json() as TCitizenReceipt
    expect(receipt.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/)
    // A retry after a lost answer is the same report.
    const retry = await submit(resident, { clientKey, photoIds: [photoId], name: '王先生' }, '10.2.0.1')
    expect(retry.statusCode).toBe(200)
    expect(retry.json()).toEqual({ ...receipt, duplicate: true })

    const queue = await call('GET', '/api/cases?status=reported&channel=citizen', {
      headers: staff.operator.headers,
    })
    expect(queue.statusCode, queue.body).toBe(200)
    const listed = (queue.json() as { items: { code: string; id: number }[] }).items.find(
      (c) => c.code === receipt.caseCode,
    )
    expect(listed).toBeDefined()
    let c: TCase = await getCase(app, staff.operator, listed?.id ?? 0)
    expect(c).toMatchObject({ channel: 'citizen', reporter: { kind: 'resident', phone: '138****2222' } })
    expect(c.attachments.map((a) => a.id)).toContain(photoId)

    const track = async (headers: Headers = resident) => {
      const res = await call('GET', `/api/citizen/track/${receipt.trackingCode}`, { headers })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as TCitizenTrack
    }
    expect(await track()).toMatchObject({ stage: 'received', canRate: false, rating: null })
    c = await act(app, staff.operator, c, 'accept')
    c = await act(app, staff.gridLeader, c, 'register')
    expect((await track()).stage).toBe('accepted')
    c = await act(app, staff.gridLeader, c, 'dispatch', { userId: staff.worker.id })
    c = await act(app, staff.worker, c, 'sign')
    c = await act(app, staff.worker, c, 'handle', { note: '已上门调解', fields: { resolved: 'yes' } })
    expect((await track()).stage).toBe('handling')
    c = await act(app, staff.supervisor, c, 'verify', { passed: true })
    c = await act(app, staff.gridLeader, c, 'close')

    const done = await track()
    expect(done.stage).toBe('done')
    expect(done.steps.map((s) => s.kind)).toEqual([
      'received',
      'accepted',
      'registered',
      'dispatched',
      'signed',
      'handled',
      'verified',
      'closed',
    ])
    // Plain words only: no staff names, no accounts, no contact.
    const body = JSON.stringify(done)
    for (const name of ['c_worker', 'c_gridleader', 'c_operator', 'citizen-page', '13800002222', '王先生'])
      expect(body).not.toContain(name)
    expect(done.canRate).toBe(true)
    // Someone with the code but another phone reads it, and may not rate it.
    const stranger = await signIn('13900003333', '10.2.0.2')
    expect((await track(stranger)).canRate).toBe(false)
    expect((await track({})).canRate).toBe(false)
    const foreign = await call('POST', `/api/citizen/track/${receipt.trackingCode}/rating`, {
      headers: stranger,
      payload: { satisfaction: 'unsatisfied' },
    })
    expect(foreign.statusCode).toBe(404)

    const rated = await call('POST', `/api/citizen/track/${receipt.trackingCode}/rating`, {
      headers: resident,
      payload: { satisfaction: 'satisfied', comment: '处理及时，谢谢' },
    })
    expect(rated.statusCode, rated.body).toBe(200)
    expect(rated.json()).toMatchObject({
      canRate: false,
      rating: { satisfaction: 'satisfied', comment: '处理及时，谢谢' },
    })
    // The rating was the case's follow-up: archived, satisfied.
    c = await getCase(app, staff.operator, c.id)
    expect(c).toMatchObject({ status: 'archived', satisfaction: 'satisfied' })
    expect(c.timeline.at(-1)).toMatchObject({ action: 'follow_up', note: '群众自评：处理及时，谢谢' })
    const twice = await call('POST', `/api/citizen/track/${receipt.trackingCode}/rating`, {
      headers: resident,
      payload: { satisfaction: 'basically' },
    })
    expect(twice.statusCode).toBe(409)

    const mine = await call('GET', '/api/citizen/reports', { headers: resident })
    expect(mine.statusCode).toBe(200)
    expect((mine.json() as TCitizenReportSummary[]).map((r) => r.trackingCode)).toEqual([
      receipt.trackingCode,
    ])
    expect((await call('GET', '/api/citizen/reports', { headers: stranger })).json()).toEqual([])
    expect((await call('GET', '/api/citizen/reports')).statusCode).toBe(401)

    // The photo is private until a moderator of the case's area approves it.
    let map = (await call('GET', '/api/citizen/public-cases')).json() as TPublicCaseList
    expect(map.items.find((i) => i.id === receipt.caseCode)?.photos).toEqual([])
    expect((await call('GET', `/api/citizen/photos/${photoId}`)).statusCode).toBe(404)
    const pending = await call('GET', '/api/citizen/moderation', { headers: staff.operator.headers })
    expect((pending.json() as TModerationItem[]).map((p) => p.attachmentId)).toContain(photoId)
    // An operator of another street sees nothing of it and cannot judge it.
    const outside = await call('GET', '/api/citizen/moderation', { headers: staff.outsider.headers })
    expect((outside.json() as TModerationItem[]).map((p) => p.attachmentId)).not.toContain(photoId)
    const foreignJudge = await call('POST', `/api/citizen/moderation/${photoId}`, {
      headers: staff.outsider.headers,
      payload: { decision: 'approved' },
    })
    expect(foreignJudge.statusCode).toBe(404)
    expect(
      (
        await call('POST', `/api/citizen/moderation/${photoId}`, {
          headers: staff.worker.headers,
          payload: { decision: 'approved' },
        })
      ).statusCode,
    ).toBe(403)
    const approved = await call('POST', `/api/citizen/moderation/${photoId}`, {
      headers: staff.operator.headers,
      payload: { decision: 'approved' },
    })
    expect(approved.statusCode, approved.body).toBe(204)
    map = (await call('GET', '/api/citizen/public-cases')).json() as TPublicCaseList
    expect(map.items.find((i) => i.id === receipt.caseCode)?.photos).toEqual([
      `/api/citizen/photos/${photoId}`,
    ])
    const thumb = await call('GET', `/api/citizen/photos/${photoId}`)
    expect(thumb.statusCode).toBe(200)
    expect(thumb.headers['content-type']).toBe('image/webp')
    // Re-encoded: the camera's metadata does not go public.
    expect((await sharp(thumb.rawPayload).metadata()).exif).toBeUndefined()
  })

  it('shows the public map with points blurred to about 100 m and no person (the payload is checked)', async () => {
    const resident = await signIn('13600004444', '10.3.0.1')
    const exact = { lng: 116.604873, lat: 39.831127 }
    const made = await submit(
      resident,
      { location: exact, name: '赵女士', address: '柳园路 8 号' },
      '10.3.0.1',
    )
    expect(made.statusCode, made.body).toBe(201)
    const receipt = made.json() as TCitizenReceipt
    const id = Number(
      (
        await app.database.db
          .selectFrom('cases')
          .select('id')
          .where('code', '=', receipt.caseCode)
          .executeTakeFirstOrThrow()
      ).id,
    )
    let c = await getCase(app, staff.operator, id)
    // Not on the map while it is open.
    expect(
      ((await call('GET', '/api/citizen/public-cases')).json() as TPublicCaseList).items.map((i) => i.id),
    ).not.toContain(receipt.caseCode)
    c = await act(app, staff.operator, c, 'accept')
    c = await act(app, staff.gridLeader, c, 'register')
    c = await act(app, staff.gridLeader, c, 'dispatch', { userId: staff.worker.id })
    c = await act(app, staff.worker, c, 'sign')
    c = await act(app, staff.worker, c, 'handle', { note: '已协调', fields: { resolved: 'yes' } })
    c = await act(app, staff.supervisor, c, 'verify', { passed: true })
    c = await act(app, staff.gridLeader, c, 'close')

    const res = await call('GET', '/api/citizen/public-cases?days=30')
    expect(res.statusCode).toBe(200)
    const map = res.json() as TPublicCaseList
    expect(map.blurMeters).toBe(100)
    const shown = map.items.find((i) => i.id === receipt.caseCode)
    expect(shown).toMatchObject({ stage: 'done', category: '邻里纠纷' })
    for (const item of map.items) {
      // No coordinate finer than three decimals (about 100 m).
      for (const v of [item.lng, item.lat])
        expect(Math.abs(v * 1000 - Math.round(v * 1000))).toBeLessThan(1e-6)
      expect(Object.keys(item).sort()).toEqual(
        ['category', 'closedAt', 'group', 'id', 'lat', 'lng', 'photos', 'reportedAt', 'stage'].sort(),
      )
    }
    expect(shown?.lng).toBe(116.605)
    expect(shown?.lat).toBe(39.831)
    const raw = res.body
    for (const secret of [
      '13600004444',
      '136****4444',
      '赵女士',
      '赵*',
      '柳园路 8 号',
      '116.604873',
      '39.831127',
    ])
      expect(raw).not.toContain(secret)
    expect(raw).not.toMatch(/1[3-9]\d{9}/)
  })

  it('asks a question after repeated reports, refuses a wrong or reused answer, and caps a phone’s day', async () => {
    const ip = '10.4.0.1'
    const resident = await signIn('13500005555', ip)
    for (let i = 0; i < 3; i++) expect((await submit(resident, {}, ip)).statusCode).toBe(201)
    const asked = await submit(resident, {}, ip)
    expect(asked.statusCode).toBe(400)
    expect(Object.keys(asked.json().error.fields)).toEqual(['challenge'])
    const challenge = asked.json().error.details.challenge as TCitizenChallenge
    const [a, b] = challenge.question.match(/\d+/g)?.map(Number) ?? []
    const wrong = await submit(
      resident,
      { challenge: { id: challenge.id, answer: String((a ?? 0) + (b ?? 0) + 1) } },
      ip,
    )
    expect(wrong.statusCode).toBe(400)
    const answer = { id: challenge.id, answer: String((a ?? 0) + (b ?? 0)) }
    expect((await submit(resident, { challenge: answer }, ip)).statusCode).toBe(201)
    // Answered once, used once.
    expect((await submit(resident, { challenge: answer }, ip)).statusCode).toBe(400)
    // A forged question does not pass.
    const forged = { id: challenge.id.replace(/^\d+/, '1'), answer: String(1 + (b ?? 0)) }
    expect((await submit(resident, { challenge: forged }, ip)).statusCode).toBe(400)

    const answered = async () => {
      const q = (await submit(resident, {}, ip)).json().error.details.challenge as TCitizenChallenge
      const [x, y] = q.question.match(/\d+/g)?.map(Number) ?? []
      return submit(resident, { challenge: { id: q.id, answer: String((x ?? 0) + (y ?? 0)) } }, ip)
    }
    for (let made = 4; made < 10; made++) expect((await answered()).statusCode).toBe(201)
    const capped = await submit(resident, {}, ip)
    expect(capped.statusCode).toBe(429)
    expect(capped.json().error.code).toBe('rate_limited')
    const count = await app.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('reporter_phone_index', '=', app.services.pii.blindIndex('13500005555', 'phone'))
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(10)
  })

  it('refuses a report without a place, and another phone’s photos', async () => {
    const ip = '10.5.0.1'
    const one = await signIn('13300006666', ip)
    const two = await signIn('13300007777', '10.5.0.2')
    const noPlace = await submit(one, { location: undefined }, ip)
    expect(noPlace.statusCode).toBe(400)
    expect(Object.keys(noPlace.json().error.fields)).toEqual(['location'])
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#a33' } })
      .png()
      .toBuffer()
    const form = multipart({}, { name: 'p.png', type: 'image/png', data: png })
    const uploaded = await call('POST', '/api/citizen/photos', {
      headers: { ...two, ...form.headers },
      payload: form.payload,
      ip: '10.5.0.2',
    })
    expect(uploaded.statusCode).toBe(201)
    const taken = await submit(one, { photoIds: [uploaded.json().id] }, ip)
    expect(taken.statusCode).toBe(400)
    expect(Object.keys(taken.json().error.fields)).toEqual(['photoIds'])
    // Not a photo: refused by content.
    const text = multipart(
      {},
      { name: 'p.jpg', type: 'image/jpeg', data: Buffer.from('not an image at all') },
    )
    const notPhoto = await call('POST', '/api/citizen/photos', {
      headers: { ...one, ...text.headers },
      payload: text.payload,
      ip,
    })
    expect(notPhoto.statusCode).toBe(415)
  })
})
