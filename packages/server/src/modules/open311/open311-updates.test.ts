import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, rootScope, systemActor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { caseWorld, getCase, items, points, type Staff } from '../cases/test-fixtures.ts'

/**
 * mySociety's POST servicerequestupdates (reference/open311.md): a resident's
 * comment becomes a timeline step, once per update_id, and the client's status
 * is recorded, never obeyed. The XML is read by a parser of its own.
 */

type XmlNode = { name: string; children: XmlNode[]; text: string }

function parseXml(doc: string): XmlNode {
  expect(doc.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
  const root: XmlNode = { name: '#document', children: [], text: '' }
  const stack: XmlNode[] = [root]
  for (const m of doc
    .replace(/^<\?xml[^>]*\?>\s*/, '')
    .matchAll(/<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|([^<]+)/g)) {
    const top = stack[stack.length - 1] as XmlNode
    if (m[4] !== undefined) {
      top.text += m[4]
      continue
    }
    const [, closing, name = '', selfClosing] = m
    if (closing) {
      expect(top.name).toBe(name)
      stack.pop()
      continue
    }
    const node: XmlNode = { name, children: [], text: '' }
    top.children.push(node)
    if (!selfClosing) stack.push(node)
  }
  expect(stack).toHaveLength(1)
  const [only] = root.children
  if (!only) throw new Error('no root element')
  return only
}
const names = (n: XmlNode) => n.children.map((c) => c.name)

describe('Open311 POST servicerequestupdates', () => {
  let app: App
  let apiKey: string
  let staff: Staff
  let code: string
  let caseId: number
  const clock = new ManualClock('2026-11-23T09:00:00+08:00')
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
  const post = (path: string, format: 'json' | 'xml', fields: Record<string, string>) =>
    app.http.inject({
      method: 'POST',
      url: `/open311/v2/${path}.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: form(fields),
    })
  const update = (format: 'json' | 'xml', extra: Record<string, string> = {}) =>
    post('servicerequestupdates', format, {
      api_key: apiKey,
      service_request_id: code,
      update_id: 'fms-update-1',
      status: 'IN_PROGRESS',
      updated_datetime: '2026-11-23T10:15:00+08:00',
      description: '顶棚的洞又变大了，下雨会漏水',
      first_name: '小明',
      last_name: '王',
      email: 'wang@example.org',
      phone: '13612345678',
      public_anonymity_required: 'TRUE',
      ...extra,
    })
  const residentSteps = async () =>
    (await getCase(app, staff.operator, caseId)).timeline.filter((e) => e.action === 'resident_update')

  beforeAll(async () => {
    app = await createTestApp({ clock, env: { ONEGRID_SESSION_IDLE_MINUTES: '1440' } })
    ;({ staff } = await caseWorld(app))
    await createUser(app, { username: 'open311', role: 'operator', areaCode: '110120' })
    apiKey = (
      await app.services.apiKeys.create(rootScope, systemActor, {
        name: 'fixmystreet',
        scopes: ['open311'],
        areaCode: '110120',
      })
    ).secret
    const created = await post('requests', 'json', {
      api_key: apiKey,
      service_code: items.kiosk,
      lat: String(points.liuyuan1.lat),
      long: String(points.liuyuan1.lng),
      description: '公园东门休息亭顶棚破了一个大洞',
      'attribute[component_state]': 'damaged',
    })
    expect(created.statusCode, created.body).toBe(200)
    code = created.json()[0].service_request_id
    const row = await app.database.db
      .selectFrom('cases')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirstOrThrow()
    caseId = Number(row.id)
    clock.advance(600_000)
  })
  afterAll(async () => {
    await app.close()
  })

  it('records a resident’s update as a timeline note, answering with its id in the specification’s shape', async () => {
    const res = await update('xml')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/xml/)
    const root = parseXml(res.body)
    expect(root.name).toBe('service_request_updates')
    expect(names(root)).toEqual(['request_update'])
    const [item] = root.children as [XmlNode]
    expect(names(item)).toEqual(['update_id'])
    const updateId = item.children[0]?.text ?? ''
    expect(updateId).toMatch(/^\d+$/)

    const steps = await residentSteps()
    expect(steps).toHaveLength(1)
    expect(steps[0]).toMatchObject({
      action: 'resident_update',
      role: 'resident',
      actor: 'open311:fixmystreet',
      fromStatus: null,
      toStatus: null,
      note: '顶棚的洞又变大了，下雨会漏水',
      data: { source: 'open311', updateId: 'fms-update-1', status: 'in_progress' },
    })
    // The client's IN_PROGRESS is kept as sent, not obeyed: the case has not even been accepted.
    expect((await getCase(app, staff.operator, caseId)).status).toBe('reported')
    const { rows: kept } = await sql`SELECT * FROM open311_updates`.execute(app.database.db)
    expect(kept).toHaveLength(1)
    // The resident's name, email and phone are stored nowhere.
    const stored = JSON.stringify({ kept, steps })
    for (const personal of ['13612345678', 'wang@example.org', '小明']) expect(stored).not.toContain(personal)
  })

  it('answers a resend of the same update_id with the first update, adding nothing', async () => {
    const first = await update('json', { update_id: 'fms-update-2', description: '亭子里有积水' })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.headers['content-type']).toMatch(/^application\/json/)
    const [answer] = first.json()
    expect(Object.keys(answer)).toEqual(['update_id'])
    const again = await update('json', { update_id: 'fms-update-2', description: '亭子里有积水' })
    expect(again.json()).toEqual([answer])
    // Two at once: one step.
    const both = await Promise.all([
      update('json', { update_id: 'fms-update-3', description: '又坏了' }),
      update('json', { update_id: 'fms-update-3', description: '又坏了' }),
    ])
    expect(both.map((r) => r.statusCode)).toEqual([200, 200])
    expect(both[0].json()).toEqual(both[1].json())
    const steps = await residentSteps()
    expect(steps.map((s) => s.note)).toEqual(['顶棚的洞又变大了，下雨会漏水', '亭子里有积水', '又坏了'])
  })

  it('does not close a case because a client says CLOSED', async () => {
    const res = await update('json', {
      update_id: 'fms-update-4',
      status: 'CLOSED',
      description: '已经修好了',
    })
    expect(res.statusCode, res.body).toBe(200)
    const c = await getCase(app, staff.operator, caseId)
    expect(c.status).toBe('reported')
    expect(c.timeline.at(-1)).toMatchObject({ action: 'resident_update', data: { status: 'closed' } })
  })

  it('answers errors in the specification’s form: 403 for the key, 404 for the request, 400 naming every missing field', async () => {
    const withoutKey = await update('xml', { api_key: '' })
    expect(withoutKey.statusCode).toBe(403)
    const errors = parseXml(withoutKey.body)
    expect(errors.name).toBe('errors')
    expect(names(errors)).toEqual(['error'])
    expect(names(errors.children[0] as XmlNode)).toEqual(['code', 'description'])
    expect(errors.children[0]?.children[0]?.text).toBe('403')
    const badKey = await update('json', { api_key: 'og_nonsense' })
    expect(badKey.statusCode).toBe(403)
    expect(badKey.json()).toEqual([{ code: 403, description: expect.stringMatching(/api_key/) }])

    const unknown = await update('json', { service_request_id: '110120202611239999999', update_id: 'x-1' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual([{ code: 404, description: expect.stringMatching(/^service_request_id/) }])

    const missing = await post('servicerequestupdates', 'json', { api_key: apiKey, service_request_id: code })
    expect(missing.statusCode).toBe(400)
    expect(
      missing.json().map((e: { code: number; description: string }) => [e.code, e.description.split(':')[0]]),
    ).toEqual([
      [400, 'update_id'],
      [400, 'status'],
      [400, 'updated_datetime'],
      [400, 'description'],
    ])
    const wrong = await update('xml', {
      update_id: 'x-2',
      status: 'SOLVED',
      updated_datetime: '2026-11-23 10:15',
    })
    expect(wrong.statusCode).toBe(400)
    expect(parseXml(wrong.body).children.map((e) => e.children[1]?.text.split(':')[0])).toEqual([
      'status',
      'updated_datetime',
    ])
    expect(await residentSteps()).toHaveLength(4)
  })
})
