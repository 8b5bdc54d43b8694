import type { TCaseList } from '@onegrid/core/api/cases'
import type { TMachineReceipt, TMachineReport } from '@onegrid/core/api/integrations'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, rootScope, systemActor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { caseWorld, getCase, items, points, type Staff } from '../cases/test-fixtures.ts'

describe('machine intake (video, IoT, departments’ systems)', () => {
  let app: App
  let staff: Staff
  const keys: Record<'district' | 'street' | 'open311' | 'burst', string> = {
    district: '',
    street: '',
    open311: '',
    burst: '',
  }
  const clock = new ManualClock('2026-11-23T09:00:00+08:00')
  const alert = (alertId: string, extra: Partial<TMachineReport> = {}): TMachineReport => ({
    source: 'video',
    sourceId: 'CAM-0101',
    alertId,
    itemCode: items.dispute,
    location: points.liuyuan1,
    description: '视频分析发现公园东门聚集争吵',
    evidenceUrl: 'https://vss.example.org/snap/0101.jpg',
    confidence: 0.93,
    ...extra,
  })
  const send = (key: string, body: TMachineReport) =>
    app.http.inject({
      method: 'POST',
      url: '/api/intake/machine',
      headers: { 'x-api-key': key },
      payload: body,
    })

  beforeAll(async () => {
    app = await createTestApp({
      clock,
      env: { ONEGRID_SESSION_IDLE_MINUTES: '1440', ONEGRID_MACHINE_RATE_PER_MINUTE: '8' },
    })
    ;({ staff } = await caseWorld(app))
    await createUser(app, { username: 'machine-intake', role: 'operator', areaCode: '110120' })
    const key = async (name: string, scopes: ('machine' | 'open311')[], areaCode: string) =>
      (await app.services.apiKeys.create(rootScope, systemActor, { name, scopes, areaCode })).secret
    keys.district = await key('video-platform', ['machine'], '110120')
    keys.street = await key('street-sensors', ['machine'], '110120001')
    keys.open311 = await key('an-app', ['open311'], '110120')
    keys.burst = await key('chatty-sensors', ['machine'], '110120')
  })
  afterAll(async () => {
    await app.close()
  })

  it('makes one case of an alert sent twice, and adds a repeat of the same source nearby to it', async () => {
    const first = await send(keys.district, alert('A-1'))
    expect(first.statusCode, first.body).toBe(201)
    const made = first.json() as TMachineReceipt
    expect(made).toMatchObject({ outcome: 'new', status: 'reported', alerts: 1 })

    const again = await send(keys.district, alert('A-1'))
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ ...made, outcome: 'same_alert' })

    // The camera sees it again a few minutes later, 20 m off: the same matter.
    clock.advance(5 * 60_000)
    const repeat = await send(
      keys.district,
      alert('A-2', { location: points.liuyuan1Near, confidence: 0.88 }),
    )
    expect(repeat.statusCode).toBe(200)
    expect(repeat.json()).toMatchObject({ caseId: made.caseId, outcome: 'repeat', alerts: 2 })

    // Another camera on the same spot is another witness, not a repeat of its own.
    const other = await send(keys.district, alert('B-1', { sourceId: 'CAM-0102' }))
    expect(other.statusCode).toBe(201)
    expect(other.json().caseId).not.toBe(made.caseId)

    const c = await getCase(app, staff.operator, made.caseId)
    expect(c).toMatchObject({
      channel: 'iot',
      status: 'reported',
      externalRef: 'A-1',
      gridCode: '110120001001001',
    })
    expect(c.description).toContain('置信度：93%')
    expect(c.description).toContain('https://vss.example.org/snap/0101.jpg')
    const queue = (
      await app.http.inject({
        method: 'GET',
        url: '/api/cases?queue=to_accept',
        headers: staff.operator.headers,
      })
    ).json() as TCaseList
    expect(queue.items.map((i) => i.id)).toEqual(expect.arrayContaining([made.caseId]))
    const rows = await app.database.db.selectFrom('cases').select('id').where('channel', '=', 'iot').execute()
    expect(rows).toHaveLength(2)
  })

  it('puts a department’s referral on the department channel', async () => {
    const res = await send(
      keys.district,
      alert('REF-7', {
        source: 'department',
        sourceId: '市生态环境局',
        description: '群众向环保部门反映噪声扰民，转网格核实',
      }),
    )
    expect(res.statusCode).toBe(201)
    const c = await getCase(app, staff.operator, res.json().caseId)
    expect(c.channel).toBe('department')
  })

  it('refuses a key without the machine scope, a point outside the key’s area, and bad fields', async () => {
    const wrong = await send(keys.open311, alert('X-1'))
    expect(wrong.statusCode).toBe(403)
    const none = await app.http.inject({ method: 'POST', url: '/api/intake/machine', payload: alert('X-2') })
    expect(none.statusCode).toBe(401)
    const outside = await send(keys.street, alert('X-3', { location: points.cuiyuan1 }))
    expect(outside.statusCode).toBe(400)
    expect(outside.json().error.fields).toHaveProperty('location')
    const bad = await send(
      keys.district,
      alert('X-4', { confidence: 1.5, evidenceUrl: 'file:///etc/passwd' }),
    )
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().error.fields)).toEqual(
      expect.arrayContaining(['confidence', 'evidenceUrl']),
    )
    const made = await app.database.db
      .selectFrom('cases')
      .select('id')
      .where('external_ref', 'in', ['X-1', 'X-2', 'X-3', 'X-4'])
      .execute()
    expect(made).toEqual([])
  })

  it('limits each key per minute (429) without holding back the others', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 10; i++)
      statuses.push(
        (await send(keys.burst, alert(`R-${i}`, { sourceId: `S-${i}`, location: points.cuiyuan1 })))
          .statusCode,
      )
    expect(statuses.slice(0, 8).every((s) => s === 201)).toBe(true)
    expect(statuses.slice(8)).toEqual([429, 429])
    const limited = await send(keys.burst, alert('R-99'))
    expect(limited.json().error.code).toBe('rate_limited')
    expect((await send(keys.district, alert('C-1', { sourceId: 'CAM-0200' }))).statusCode).toBe(201)
  })
})
