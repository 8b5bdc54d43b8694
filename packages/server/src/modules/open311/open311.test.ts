import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, rootScope, systemActor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { act, caseWorld, getCase, items, points, type Staff } from '../cases/test-fixtures.ts'

/**
 * Conformance with GeoReport v2 as the specification states it
 * (reference/open311.md) and shapes it (reference/open311-samples.md):
 * element names, nesting and order, both formats, the errors.
 */

type XmlNode = { name: string; children: XmlNode[]; text: string }

/** Elements and text only (what the specification's documents hold): enough to check names, nesting, order. */
function parseXml(doc: string): XmlNode {
  expect(doc.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
  const body = doc.replace(/^<\?xml[^>]*\?>\s*/, '')
  const root: XmlNode = { name: '#document', children: [], text: '' }
  const stack: XmlNode[] = [root]
  const token = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|([^<]+)/g
  for (const m of body.matchAll(token)) {
    const top = stack[stack.length - 1] as XmlNode
    if (m[4] !== undefined) {
      top.text += m[4]
      continue
    }
    const [, closing, name = '', selfClosing] = m
    if (closing) {
      expect(top.name, `</${name}> closes <${top.name}>`).toBe(name)
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
const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name)
const unescapeXml = (s: string) =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&')

const requestElements = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
]

describe('Open311 GeoReport v2', () => {
  let app: App
  let apiKey: string
  let staff: Staff
  const clock = new ManualClock('2026-11-23T09:00:00+08:00')
  const form = (fields: Record<string, string | string[]>) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(fields))
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, one)
    return params.toString()
  }
  const post = (format: 'json' | 'xml', fields: Record<string, string | string[]>) =>
    app.http.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: form(fields),
    })
  const get = (url: string) => app.http.inject({ method: 'GET', url })
  const kiosk = (extra: Record<string, string | string[]> = {}) => ({
    api_key: apiKey,
    service_code: items.kiosk,
    // A few metres off the grid's sample point, with more decimals than the public answer keeps.
    lat: String(points.liuyuan1.lat + 0.00012),
    long: String(points.liuyuan1.lng + 0.00037),
    address_string: '柳园路 1 号公园东门',
    description: '公园东门休息亭顶棚破了一个大洞',
    first_name: '小明',
    last_name: '王',
    phone: '13612345678',
    'attribute[component_state]': 'damaged',
    media_url: 'https://example.org/photos/kiosk.jpg',
    ...extra,
  })

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
  })
  afterAll(async () => {
    await app.close()
  })

  it('offers discovery in both formats, listing both', async () => {
    const json = await get('/open311/v2/discovery.json')
    expect(json.statusCode).toBe(200)
    expect(json.headers['content-type']).toMatch(/^application\/json/)
    const d = json.json()
    expect(Object.keys(d)).toEqual(['changeset', 'contact', 'key_service', 'endpoints'])
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    })
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/)
    const xml = await get('/open311/v2/discovery.xml')
    expect(xml.headers['content-type']).toMatch(/^text\/xml/)
    const root = parseXml(xml.body)
    expect(root.name).toBe('discovery')
    const endpoint = child(child(root, 'endpoints') as XmlNode, 'endpoint') as XmlNode
    expect(names(endpoint)).toEqual(['specification', 'url', 'changeset', 'type', 'formats'])
    expect(names(child(endpoint, 'formats') as XmlNode)).toEqual(['format', 'format'])
  })

  it('lists the admitted catalog items as services, shaped as the specification’s example', async () => {
    const json = await get('/open311/v2/services.json')
    expect(json.statusCode).toBe(200)
    const services = json.json() as Record<string, unknown>[]
    expect(Array.isArray(services)).toBe(true)
    const k = services.find((s) => s.service_code === items.kiosk)
    expect(k).toMatchObject({ service_name: '休息亭异常', metadata: true, type: 'realtime' })
    expect(Object.keys(k ?? {})).toEqual([
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ])
    const root = parseXml((await get('/open311/v2/services.xml')).body)
    expect(root.name).toBe('services')
    expect(new Set(names(root))).toEqual(new Set(['service']))
    expect(root.children).toHaveLength(services.length)
    const first = root.children[0] as XmlNode
    expect(names(first)).toEqual([
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ])
  })

  it('defines a service’s attributes from the item’s report fields, with their values', async () => {
    const json = await get(`/open311/v2/services/${items.kiosk}.json`)
    expect(json.statusCode).toBe(200)
    const def = json.json()
    expect(Object.keys(def)).toEqual(['service_code', 'attributes'])
    const state = def.attributes.find((a: { code: string }) => a.code === 'component_state')
    expect(state).toMatchObject({
      variable: true,
      datatype: 'singlevaluelist',
      required: true,
      description: '部件状态',
    })
    expect(Object.keys(state)).toEqual([
      'variable',
      'code',
      'datatype',
      'required',
      'datatype_description',
      'order',
      'description',
      'values',
    ])
    expect(state.values).toContainEqual({ key: 'damaged', name: '破损' })
    const root = parseXml((await get(`/open311/v2/services/${items.kiosk}.xml`)).body)
    expect(root.name).toBe('service_definition')
    expect(names(root)).toEqual(['service_code', 'attributes'])
    const attribute = (child(root, 'attributes') as XmlNode).children.find(
      (a) => child(a, 'code')?.text === 'component_state',
    ) as XmlNode
    expect(names(child(attribute, 'values') as XmlNode).every((n) => n === 'value')).toBe(true)
    expect(names((child(attribute, 'values') as XmlNode).children[0] as XmlNode)).toEqual(['key', 'name'])

    const unknown = await get('/open311/v2/services/NOPE99.json')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual([{ code: 404, description: expect.stringContaining('service_code') }])
  })

  it('answers errors in the specification’s form: 403 without api_key, 404 unknown service, 400 without a location', async () => {
    const { api_key: _, ...noKey } = kiosk()
    const forbidden = await post('json', noKey)
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json()).toEqual([{ code: 403, description: expect.stringMatching(/api_key/) }])
    const wrongKey = await post('xml', kiosk({ api_key: 'ogk_nope_nope' }))
    expect(wrongKey.statusCode).toBe(403)
    const errors = parseXml(wrongKey.body)
    expect(errors.name).toBe('errors')
    expect(names(errors)).toEqual(['error'])
    expect(names(errors.children[0] as XmlNode)).toEqual(['code', 'description'])
    expect(child(errors.children[0] as XmlNode, 'code')?.text).toBe('403')

    const unknown = await post('json', kiosk({ service_code: 'NOPE99' }))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()[0]).toMatchObject({ code: 404 })

    const { lat: _a, long: _b, address_string: _c, ...nowhere } = kiosk()
    const lost = await post('json', nowhere)
    expect(lost.statusCode).toBe(400)
    expect(lost.json()[0]).toMatchObject({ code: 400, description: expect.stringContaining('lat') })

    const missing = await post('json', kiosk({ 'attribute[component_state]': '' }))
    expect(missing.statusCode).toBe(400)
    expect(missing.json()).toEqual([
      { code: 400, description: expect.stringContaining('attribute[component_state]') },
    ])

    // Several problems at once.
    const many = await post('json', kiosk({ phone: '12', media_url: 'ftp://x' }))
    expect(many.statusCode).toBe(400)
    expect(many.json().map((e: { description: string }) => e.description.split(':')[0])).toEqual([
      'media_url',
      'phone',
    ])

    const outside = await post('json', kiosk({ lat: '30.2', long: '120.5' }))
    expect(outside.statusCode).toBe(400)
    const english = await app.http.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: form({ ...kiosk(), service_code: '' }),
    })
    expect(english.json()).toEqual([{ code: 400, description: 'service_code: is required' }])
  })

  it('takes a request (form-encoded) into the closed loop and shows it back without personal data', async () => {
    const res = await post('json', kiosk({ account_id: 'fms-42', device_id: 'ios-1' }))
    expect(res.statusCode, res.body).toBe(200)
    const [created] = res.json()
    expect(Object.keys(created)).toEqual(['service_request_id', 'service_notice', 'account_id'])
    expect(created.service_request_id).toMatch(/^11012020261123\d{6}$/)
    expect(created.account_id).toBe('fms-42')
    // 受理 within 2 working hours of Monday 09:00.
    expect(created.service_notice).toBe('已登记，将于北京时间 2026-11-23 11:00 前受理')

    const row = await app.database.db
      .selectFrom('cases')
      .select(['channel', 'reporter_name_masked', 'reporter_phone_masked', 'status', 'area_code'])
      .where('code', '=', created.service_request_id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({
      channel: 'open311',
      reporter_name_masked: '王*明',
      reporter_phone_masked: '136****5678',
      status: 'reported',
      area_code: '110120001001001',
    })

    const one = await get(`/open311/v2/requests/${created.service_request_id}.json`)
    expect(one.statusCode).toBe(200)
    const [request] = one.json()
    expect(Object.keys(request)).toEqual(requestElements)
    expect(request).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      service_code: items.kiosk,
      service_name: '休息亭异常',
      description: '公园东门休息亭顶棚破了一个大洞',
      media_url: 'https://example.org/photos/kiosk.jpg',
    })
    // About 100 m: three decimals, never the exact point; no name, no phone anywhere.
    expect(request.lat).toBe(39.83)
    expect(request.long).toBe(116.605)
    expect(one.body).not.toContain('39.83012')
    expect(one.body).not.toContain('116.60537')
    expect(one.body).not.toMatch(/13612345678|王小明|王\*明|136\*\*\*\*/)

    const xml = parseXml((await get(`/open311/v2/requests/${created.service_request_id}.xml`)).body)
    expect(xml.name).toBe('service_requests')
    expect(names(xml)).toEqual(['request'])
    expect(names(xml.children[0] as XmlNode)).toEqual(requestElements)
    expect(unescapeXml(child(xml.children[0] as XmlNode, 'media_url')?.text ?? '')).toBe(
      'https://example.org/photos/kiosk.jpg',
    )

    const postedXml = await post('xml', kiosk({ 'attribute[component_state]': 'missing' }))
    expect(postedXml.statusCode).toBe(200)
    const answer = parseXml(postedXml.body)
    expect(answer.name).toBe('service_requests')
    expect(names(answer.children[0] as XmlNode)).toEqual([
      'service_request_id',
      'service_notice',
      'account_id',
    ])
  })

  it('lists requests with the specification’s filters and defaults', async () => {
    const all = (await get('/open311/v2/requests.json')).json() as {
      service_request_id: string
      status: string
    }[]
    expect(all.length).toBeGreaterThanOrEqual(2)
    const [a, b] = all
    const some = (
      await get(
        `/open311/v2/requests.json?service_request_id=${a?.service_request_id},${b?.service_request_id}`,
      )
    ).json()
    expect(some).toHaveLength(2)
    expect((await get('/open311/v2/requests.json?status=closed')).json()).toEqual([])
    expect((await get('/open311/v2/requests.json?status=open')).json()).toHaveLength(all.length)
    expect((await get('/open311/v2/requests.json?service_code=ZZ01001')).json()).toEqual([])
    expect((await get(`/open311/v2/requests.json?service_code=${items.kiosk}`)).json()).toHaveLength(
      all.length,
    )
    // Staff's own reports are not public.
    const staffCodes = (
      await app.database.db.selectFrom('cases').select('code').where('channel', '<>', 'open311').execute()
    ).map((r) => r.code)
    expect(all.some((r) => staffCodes.includes(r.service_request_id))).toBe(false)

    const window = await get(
      '/open311/v2/requests.json?start_date=2026-11-01T00:00:00%2B08:00&end_date=2026-11-30T00:00:00%2B08:00',
    )
    expect(window.json()).toHaveLength(all.length)
    const before = await get('/open311/v2/requests.json?end_date=2026-11-01T00:00:00Z')
    expect(before.json()).toEqual([])
    const tooLong = await get(
      '/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z',
    )
    expect(tooLong.statusCode).toBe(400)
    const badDate = await get('/open311/v2/requests.xml?start_date=yesterday')
    expect(badDate.statusCode).toBe(400)
    expect(parseXml(badDate.body).name).toBe('errors')
    expect((await get('/open311/v2/requests.json?status=lost')).statusCode).toBe(400)
    expect((await get('/open311/v2/requests.json?jurisdiction_id=999999')).statusCode).toBe(404)
    expect((await get('/open311/v2/requests.json?jurisdiction_id=110120')).json()).toHaveLength(all.length)

    expect((await get('/open311/v2/requests/11012099999999999.json')).statusCode).toBe(404)
    const token = await get('/open311/v2/tokens/12345.json')
    expect(token.statusCode).toBe(404)
    expect(token.json()[0]).toMatchObject({ code: 404 })
    expect((await get('/open311/v2/services.csv')).statusCode).toBe(404)
  })

  it('tells a client each status change as mySociety’s servicerequestupdates, in plain words', async () => {
    const res = await post('json', kiosk({ description: '休息亭座椅断裂' }))
    const code = res.json()[0].service_request_id as string
    const id = Number(
      (
        await app.database.db
          .selectFrom('cases')
          .select('id')
          .where('code', '=', code)
          .executeTakeFirstOrThrow()
      ).id,
    )
    let c = await getCase(app, staff.operator, id)
    clock.advance(600_000)
    c = await act(app, staff.operator, c, 'accept')
    clock.advance(60_000)
    c = await act(app, staff.shiftLeader, c, 'register', { urgency: 'normal' })
    clock.advance(60_000)
    c = await act(app, staff.dispatcher, c, 'dispatch')
    clock.advance(60_000)
    c = await act(app, staff.chengguan, c, 'sign')

    const all = (await get('/open311/v2/servicerequestupdates.json')).json() as Record<
      string,
      string | null
    >[]
    const mine = all.filter((u) => u.service_request_id === code)
    expect(mine.map((u) => u.status)).toEqual([
      'open',
      'investigating',
      'planned',
      'action_scheduled',
      'in_progress',
    ])
    expect(Object.keys(mine[0] ?? {})).toEqual([
      'update_id',
      'service_request_id',
      'status',
      'updated_datetime',
      'description',
      'media_url',
      'external_status_code',
    ])
    expect(mine[3]).toMatchObject({
      external_status_code: 'dispatched',
      description: expect.stringContaining('城市管理局'),
    })
    const ids = mine.map((u) => Number(u.update_id))
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    // Staff are never named.
    expect(JSON.stringify(mine)).not.toMatch(/c_operator|c_chengguan|c_dispatcher/)

    const since = encodeURIComponent(mine[2]?.updated_datetime ?? '')
    const later = (await get(`/open311/v2/servicerequestupdates.json?start_date=${since}`)).json() as {
      service_request_id: string
    }[]
    expect(later.filter((u) => u.service_request_id === code)).toHaveLength(3)

    const xml = parseXml((await get('/open311/v2/servicerequestupdates.xml')).body)
    expect(xml.name).toBe('service_request_updates')
    expect(new Set(names(xml))).toEqual(new Set(['request_update']))
    expect(names(xml.children[0] as XmlNode)).toEqual(Object.keys(mine[0] ?? {}))
    expect(c.status).toBe('handling')
  })
})
