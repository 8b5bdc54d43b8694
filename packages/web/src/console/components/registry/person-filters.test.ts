import { describe, expect, it } from 'vitest'
import { blankFilters, filtersFromQuery, filtersToQuery, personQuery } from './person-filters.ts'

describe('the person search in the address bar', () => {
  it('survives a round trip through the query', () => {
    const filters = {
      ...blankFilters(),
      q: 'zs',
      phone: '13800138000',
      group: 'drug_user' as const,
      nonLocal: true,
    }
    const place = { area: '110120001', grid: '110120001001001' }
    const query = filtersToQuery(filters, place, 3)
    expect(query).toEqual({
      q: 'zs',
      phone: '13800138000',
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
})
