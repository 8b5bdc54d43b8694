import { describe, expect, it } from 'vitest'
import { caseQueryString } from '../../../shared/api/cases.ts'
import { blankFilters, filtersFromQuery, filtersToQuery, listQuery } from './case-filters.ts'

describe('case list filters', () => {
  it('survive the trip through the address bar, so Back returns to the same list', () => {
    const filters = {
      ...blankFilters(),
      status: ['handling' as const, 'dispatched' as const],
      channel: 'hotline' as const,
      overdue: true,
      range: ['2026-03-01', '2026-03-31'] as [string, string],
      q: ' 井盖 ',
      sort: 'due_asc' as const,
    }
    const query = filtersToQuery(filters, 3)
    const back = filtersFromQuery(query as Record<string, string>)
    expect(back.page).toBe(3)
    expect(back.filters).toEqual({ ...filters, q: '井盖' })
  })

  it('keeps a blank form out of the address and ignores values it does not know', () => {
    expect(Object.values(filtersToQuery(blankFilters(), 1)).filter((v) => v !== undefined)).toEqual([])
    const read = filtersFromQuery({
      status: 'handling,bogus',
      channel: 'fax',
      page: '-2',
      from: '2026-03-01',
    })
    expect(read.filters.status).toEqual(['handling'])
    expect(read.filters.channel).toBeUndefined()
    expect(read.filters.range).toBeNull()
    expect(read.page).toBe(1)
  })

  it('asks the server for a queue with repeated statuses and only the filters set', () => {
    const f = { ...blankFilters(), status: ['handling' as const, 'returned' as const], supervised: true }
    const search = caseQueryString(listQuery('overdue', f, 2, 20))
    expect(search).toBe(
      'queue=overdue&status=handling&status=returned&supervised=true&sort=reported_desc&page=2&pageSize=20',
    )
    expect(caseQueryString(listQuery(null, blankFilters(), 1, 20))).toBe(
      'sort=reported_desc&page=1&pageSize=20',
    )
  })
})
