import type { TMapConfig } from '@onegrid/core/api/system'
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../../../test/test-app.ts'
import { mapConfig } from './map-config.ts'

describe('map config', () => {
  it('draws no basemap without configuration, so the map works offline', async () => {
    const app = await createTestApp()
    try {
      const res = await app.http.inject({ method: 'GET', url: '/api/map-config' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ source: 'none', layers: [] })
    } finally {
      await app.close()
    }
  })

  it('uses 天地图 vector tiles and labels with a key, else a configured tile URL', () => {
    const withKey: TMapConfig = mapConfig({
      tiandituKey: 'k&1',
      tileUrl: 'https://tiles.example/{z}/{x}/{y}.png',
    })
    expect(withKey.source).toBe('tianditu')
    expect(withKey.layers.map((l) => new URL(l.url.replace('{s}', '0')).searchParams.get('LAYER'))).toEqual([
      'vec',
      'cva',
    ])
    expect(withKey.layers[0]?.url).toContain('tk=k%261')
    const custom = mapConfig({ tiandituKey: undefined, tileUrl: 'https://tiles.example/{z}/{x}/{y}.png' })
    expect(custom).toMatchObject({
      source: 'custom',
      layers: [{ url: 'https://tiles.example/{z}/{x}/{y}.png' }],
    })
  })
})
