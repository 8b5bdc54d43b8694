import { describe, expect, it } from 'vitest'
import {
  blankFilters,
  filtersFromQuery,
  filtersToQuery,
  personQuery,
  searchableAddress,
} from './person-filters.ts'

describe('the person search in the address bar', () => {
  it('survives a round trip through the query', () => {
    const filters = {
      ...blankFilters(),
      q: 'zs',
      phone: '13800138000',
      address: '东湖路21号院',
      group: 'drug_user' as const,
      nonLocal: true,
    }
    const place = { area: '110120001', grid: '110120001001001' }
    const query = filtersToQuery(filters, place, 3)
    expect(query).toEqual({
      q: 'zs',
      phone: '13800138000',
      address: '东湖路21号院',
      group: 'drug_user',
      nonLocal: 'true',
      area: '110120001',
      grid: '110120001001001',
      page: '3',
    })
    const back = filtersFromQuery(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])))
    expect(back).toEqual({ filters, place, page: 3 })
  })

  it('ignores what is not a group, a level or an area code', () => {
    const state = filtersFromQuery({ group: 'nobody', risk: 'purple', area: 'x', page: '-2' })
    expect(state.filters.group).toBeNull()
    expect(state.filters.riskLevel).toBeNull()
    expect(state.place).toEqual({ area: null, grid: null })
    expect(state.page).toBe(1)
  })

  it('searches the clicked grid rather than the area around it', () => {
    const q = personQuery(blankFilters(), { area: '110120001', grid: '110120001001001' }, 1, 20, true)
    expect(q.areaCode).toBe('110120001001001')
  })

  it('leaves the special-group filters out for someone who may not see the groups', () => {
    const filters = { ...blankFilters(), group: 'drug_user' as const, riskLevel: 'red' as const }
    expect(personQuery(filters, { area: null, grid: null }, 1, 20, false)).toMatchObject({
      group: undefined,
      riskLevel: undefined,
    })
    expect(personQuery(filters, { area: null, grid: null }, 1, 20, true)).toMatchObject({
      group: 'drug_user',
      riskLevel: 'red',
    })
  })

  it('keeps the address in the page’s address bar and sends it, trimmed, as `address`', () => {
    const filters = { ...blankFilters(), address: '  3单元402 ' }
    const query = filtersToQuery(filters, { area: null, grid: null })
    expect(query).toEqual({ address: '3单元402' })
    const back = filtersFromQuery({ address: '3单元402' })
    expect(back.filters.address).toBe('3单元402')
    expect(personQuery(back.filters, back.place, 1, 20, false)).toMatchObject({ address: '3单元402' })
    // A blank one stays out of both.
    expect(filtersToQuery({ ...blankFilters(), address: '   ' }, { area: null, grid: null })).toEqual({})
    expect(personQuery(blankFilters(), { area: null, grid: null }, 1, 20, false).address).toBeUndefined()
  })

  it('leaves out an address of one character, which the server would refuse', () => {
    expect(searchableAddress(' 东 ')).toBeNull()
    expect(searchableAddress('东湖')).toBe('东湖')
    const state = filtersFromQuery({ address: '东', q: '张' })
    expect(state.filters.address).toBe('东')
    expect(personQuery(state.filters, state.place, 1, 20, false)).toMatchObject({
      q: '张',
      address: undefined,
    })
  })
})
