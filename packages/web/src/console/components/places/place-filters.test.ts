import { describe, expect, it } from 'vitest'
import { blankFilters, placeQuery, viewFromQuery, viewToQuery } from './place-filters.ts'

describe('the places page in the address bar', () => {
  it('reads the tab, area, filters, page, open record and map layers, ignoring what is not one', () => {
    const view = viewFromQuery({
      tab: 'house',
      area: '110120001',
      q: '301',
      rented: 'true',
      building: '7',
      page: '3',
      open: 'house-12',
      layers: 'component,camera,bogus',
    })
    expect(view).toEqual({
      tab: 'house',
      area: '110120001',
      filters: { ...blankFilters(), q: '301', rented: true, buildingId: 7 },
      page: 3,
      open: { kind: 'house', id: 12 },
      layers: ['component', 'camera'],
    })
    const odd = viewFromQuery({ tab: 'people', area: 'x1', page: '-2', open: 'person-3', rented: 'maybe' })
    expect(odd.tab).toBe('building')
    expect(odd.area).toBeNull()
    expect(odd.page).toBe(1)
    expect(odd.open).toBeNull()
    expect(odd.filters.rented).toBeNull()
    expect(odd.layers).toHaveLength(5)
  })

  it('writes back only what differs from the defaults, so a plain link is short', () => {
    const view = viewFromQuery({})
    expect(viewToQuery(view)).toEqual({})
    expect(
      viewToQuery({
        ...view,
        tab: 'component',
        filters: { ...blankFilters(), state: 'damaged', q: ' 井盖 ' },
        open: { kind: 'component', id: 5 },
        layers: ['component'],
      }),
    ).toEqual({ tab: 'component', state: 'damaged', q: '井盖', open: 'component-5', layers: 'component' })
  })
})

describe('the search sent for a kind', () => {
  const filters = {
    ...blankFilters(),
    q: '湖滨',
    use: 'rental',
    kind: 'dome',
    status: 'offline',
    state: 'damaged',
    rented: false,
    buildingId: 7,
  }

  it('carries only the filters the kind has: the server refuses the others by name', () => {
    expect(placeQuery('house', filters, '110120001', 2, 20)).toEqual({
      q: '湖滨',
      areaCode: '110120001',
      use: 'rental',
      rented: false,
      buildingId: 7,
      page: 2,
      pageSize: 20,
      tag: undefined,
    })
    expect(placeQuery('component', filters, null, 1, 20)).toMatchObject({ state: 'damaged' })
    expect(placeQuery('component', filters, null, 1, 20)).not.toHaveProperty('use')
  })

  it('sends an organization’s or a camera’s status as `state`', () => {
    expect(placeQuery('camera', filters, null, 1, 20)).toMatchObject({ kind: 'dome', state: 'offline' })
    expect(placeQuery('building', { ...filters, use: null }, null, 1, 20)).toEqual({
      q: '湖滨',
      tag: undefined,
      areaCode: undefined,
      page: 1,
      pageSize: 20,
    })
  })
})
