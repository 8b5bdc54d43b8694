// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { watch } from 'vue'
import { closeFieldDb } from './db.ts'
import {
  chinaDay,
  loadReference,
  readReference,
  refreshReference,
  resetReference,
  unloadReference,
  useReference,
} from './reference.ts'
import { freshIndexedDb } from './test-server.ts'

const me = {
  user: {
    id: 7,
    username: 'wanggeyuan',
    assignments: [{ id: 1, role: 'grid_worker', areaCode: '110120001001' }],
  },
}
const grid = {
  type: 'Feature',
  properties: { code: '110120001001', name: '第一网格', level: 'grid' },
  geometry: { type: 'MultiPolygon', coordinates: [] },
}

function serve(answers: Record<string, (url: URL) => unknown>) {
  const seen: string[] = []
  vi.stubGlobal('fetch', async (input: string) => {
    const url = new URL(input, 'http://field.test')
    seen.push(url.pathname + url.search)
    const answer = answers[url.pathname]
    if (!answer)
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no' } }), { status: 404 })
    const body = answer(url)
    if (body instanceof Error) throw new TypeError('Failed to fetch')
    return new Response(JSON.stringify(body), { status: 200 })
  })
  return seen
}

beforeEach(async () => {
  await freshIndexedDb()
  await resetReference()
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the reference data cache', () => {
  it('fetches me first, then my grids by my postings, and keeps each part on the device', async () => {
    const seen = serve({
      '/api/me': () => me,
      '/api/areas/geojson': () => ({ type: 'FeatureCollection', features: [grid] }),
      '/api/catalog': () => ({ majors: [], counts: { majors: 0, items: 0, admitted: 0 } }),
    })
    await refreshReference(['me', 'grids', 'catalog'])

    expect(seen[0]).toBe('/api/me')
    expect(seen).toContain('/api/areas/geojson?under=110120001001&level=grid')
    expect(seen).toContain('/api/catalog?admitted=true')
    const ref = useReference()
    expect(ref.grids.value?.features.map((f) => f.properties.code)).toEqual(['110120001001'])
    expect((await readReference('grids'))?.owner).toBe(7)
  })

  it('reads the copy from the device after a restart, and keeps it when a refresh fails offline', async () => {
    serve({
      '/api/me': () => me,
      '/api/areas/geojson': () => ({ type: 'FeatureCollection', features: [grid] }),
    })
    await refreshReference(['me', 'grids'])

    // The app restarts without signal.
    await closeFieldDb()
    unloadReference()
    serve({ '/api/me': () => new Error('offline'), '/api/areas/geojson': () => new Error('offline') })
    await loadReference(7)
    const ref = useReference()
    expect(ref.me.value?.user.username).toBe('wanggeyuan')
    await refreshReference(['me', 'grids'])
    expect(ref.grids.value?.features).toHaveLength(1)
    expect(ref.errors.value.me?.code).toBe('network')
  })

  it('does not show another user’s copy', async () => {
    serve({ '/api/me': () => me })
    await refreshReference(['me'])
    unloadReference()
    await loadReference(8)
    expect(useReference().me.value).toBeNull()
  })

  it('asks once for a part two callers want at the same time when the second takes the first one’s fetch', async () => {
    const seen = serve({
      '/api/me': () => me,
      '/api/areas/geojson': () => ({ type: 'FeatureCollection', features: [grid] }),
    })
    await Promise.all([
      refreshReference(['me', 'grids'], { join: true }),
      refreshReference(['me', 'grids'], { join: true }),
    ])
    expect(seen.filter((u) => u === '/api/me')).toHaveLength(1)
    expect(seen.filter((u) => u.startsWith('/api/areas/geojson'))).toHaveLength(1)

    // Without it (a page waiting for the result of its own write), the part is asked for anew.
    await Promise.all([refreshReference(['me']), refreshReference(['me'], { join: true })])
    expect(seen.filter((u) => u === '/api/me')).toHaveLength(2)
    await Promise.all([refreshReference(['me'], { join: true }), refreshReference(['me'])])
    expect(seen.filter((u) => u === '/api/me')).toHaveLength(4)
  })

  it('shows each part of the device’s copy as it is read, the home page’s counts before the catalog', async () => {
    serve({
      '/api/me': () => me,
      '/api/catalog': () => ({ majors: [], counts: { majors: 0, items: 0, admitted: 0 } }),
    })
    await refreshReference(['me', 'catalog'])
    await closeFieldDb()
    unloadReference()
    const ref = useReference()
    // What the page had when `me` first showed: the catalog (read last, the largest) not yet.
    let catalogWhenMeShowed: unknown = 'never'
    const stop = watch(
      ref.me,
      (m) => {
        if (m && catalogWhenMeShowed === 'never') catalogWhenMeShowed = ref.catalog.value
      },
      { flush: 'sync' },
    )
    await loadReference(7)
    stop()
    expect(catalogWhenMeShowed).toBeNull()
    expect(ref.catalog.value).not.toBeNull()
    expect(ref.loaded.value).toBe(true)
  })

  it('counts days in China time', () => {
    expect(chinaDay(new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-02')
    expect(chinaDay(new Date('2026-12-01T15:59:00Z'))).toBe('2026-12-01')
  })
})
