import type { TCatalogItem, TCatalogRules, TCatalogTree, TRefusalCounts } from '@onegrid/core/api/catalog'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { networkSince, smallNetwork } from '../../../test/grid-fixtures.ts'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp, secondHandle } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'
import { CatalogQueries } from './queries.ts'

type ErrorBody = {
  error: { code: string; message: string; fields?: Record<string, string>; details?: Record<string, unknown> }
}

/** The editable part of an item as the console sends it back. */
function rulesOf(item: TCatalogItem): TCatalogRules {
  const {
    name,
    description,
    admission,
    selfHandle,
    photoRequired,
    fields,
    routing,
    limits,
    closureConditions,
  } = item
  return structuredClone({
    name,
    description,
    admission,
    selfHandle,
    photoRequired,
    fields,
    routing,
    limits,
    closureConditions,
  })
}

describe('the event catalog', () => {
  let app: App
  let admin: Record<string, string>
  let streetAdmin: Record<string, string>
  let worker: Record<string, string>
  const clock = new ManualClock('2026-11-20T09:00:00+08:00')

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
    await createUser(app, { username: 'kadmin', role: 'admin', areaCode: '110120' })
    await createUser(app, { username: 'kstreet', role: 'admin', areaCode: '110120001' })
    await createUser(app, { username: 'kworker', role: 'grid_worker', areaCode: '110120001' })
    admin = bearer(await tokenFor(app, 'kadmin'))
    streetAdmin = bearer(await tokenFor(app, 'kstreet'))
    worker = bearer(await tokenFor(app, 'kworker'))
  })
  afterAll(async () => {
    await app.close()
  })

  const get = async <T>(url: string, headers = worker) => {
    const res = await app.http.inject({ method: 'GET', url, headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as T
  }
  const put = (code: string, payload: object, headers = admin) =>
    app.http.inject({ method: 'PUT', url: `/api/catalog/items/${code}`, headers, payload })

  it('starts with the default catalog: GB/T 47678.5 matters, the social-governance list and refused items', async () => {
    const tree = await get<TCatalogTree>('/api/catalog')
    expect(tree.counts.items).toBeGreaterThan(250)
    expect(tree.counts.admitted).toBeLessThan(tree.counts.items)
    const major06 = tree.majors.find((m) => m.code === '06')
    expect(major06?.standard).toBe('GB/T 47678.5-2026')
    expect(major06?.items.find((i) => i.code === '06001')?.name).toBe('私搭乱建')
    // The field app's picker finds items by their pinyin initials, worked out by the server.
    expect(major06?.items.find((i) => i.code === '06001')?.initials).toBe('sdlj')
    const domains = new Set(tree.majors.map((m) => m.domain))
    for (const d of ['city_management', 'dispute', 'fire', 'work_safety', 'special_groups', 'proxy_service'])
      expect(domains).toContain(d)

    const search = await get<TCatalogTree>(`/api/catalog?q=${encodeURIComponent('私搭乱建')}`)
    expect(search.majors.flatMap((m) => m.items).map((i) => i.code)).toContain('06001')
    const byCode = await get<TCatalogTree>('/api/catalog?q=0600')
    expect(byCode.majors.flatMap((m) => m.items).every((i) => i.code.startsWith('0600'))).toBe(true)
    const refused = await get<TCatalogTree>('/api/catalog?admitted=false')
    expect(refused.counts.items).toBeGreaterThanOrEqual(8)
    expect(refused.majors.flatMap((m) => m.items).every((i) => !i.admitted)).toBe(true)
  })

  it('saves a change as a new version; the rules a case started with stay readable', async () => {
    const before = await get<TCatalogItem>('/api/catalog/items/06001')
    expect(before.version).toBe(1)
    const rules = rulesOf(before)
    expect(rules.limits.normal.handle).not.toEqual({ amount: 12, unit: 'working_days' })
    rules.limits.normal.handle = { amount: 12, unit: 'working_days' }
    clock.advance(60_000)
    const res = await put('06001', { rules, expectedVersion: 1, reason: '领导小组调整处置时限' })
    expect(res.statusCode, res.body).toBe(200)
    const after = res.json() as TCatalogItem
    expect(after.version).toBe(2)
    expect(after.limits.normal.handle).toEqual({ amount: 12, unit: 'working_days' })
    expect(after.history.map((h) => h.version)).toEqual([2, 1])
    expect(after.history[0]?.changed).toEqual(['limits'])
    expect(after.history[0]?.reason).toBe('领导小组调整处置时限')
    expect(after.history[0]?.changedBy).toBe('kadmin')

    // A case keeps the version id it started with: version 1's rules are unchanged.
    const v1 = await new CatalogQueries(app.database.db).version(before.versionId)
    expect(v1?.rules.limits.normal.handle).toEqual(before.limits.normal.handle)
    expect(after.versionId).not.toBe(before.versionId)

    // Saving the same rules again is not a new version.
    const again = await put('06001', { rules, expectedVersion: 2, reason: '重复保存' })
    expect((again.json() as TCatalogItem).version).toBe(2)
  })

  it('answers 409 to an editor who started from an older version', async () => {
    const item = await get<TCatalogItem>('/api/catalog/items/06001')
    const res = await put('06001', {
      rules: rulesOf(item),
      expectedVersion: item.version - 1,
      reason: '旧页面',
    })
    expect(res.statusCode).toBe(409)
    expect((res.json() as ErrorBody).error.code).toBe('conflict')
  })

  it('refuses rules that name a body or an area that does not exist, or leave out a limit, naming the field', async () => {
    const item = await get<TCatalogItem>('/api/catalog/items/06002')
    const rules = rulesOf(item)
    const bad = {
      ...rules,
      routing: {
        default: { body: 'no_such_dept', level: 'district' },
        overrides: [{ areaCode: '110120999', target: { body: 'zhifa', level: 'street' } }],
      },
    }
    const res = await put('06002', { rules: bad, expectedVersion: item.version, reason: '测试' })
    expect(res.statusCode).toBe(400)
    expect(Object.keys((res.json() as ErrorBody).error.fields ?? {}).sort()).toEqual([
      'rules.routing.default.body',
      'rules.routing.overrides.0.areaCode',
    ])

    const { handle: _handle, ...noHandle } = rules.limits.urgent
    const missing = await put('06002', {
      rules: { ...rules, limits: { ...rules.limits, urgent: noHandle } },
      expectedVersion: item.version,
      reason: '测试',
    })
    expect(missing.statusCode).toBe(400)
    expect(Object.keys((missing.json() as ErrorBody).error.fields ?? {})).toContain(
      'rules.limits.urgent.handle',
    )
    expect((await get<TCatalogItem>('/api/catalog/items/06002')).version).toBe(item.version)
  })

  it('lets only a district-wide administrator change the catalog', async () => {
    const item = await get<TCatalogItem>('/api/catalog/items/06002')
    const payload = { rules: rulesOf(item), expectedVersion: item.version, reason: '街道想改' }
    expect((await put('06002', payload, streetAdmin)).statusCode).toBe(403)
    expect((await put('06002', payload, worker)).statusCode).toBe(403)
  })

  it('admits an admitted item and checks its report fields', async () => {
    const tree = await get<TCatalogTree>('/api/catalog?admitted=true')
    const withFields = tree.majors.flatMap((m) => m.items).find((i) => i.fieldCount > 0)
    expect(withFields).toBeDefined()
    const code = withFields?.code ?? ''
    const item = await get<TCatalogItem>(`/api/catalog/items/${code}`)
    const ok = await app.http.inject({
      method: 'POST',
      url: '/api/catalog/admission',
      headers: worker,
      payload: { itemCode: code, channel: 'grid_worker' },
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({ admitted: true, itemCode: code, versionId: item.versionId })

    const bad = await app.http.inject({
      method: 'POST',
      url: '/api/catalog/admission',
      headers: worker,
      payload: { itemCode: code, fields: { no_such_field: 1 } },
    })
    expect(bad.statusCode).toBe(400)
    expect((bad.json() as ErrorBody).error.fields).toHaveProperty('fields.no_such_field')
  })

  it('refuses a non-admitted item with its reason and admitted alternatives, and counts the refusal', async () => {
    const tree = await get<TCatalogTree>('/api/catalog?admitted=false')
    const refused = tree.majors.flatMap((m) => m.items)[0]
    expect(refused).toBeDefined()
    const code = refused?.code ?? ''
    for (const channel of ['grid_worker', 'citizen', 'citizen']) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/catalog/admission',
        headers: worker,
        payload: { itemCode: code, channel, areaCode: '110120001' },
      })
      expect(res.statusCode).toBe(422)
      const body = res.json() as ErrorBody
      expect(body.error.code).toBe('not_admitted')
      expect(body.error.message).toContain('不予受理')
      const details = body.error.details as { reason: string; alternatives: { code: string }[] }
      expect(details.reason.length).toBeGreaterThan(4)
      expect(details.alternatives.length).toBeGreaterThan(0)
    }
    const counts = await get<TRefusalCounts>('/api/catalog/refusals', admin)
    expect(counts.total).toBe(3)
    expect(counts.items).toEqual([
      expect.objectContaining({ code, count: 3, byChannel: { grid_worker: 1, citizen: 2 } }),
    ])
    expect(counts.to).toBe('2026-11-20')
    expect(counts.from).toBe('2026-10-22')
    const worker403 = await app.http.inject({ method: 'GET', url: '/api/catalog/refusals', headers: worker })
    expect(worker403.statusCode).toBe(403)
  })

  it('admits by the item as it is: this instance’s edits at once, another instance’s within 30 s', async () => {
    const other = await createTestApp({ database: await secondHandle(app.database), clock })
    try {
      const code = '06002'
      const check = async () =>
        (
          await app.http.inject({
            method: 'POST',
            url: '/api/catalog/admission',
            headers: worker,
            payload: { itemCode: code, channel: 'grid_worker' },
          })
        ).statusCode
      expect(await check()).toBe(200)
      const item = await get<TCatalogItem>(`/api/catalog/items/${code}`)
      const refused = rulesOf(item)
      refused.admission = { ...refused.admission, admitted: false, refusalReason: '移交物业处理' }
      const byOther = await other.http.inject({
        method: 'PUT',
        url: `/api/catalog/items/${code}`,
        headers: admin,
        payload: { rules: refused, expectedVersion: item.version, reason: '另一实例上的修改' },
      })
      expect(byOther.statusCode, byOther.body).toBe(200)
      // Like the working calendar, an item read in the last 30 s stands until then.
      expect(await check()).toBe(200)
      clock.advance(31_000)
      expect(await check()).toBe(422)

      const admitted = rulesOf(item)
      const here = await put(code, { rules: admitted, expectedVersion: item.version + 1, reason: '恢复准入' })
      expect(here.statusCode, here.body).toBe(200)
      expect(await check()).toBe(200)
    } finally {
      await other.close()
    }
  })

  it('adds an item to a major, refusing a code of the wrong shape for its standard', async () => {
    const template = rulesOf(await get<TCatalogItem>('/api/catalog/items/06002'))
    const wrong = await app.http.inject({
      method: 'POST',
      url: '/api/catalog/items',
      headers: admin,
      payload: { code: '0612', majorCode: '06', rules: { ...template, name: '新事项' }, reason: '新增' },
    })
    expect(wrong.statusCode).toBe(400)
    expect((wrong.json() as ErrorBody).error.fields).toHaveProperty('code')
    const ok = await app.http.inject({
      method: 'POST',
      url: '/api/catalog/items',
      headers: admin,
      payload: {
        code: '06099',
        majorCode: '06',
        rules: { ...template, name: '共享单车乱停放' },
        reason: '新增',
      },
    })
    expect(ok.statusCode, ok.body).toBe(201)
    expect((ok.json() as TCatalogItem).version).toBe(1)
    const dup = await app.http.inject({
      method: 'POST',
      url: '/api/catalog/items',
      headers: admin,
      payload: { code: '06099', majorCode: '06', rules: template, reason: '再加一次' },
    })
    expect(dup.statusCode).toBe(409)
  })
})

describe('messages of the catalog’s own rules', () => {
  let app: App
  let admin: Record<string, string>
  beforeAll(async () => {
    app = await createTestApp()
    await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
    await createUser(app, { username: 'madmin', role: 'admin', areaCode: '110120' })
    admin = bearer(await tokenFor(app, 'madmin'))
  })
  afterAll(async () => {
    await app.close()
  })

  it('say what is wrong in the reader’s language, not zod’s “invalid input”', async () => {
    const item = (
      await app.http.inject({ method: 'GET', url: '/api/catalog/items/06003', headers: admin })
    ).json() as TCatalogItem
    const rules = rulesOf(item)
    rules.admission = { ...rules.admission, admitted: false, refusalReason: null }
    for (const [lang, text] of [
      ['zh-CN', '未准入事项须写明回绝理由'],
      ['en', 'a refused item needs a reason'],
    ] as const) {
      const res = await app.http.inject({
        method: 'PUT',
        url: '/api/catalog/items/06003',
        headers: { ...admin, 'accept-language': lang },
        payload: { rules, expectedVersion: item.version, reason: '回绝' },
      })
      expect(res.statusCode).toBe(400)
      expect((res.json() as ErrorBody).error.fields?.['rules.admission.refusalReason']).toBe(text)
    }
  })
})

describe('routing an item to a unit', () => {
  let app: App
  let worker: Record<string, string>
  beforeAll(async () => {
    app = await createTestApp()
    await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
    await createUser(app, { username: 'rworker', role: 'grid_worker', areaCode: '110120001' })
    worker = bearer(await tokenFor(app, 'rworker'))
    const street = await app.services.areas.get('110120001')
    const district = await app.services.areas.get('110120')
    await app.database.db
      .insertInto('units')
      .values([
        {
          name: '城市管理局',
          kind: 'department',
          area_code: district.code,
          area_path: district.path,
          body_code: 'chengguan',
          created_at: new Date(),
        },
        {
          name: '一街道综合执法平台',
          kind: 'platform',
          area_code: street.code,
          area_path: street.path,
          body_code: 'zhifa',
          created_at: new Date(),
        },
      ])
      .execute()
  })
  afterAll(async () => {
    await app.close()
  })

  const route = async (code: string, areaCode: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/api/catalog/items/${code}/route?areaCode=${areaCode}`,
      headers: worker,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as {
      body: string
      level: string
      overriddenAt: string | null
      areaOfLevel: string | null
      unit: { name: string } | null
    }
  }

  it('finds the unit that is the routed body at the routed level above the area, and honours area overrides', async () => {
    const grid = (await app.services.areas.list({ under: '110120001', level: 'grid' }))[0]?.code ?? ''
    const item = (
      await app.http.inject({ method: 'GET', url: '/api/catalog/items/06002', headers: worker })
    ).json() as TCatalogItem
    const plain = await route('06002', grid)
    expect(plain).toMatchObject({
      body: item.routing.default.body,
      level: item.routing.default.level,
      overriddenAt: null,
    })

    // Give the street its own arrangement: its 综合执法平台 handles 06002 there.
    const admin = rootScopeActor()
    await app.services.catalog.update(admin.scope, admin.actor, '06002', {
      rules: {
        ...rulesOf(item),
        routing: {
          ...item.routing,
          overrides: [{ areaCode: '110120001', target: { body: 'zhifa', level: 'street' } }],
        },
      },
      expectedVersion: item.version,
      reason: '街道承接',
    })
    expect(await route('06002', grid)).toMatchObject({
      body: 'zhifa',
      level: 'street',
      overriddenAt: '110120001',
      areaOfLevel: '110120001',
      unit: { name: '一街道综合执法平台' },
    })
  })
})

function rootScopeActor() {
  return {
    scope: { areaPaths: ['110120'], unitIds: [] },
    actor: { userId: null, name: 'test', ip: null, userAgent: null, requestId: null },
  }
}
