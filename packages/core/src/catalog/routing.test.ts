import { describe, expect, it } from 'vitest'
import type { TRouting } from '../api/catalog.ts'
import { routeFor } from './routing.ts'

const routing: TRouting = {
  default: { body: 'chengguan', level: 'district' },
  overrides: [
    { areaCode: '110120101', target: { body: 'zhifa', level: 'street' } },
    { areaCode: '110120101003', target: { body: 'zongzhi', level: 'community' } },
  ],
}

describe('routing an item in a place', () => {
  it('uses the default outside every override', () => {
    expect(routeFor(routing, '110120.110120001.110120001001.110120001001001')).toEqual({
      body: 'chengguan',
      level: 'district',
      overriddenAt: null,
    })
  })

  it('uses the town’s override anywhere in the town', () => {
    expect(routeFor(routing, '110120.110120101.110120101001.110120101001002')).toEqual({
      body: 'zhifa',
      level: 'street',
      overriddenAt: '110120101',
    })
  })

  it('lets the most specific area win, whatever the order of the overrides', () => {
    const path = '110120.110120101.110120101003.110120101003001'
    expect(routeFor(routing, path).overriddenAt).toBe('110120101003')
    const reversed = { ...routing, overrides: [...routing.overrides].reverse() }
    expect(routeFor(reversed, path)).toEqual({
      body: 'zongzhi',
      level: 'community',
      overriddenAt: '110120101003',
    })
  })
})
