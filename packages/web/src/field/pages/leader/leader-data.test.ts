import { caseRules } from '@onegrid/core/cases/rules'
import { beforeEach, describe, expect, it } from 'vitest'
import type { TCaseList } from '../../../shared/api/cases.ts'
import type { TDashboard } from '../../../shared/api/stats.ts'
import { freshIndexedDb } from '../../offline/test-server.ts'
import {
  drillable,
  keepSnapshot,
  keptSnapshot,
  type LeaderSnapshot,
  parentArea,
  reportedSeries,
  viewFromQuery,
  viewToQuery,
} from './leader-data.ts'
import { holdsAny, leaderRoles } from './leader-roles.ts'

describe('who has 领导通', () => {
  it('is whoever may supervise a case', () => {
    expect([...leaderRoles].sort()).toEqual([...caseRules.supervise.roles].sort())
    expect(holdsAny(['leader'], leaderRoles)).toBe(true)
    expect(holdsAny(['shift_leader', 'operator'], leaderRoles)).toBe(true)
    expect(holdsAny(['grid_worker'], leaderRoles)).toBe(false)
    expect(holdsAny([], leaderRoles)).toBe(false)
  })
})

describe('the view in the address', () => {
  it('is this month and all of my scope by default, and only what it knows', () => {
    expect(viewFromQuery({})).toEqual({ period: 'month', area: null })
    expect(viewFromQuery({ period: 'week', area: '110120001' })).toEqual({
      period: 'week',
      area: '110120001',
    })
    expect(viewFromQuery({ period: 'fortnight', area: 'x' })).toEqual({ period: 'month', area: null })
    expect(viewFromQuery({ period: ['day', 'week'] })).toEqual({ period: 'day', area: null })
    expect(viewToQuery({ period: 'month', area: null })).toEqual({})
    expect(viewToQuery({ period: 'day', area: '110120001001' })).toEqual({
      period: 'day',
      area: '110120001001',
    })
  })

  it('goes up one level, to all of my scope at my own areas or the district', () => {
    expect(parentArea('110120001001', [])).toBe('110120001')
    expect(parentArea('110120001', [])).toBeNull()
    expect(parentArea('110120001001', ['110120001'])).toBeNull()
    expect(drillable('street')).toBe(true)
    expect(drillable('community')).toBe(true)
    expect(drillable('grid')).toBe(false)
    expect(drillable('department')).toBe(false)
  })
})

describe('the snapshot kept on the phone', () => {
  beforeEach(async () => {
    await freshIndexedDb()
  })

  const list: TCaseList = { items: [], total: 0, totalCapped: false, page: 1, pageSize: 20 }
  const snapshot = { dashboard: { trend: [] }, overdue: list, supervised: list } as unknown as LeaderSnapshot

  it('is kept per period and scope, for its owner only', async () => {
    await keepSnapshot({ period: 'week', area: null }, 5, snapshot, 1000)
    expect(await keptSnapshot({ period: 'week', area: null }, 5)).toEqual({ snapshot, savedAt: 1000 })
    expect(await keptSnapshot({ period: 'month', area: null }, 5)).toBeUndefined()
    expect(await keptSnapshot({ period: 'week', area: '110120001' }, 5)).toBeUndefined()
    expect(await keptSnapshot({ period: 'week', area: null }, 6)).toBeUndefined()
  })
})

describe('the trend line', () => {
  it('is the reported count of each day, oldest first, zero for a day without one', () => {
    const day = (reported: number | null) => ({
      kpis: reported === null ? [] : [{ key: 'reported', value: reported }],
    })
    const dashboard = { trend: [day(3), day(null), day(5)] } as unknown as Pick<TDashboard, 'trend'>
    expect(reportedSeries(dashboard)).toEqual([3, 0, 5])
  })
})
