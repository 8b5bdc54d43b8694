import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ValidationError } from '../../platform/http/errors.ts'
import { demoAreaTree } from './demo.ts'

describe('area tree', () => {
  let app: App
  beforeAll(async () => {
    app = await createTestApp()
    await app.services.areas.saveTree(demoAreaTree())
  })
  afterAll(async () => {
    await app.close()
  })

  it('lists the subtree under an area through its ltree path', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/areas?under=320520101' })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as { code: string; level: string; path: string }[]
    expect(items.map((a) => a.code)).toEqual([
      '320520101',
      '320520101001',
      '320520101200',
      '320520101201',
      '320520101202',
    ])
    expect(items[1]?.path).toBe('320520.320520101.320520101001')
  })

  it('filters by level and returns boundaries as GeoJSON for the map', async () => {
    const streets = await app.http.inject({ method: 'GET', url: '/api/areas?level=street' })
    expect(streets.json().items).toHaveLength(4)
    const geo = await app.http.inject({ method: 'GET', url: '/api/areas/geojson?level=community' })
    const fc = geo.json()
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(16)
    expect(fc.features[0].geometry.type).toBe('MultiPolygon')
  })

  it('finds the community that contains a point', async () => {
    const { sql } = await import('kysely')
    const { rows } = await sql<{ code: string }>`
      SELECT code FROM areas WHERE level = 'community'
      AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(120.56, 31.34), 4326))`.execute(app.database.db)
    expect(rows.map((r) => r.code)).toEqual(['320520001001'])
  })

  it('answers 404 for an unknown code and 400 naming the field for a malformed one', async () => {
    const missing = await app.http.inject({ method: 'GET', url: '/api/areas/320520999' })
    expect(missing.statusCode).toBe(404)
    const bad = await app.http.inject({ method: 'GET', url: '/api/areas/abc' })
    expect(bad.statusCode).toBe(400)
    expect(Object.keys(bad.json().error.fields)).toEqual(['code'])
  })

  it('rejects a batch with a code that does not fit its parent, writing nothing', async () => {
    const before = (await app.services.areas.list({})).length
    const attempt = app.services.areas.saveTree([
      { code: '320520004', name: '南苑街道', level: 'street', parentCode: '320520', geometry: null },
      { code: '320520005001', name: '错位社区', level: 'community', parentCode: '320520004', geometry: null },
    ])
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    const error = (await attempt.catch((e: unknown) => e)) as ValidationError
    expect(Object.keys(error.fields ?? {})).toEqual(['320520005001'])
    expect((await app.services.areas.list({})).length).toBe(before)
  })
})
