import type {
  TAreaDetail,
  TGridHistory,
  TLocateBatchResult,
  TLocation,
  TRedrawResult,
  TTopologyReport,
} from '@onegrid/core/api/grids'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { box, networkSince, smallNetwork } from '../../../test/grid-fixtures.ts'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'

describe('the grid network: lookups, topology, versioned redraws', () => {
  let app: App
  let admin: Record<string, string>
  let streetWorker: Record<string, string>
  const clock = new ManualClock('2026-11-20T09:00:00+08:00')

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
    await createUser(app, { username: 'gadmin', role: 'admin', areaCode: '110120' })
    await createUser(app, { username: 'gworker', role: 'grid_worker', areaCode: '110120001' })
    admin = bearer(await tokenFor(app, 'gadmin'))
    streetWorker = bearer(await tokenFor(app, 'gworker'))
  })
  afterAll(async () => {
    await app.close()
  })

  const scratch = { areaPaths: ['110121'], unitIds: [] }
  const get = (url: string, headers: Record<string, string> = admin) =>
    app.http.inject({ method: 'GET', url, headers })
  const post = (url: string, payload: object, headers: Record<string, string> = admin) =>
    app.http.inject({ method: 'POST', url, payload, headers })

  it('locates a point in its grid, community, street and district', async () => {
    const res = await get('/api/grids/locate?lng=116.615&lat=39.81')
    expect(res.statusCode).toBe(200)
    const at = res.json() as TLocation
    expect(at.grid).toEqual({ code: '110120001001004', name: '云溪第二中学专属网格', version: 1 })
    expect([at.community.code, at.street.code, at.district.code]).toEqual([
      '110120001001',
      '110120001',
      '110120',
    ])
  })

  it('answers 404 outside the network and outside the caller’s jurisdiction, 400 naming a bad coordinate', async () => {
    expect((await get('/api/grids/locate?lng=116.7&lat=39.81')).statusCode).toBe(404)
    // Inside the district, but in street 002, which this grid worker does not cover.
    expect((await get('/api/grids/locate?lng=116.63&lat=39.81', streetWorker)).statusCode).toBe(404)
    expect((await get('/api/grids/locate?lng=116.615&lat=39.81', streetWorker)).statusCode).toBe(200)
    const bad = await get('/api/grids/locate?lng=116.6&lat=95')
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().error.fields)).toEqual(['lat'])
  })

  it('locates many points in one call, in order, null where no grid of the jurisdiction holds them', async () => {
    const points = [
      [116.605, 39.835],
      [116.615, 39.835],
      [116.7, 39.9],
      [116.63, 39.81],
    ]
    const mine = (
      await post('/api/grids/locate-batch', { points }, streetWorker)
    ).json() as TLocateBatchResult
    expect(mine.items.map((i) => i?.gridCode ?? null)).toEqual([
      '110120001001001',
      '110120001001002',
      null,
      null,
    ])
    expect([mine.located, mine.missed]).toEqual([2, 2])
    const all = (await post('/api/grids/locate-batch', { points })).json() as TLocateBatchResult
    expect(all.items[3]).toMatchObject({
      gridCode: '110120002001002',
      communityCode: '110120002001',
      streetCode: '110120002',
    })
  })

  it('finds a clean network clean, and reports an overlap, a gap, a part outside the parent and a sliver with m²', async () => {
    const clean = (await get('/api/grids/topology?under=110120')).json() as TTopologyReport
    expect(clean).toMatchObject({ ok: true, checked: 6, problems: [] })

    // A second, scratch district so the real one stays clean for the other tests.
    const nodes = [
      {
        code: '110121',
        name: '试验区',
        level: 'district' as const,
        parentCode: null,
        geometry: box(116.7, 39.8, 116.72, 39.82),
      },
      {
        code: '110121001',
        name: '试验街道',
        level: 'street' as const,
        parentCode: '110121',
        geometry: box(116.7, 39.8, 116.72, 39.82),
      },
      {
        code: '110121001001',
        name: '试验社区',
        level: 'community' as const,
        parentCode: '110121001',
        geometry: box(116.7, 39.8, 116.72, 39.82),
      },
      // West grid reaches 0.001° into the east one (overlap), the east one leaves the south strip uncovered (gap),
      // a third pokes out of the community (outside), and a tiny fourth is a sliver.
      {
        code: '110121001001001',
        name: '西网格',
        level: 'grid' as const,
        parentCode: '110121001001',
        geometry: box(116.7, 39.8, 116.711, 39.82),
      },
      {
        code: '110121001001002',
        name: '东网格',
        level: 'grid' as const,
        parentCode: '110121001001',
        geometry: box(116.71, 39.805, 116.72, 39.82),
      },
      {
        code: '110121001001003',
        name: '越界网格',
        level: 'grid' as const,
        parentCode: '110121001001',
        geometry: box(116.715, 39.8, 116.725, 39.805),
      },
      {
        code: '110121001001004',
        name: '碎片网格',
        level: 'grid' as const,
        parentCode: '110121001001',
        geometry: box(116.7105, 39.8001, 116.7106, 39.8002),
      },
    ]
    await app.services.areas.saveTree(nodes, { effectiveFrom: networkSince })
    const report = await app.services.areas.validate(scratch, {
      under: '110121',
      level: 'grid',
      sliverM2: 200,
    })
    expect(report.ok).toBe(false)
    const overlap = report.problems.find((p) => p.kind === 'overlap' && p.codes.includes('110121001001002'))
    expect(overlap?.codes).toEqual(['110121001001001', '110121001001002'])
    // 0.001° × 0.015° at 39.8°N ≈ 85.5 m × 1,665 m.
    expect(overlap?.areaM2).toBeGreaterThan(135_000)
    expect(overlap?.areaM2).toBeLessThan(150_000)
    expect(overlap?.geometry?.type).toBe('MultiPolygon')
    expect(report.problems.some((p) => p.kind === 'gap' && p.codes[0] === '110121001001')).toBe(true)
    const outside = report.problems.find((p) => p.kind === 'outside_parent')
    expect(outside?.codes).toEqual(['110121001001003'])
    expect(outside?.areaM2).toBeGreaterThan(200_000)
    const sliver = report.problems.find((p) => p.kind === 'sliver')
    expect(sliver?.codes).toEqual(['110121001001004'])
    expect(sliver?.location?.[0]).toBeCloseTo(116.71055, 4)
  })

  it('reports a self-intersecting boundary with where it crosses', async () => {
    // A bow-tie saved through SQL: the API itself refuses to store one (see the redraw test).
    await sql`UPDATE areas SET geom = ST_Multi(ST_GeomFromText(
      'POLYGON((116.7 39.8, 116.71 39.81, 116.71 39.8, 116.7 39.81, 116.7 39.8))', 4326))
      WHERE code = '110121001001004'`.execute(app.database.db)
    const report = await app.services.areas.validate(scratch, {
      under: '110121001001',
      level: 'grid',
      sliverM2: 200,
    })
    const bad = report.problems.find((p) => p.kind === 'invalid_geometry')
    expect(bad?.codes).toEqual(['110121001001004'])
    expect(bad?.location?.[0]).toBeCloseTo(116.705, 6)
    expect(bad?.detail).toMatch(/intersection/i)
  })

  it('redraws a grid: the neighbour it overlaps is trimmed, both get a new version, history and lookups at past times agree', async () => {
    // Move the border between grids 001 (west) and 002 (east) 0.002° east.
    const before = new Date(clock.now().getTime() - 3_600_000)
    const body = {
      geometry: box(116.6, 39.82, 116.612, 39.84),
      reason: '道路改线，边界东移',
      effectiveFrom: clock.now().toISOString(),
    }
    const dry = await post('/api/grids/110120001001001/redraw', { ...body, dryRun: true })
    expect(dry.statusCode).toBe(200)
    expect((dry.json() as TRedrawResult).applied).toBe(false)
    expect((dry.json() as TRedrawResult).trimmed.map((t) => t.code)).toEqual(['110120001001002'])
    expect(((await get('/api/areas/110120001001001')).json() as TAreaDetail).boundaryVersion).toBe(1)

    const res = await post('/api/grids/110120001001001/redraw', body)
    expect(res.statusCode).toBe(200)
    const result = res.json() as TRedrawResult
    expect(result.applied).toBe(true)
    expect(result.grid.version).toBe(2)
    expect(result.grid.areaM2After).toBeGreaterThan(result.grid.areaM2Before)
    expect(result.trimmed).toMatchObject([{ code: '110120001001002', version: 2 }])
    expect(result.report).toMatchObject({ ok: true })

    // The point 116.611 now lies in 001; before the redraw it lay in 002.
    const now = (await get('/api/grids/locate?lng=116.611&lat=39.83')).json() as TLocation
    expect(now.grid).toMatchObject({ code: '110120001001001', version: 2 })
    const then = (
      await get(`/api/grids/locate?lng=116.611&lat=39.83&at=${encodeURIComponent(before.toISOString())}`)
    ).json() as TLocation
    expect(then.grid).toMatchObject({ code: '110120001001002', version: 1 })

    const batchThen = (
      await post('/api/grids/locate-batch', { points: [[116.611, 39.83]], at: before.toISOString() })
    ).json() as TLocateBatchResult
    expect(batchThen.items[0]).toMatchObject({ gridCode: '110120001001002', version: 1 })

    const history = (await get('/api/grids/110120001001001/history')).json() as TGridHistory
    expect(history.items.map((v) => [v.version, v.reason])).toEqual([
      [2, '道路改线，边界东移'],
      [1, '初始划定'],
    ])
    expect(history.items[1]?.validTo).toBe(history.items[0]?.validFrom)
    expect(history.items[0]?.createdBy?.name).toBe('gadmin')
    const old = await get(
      `/api/grids/110120001001001/geometry?at=${encodeURIComponent(before.toISOString())}`,
    )
    expect(old.json().properties.version).toBe(1)
    expect((await get('/api/grids/topology?under=110120')).json()).toMatchObject({ ok: true })
  })

  it('refuses a self-intersecting redraw, one outside the community, a future effective time, and an overlap when trimming is off', async () => {
    const at = clock.now().toISOString()
    const fieldOf = async (payload: object) => {
      const res = await post('/api/grids/110120001001003/redraw', {
        reason: '测试调整',
        effectiveFrom: at,
        ...payload,
      })
      return {
        status: res.statusCode,
        fields: Object.keys(res.json().error?.fields ?? {}),
        message: JSON.stringify(res.json()),
      }
    }
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [116.6, 39.8],
          [116.61, 39.82],
          [116.61, 39.8],
          [116.6, 39.82],
          [116.6, 39.8],
        ],
      ],
    }
    expect(await fieldOf({ geometry: bowTie })).toMatchObject({ status: 400, fields: ['geometry'] })
    const outside = await fieldOf({ geometry: box(116.59, 39.8, 116.61, 39.82) })
    expect(outside).toMatchObject({ status: 400, fields: ['geometry'] })
    expect(outside.message).toContain('超出所属社区')
    const future = await fieldOf({
      geometry: box(116.6, 39.8, 116.61, 39.82),
      effectiveFrom: new Date(clock.now().getTime() + 86_400_000).toISOString(),
    })
    expect(future).toMatchObject({ status: 400, fields: ['effectiveFrom'] })
    const overlap = await fieldOf({ geometry: box(116.6, 39.8, 116.612, 39.82), trimNeighbours: false })
    expect(overlap).toMatchObject({ status: 400, fields: ['geometry'] })
    expect(((await get('/api/areas/110120001001003')).json() as TAreaDetail).boundaryVersion).toBe(1)
  })

  it('refuses a redraw to a grid worker and outside the admin’s jurisdiction', async () => {
    const body = {
      geometry: box(116.6, 39.8, 116.61, 39.82),
      reason: '测试调整',
      effectiveFrom: clock.now().toISOString(),
    }
    expect((await post('/api/grids/110120001001003/redraw', body, streetWorker)).statusCode).toBe(403)
    await createUser(app, { username: 'streetadmin', role: 'admin', areaCode: '110120002' })
    const other = bearer(await tokenFor(app, 'streetadmin'))
    expect((await post('/api/grids/110120001001003/redraw', body, other)).statusCode).toBe(404)
  })

  it('gives the tree with grid counts and households summed, a detail with ancestors, and a searchable grid list', async () => {
    const tree = (await get('/api/areas/tree?root=110120&depth=1')).json()
    expect(tree.items[0]).toMatchObject({ code: '110120', gridCount: 6, households: 2020 })
    expect(
      tree.items[0].children.map((c: { code: string; gridCount: number }) => [c.code, c.gridCount]),
    ).toEqual([
      ['110120001', 4],
      ['110120002', 2],
    ])
    expect(tree.items[0].children[0].children).toEqual([])

    const detail = (await get('/api/areas/110120001001004')).json() as TAreaDetail
    expect(detail).toMatchObject({
      gridType: 'dedicated',
      servedUnit: '云溪第二中学',
      households: 20,
      gridCount: 1,
    })
    expect(detail.ancestors.map((a) => a.code)).toEqual(['110120', '110120001', '110120001001'])
    expect(detail.areaM2).toBeGreaterThan(1_900_000)
    const street = (await get('/api/areas/110120001')).json() as TAreaDetail
    expect(street).toMatchObject({ households: 1070, gridCount: 4, childCount: 1 })

    const search = (await get(`/api/grids?q=${encodeURIComponent('中学')}`)).json()
    expect(search.items.map((g: { code: string }) => g.code)).toEqual(['110120001001004'])
    const mine = (await get('/api/grids', streetWorker)).json()
    expect(mine.total).toBe(4)
    expect((await get('/api/grids?under=110120002', streetWorker)).statusCode).toBe(404)
  })

  it('serves boundaries simplified and compressed for a zoom level', async () => {
    const full = await app.http.inject({
      method: 'GET',
      url: '/api/areas/geojson?under=110120',
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(full.headers['content-encoding']).toBe('gzip')
    const plain = await get('/api/areas/geojson?under=110120')
    const zoomed = await get('/api/areas/geojson?under=110120&zoom=10')
    expect(zoomed.body.length).toBeLessThanOrEqual(plain.body.length)
    expect(zoomed.json().features).toHaveLength(plain.json().features.length)
    expect(
      plain.json().features.filter((f: { properties: { level: string } }) => f.properties.level === 'grid'),
    ).toHaveLength(6)
    expect(plain.json().features.at(-1).properties).toMatchObject({ level: 'grid', gridType: 'basic' })
  })
})
