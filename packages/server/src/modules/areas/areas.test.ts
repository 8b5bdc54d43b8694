import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ValidationError } from '../../platform/http/errors.ts'
import { contains } from './demo/geometry.ts'
import { demoAreaTree } from './demo.ts'
import type { AreaNode } from './service.ts'

describe('area tree', () => {
  let app: App
  let demo: AreaNode[]
  beforeAll(async () => {
    app = await createTestApp()
    demo = await demoAreaTree(app.database.db)
    await app.services.areas.saveTree(demo)
  })
  afterAll(async () => {
    await app.close()
  })

  it('lists the subtree under an area through its ltree path', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/areas?under=110120101' })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as { code: string; level: string; path: string }[]
    const expected = demo.filter((a) => a.code.startsWith('110120101')).map((a) => a.code)
    expect(items.map((a) => a.code).sort()).toEqual(expected.sort())
    expect(items[0]?.code).toBe('110120101')
    // Ordered by path: the town, its first 社区, that 社区's first grid.
    expect(items[1]?.path).toBe('110120.110120101.110120101001')
    expect(items[2]?.path).toBe('110120.110120101.110120101001.110120101001001')
    expect(items.filter((a) => a.level === 'community').map((a) => a.code)).toContain('110120101200')
  })

  it('filters by level and returns boundaries as GeoJSON for the map', async () => {
    const streets = await app.http.inject({ method: 'GET', url: '/api/areas?level=street' })
    expect(streets.json().items).toHaveLength(15)
    const geo = await app.http.inject({ method: 'GET', url: '/api/areas/geojson?level=community' })
    const fc = geo.json()
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(590)
    expect(fc.features[0].geometry.type).toBe('MultiPolygon')
  })

  it('finds the community that contains a point', async () => {
    // The old town in the north-west lies in a 街道 (segments 001–005).
    const point = [116.66, 39.9] as const
    const expected = demo.filter(
      (a) => a.level === 'community' && a.geometry?.type === 'MultiPolygon' && contains(a.geometry, point),
    )
    expect(expected).toHaveLength(1)
    expect(Number(expected[0]?.code.slice(6, 9))).toBeLessThanOrEqual(5)
    const { sql } = await import('kysely')
    const { rows } = await sql<{ code: string }>`
      SELECT code FROM areas WHERE level = 'community'
      AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(${point[0]}, ${point[1]}), 4326))`.execute(
      app.database.db,
    )
    expect(rows.map((r) => r.code)).toEqual([expected[0]?.code])
  })

  it('answers 404 for an unknown code and 400 naming the field for a malformed one', async () => {
    const missing = await app.http.inject({ method: 'GET', url: '/api/areas/110120999' })
    expect(missing.statusCode).toBe(404)
    const bad = await app.http.inject({ method: 'GET', url: '/api/areas/abc' })
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().error.fields)).toEqual(['code'])
  })

  it('rejects a batch with a code that does not fit its parent, writing nothing', async () => {
    const before = (await app.services.areas.list({})).length
    const attempt = app.services.areas.saveTree([
      { code: '110120009', name: '南苑街道', level: 'street', parentCode: '110120', geometry: null },
      { code: '110120008001', name: '错位社区', level: 'community', parentCode: '110120009', geometry: null },
    ])
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    const error = (await attempt.catch((e: unknown) => e)) as ValidationError
    expect(Object.keys(error.fields ?? {})).toEqual(['110120008001'])
    expect((await app.services.areas.list({})).length).toBe(before)
  })
})
