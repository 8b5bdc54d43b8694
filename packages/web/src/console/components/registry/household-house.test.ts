import { afterEach, describe, expect, it } from 'vitest'
import type { LocationQuery } from 'vue-router'
import { stubFetch } from '../../../shared/auth/test-fixtures.ts'
import { viewFromQuery } from '../places/place-filters.ts'
import { houseLink, houseOptions, houseShown } from './household-house.ts'

describe('a household’s house', () => {
  let restore: (() => void) | undefined
  afterEach(() => restore?.())

  it('links to 地·物·组织 with the house tab chosen and that house open', () => {
    const link = houseLink(41)
    if (typeof link === 'string' || !('path' in link)) throw new Error('a path and a query')
    expect(link.path).toBe('/registry/places')
    // Read back as the places page reads its address bar.
    const view = viewFromQuery(link.query as LocationQuery)
    expect(view.tab).toBe('house')
    expect(view.open).toEqual({ kind: 'house', id: 41 })
  })

  it('is its address, a house outside the caller’s area, or none', () => {
    expect(houseShown({ houseId: 41, houseAddress: '东湖路21号院1号楼1单元101室' })).toEqual({
      kind: 'house',
      id: 41,
      address: '东湖路21号院1号楼1单元101室',
    })
    expect(houseShown({ houseId: 41, houseAddress: null })).toEqual({ kind: 'outside' })
    expect(houseShown({ houseId: null, houseAddress: null })).toEqual({ kind: 'none' })
  })

  it('is chosen among the houses the server finds by address, each with its grid', async () => {
    const stub = stubFetch(() => ({
      status: 200,
      body: {
        items: [{ id: 41, address: '东湖路21号院1号楼1单元101室', gridName: '湖滨社区第一网格' }],
        total: 1,
        totalCapped: false,
        page: 1,
        pageSize: 20,
      },
    }))
    restore = stub.restore
    expect(await houseOptions('东湖路')).toEqual([
      { value: 41, label: '东湖路21号院1号楼1单元101室', hint: '湖滨社区第一网格' },
    ])
    expect(stub.calls[0]?.path).toBe('/api/registry/houses')
  })
})
