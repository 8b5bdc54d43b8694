import { describe, expect, it } from 'vitest'
import { rankLevelsFor, scopeRoots, viewFromQuery, viewToQuery } from './stats-query.ts'

describe('the dashboard’s address', () => {
  it('reads a view, falling back to this month everywhere', () => {
    expect(viewFromQuery({})).toEqual({ period: 'month', day: null, area: null, rank: null })
    expect(
      viewFromQuery({ period: 'half_month', day: '2026-11-20', area: '110120001', rank: 'grid' }),
    ).toEqual({
      period: 'half_month',
      day: '2026-11-20',
      area: '110120001',
      rank: 'grid',
    })
    expect(viewFromQuery({ period: 'decade', day: 'yesterday', area: 'x', rank: 'planet' })).toEqual({
      period: 'month',
      day: null,
      area: null,
      rank: null,
    })
  })

  it('writes only what differs from the default', () => {
    expect(viewToQuery({ period: 'month', day: null, area: null, rank: null })).toEqual({})
    expect(viewToQuery({ period: 'week', day: '2026-11-20', area: '110120001', rank: null })).toEqual({
      period: 'week',
      day: '2026-11-20',
      area: '110120001',
    })
  })
})

describe('scope', () => {
  it('takes the areas of one’s scope paths, none inside another', () => {
    expect(scopeRoots(['110120'])).toEqual(['110120'])
    expect(scopeRoots(['110120.110120001', '110120.110120001.110120001001', '110120.110120002'])).toEqual([
      '110120001',
      '110120002',
    ])
    expect(scopeRoots([])).toEqual([])
  })

  it('offers the levels below the area counted', () => {
    expect(rankLevelsFor(null, false)).toEqual(['street', 'community', 'grid', 'department'])
    expect(rankLevelsFor('110120001', false)).toEqual(['community', 'grid'])
    expect(rankLevelsFor('110120001001001', false)).toEqual([])
  })
})
