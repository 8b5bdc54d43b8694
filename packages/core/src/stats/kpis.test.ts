import { describe, expect, it } from 'vitest'
import { computeKpi, kpiDefinition, p90Hours, percent } from './kpis.ts'
import { emptyMeasures } from './measures.ts'

describe('KPI values', () => {
  it('rounds half up to two decimals in integer arithmetic, and gives null over zero', () => {
    expect(percent(172_673, 176_250)).toBe(97.97)
    expect(percent(171_545, 176_250)).toBe(97.33)
    expect(percent(172_256, 187_600)).toBe(91.82)
    expect(percent(87_426, 87_866)).toBe(99.5)
    expect(percent(13_385, 13_870)).toBe(96.5)
    // 1 ÷ 8 = 12.5 %, 1 ÷ 16 = 6.25 %, 1 ÷ 32 = 3.125 % → 3.13 (half up), 1 ÷ 3 → 33.33.
    expect(percent(1, 32)).toBe(3.13)
    expect(percent(1, 3)).toBe(33.33)
    expect(percent(0, 0)).toBeNull()
  })

  it('returns a rate with its numerator and denominator, marked a small sample below the minimum', () => {
    const m = { ...emptyMeasures(), due: 20, handled: 19 }
    expect(computeKpi(kpiDefinition('handlingRate'), m, 30)).toEqual({
      key: 'handlingRate',
      kind: 'rate',
      value: 95,
      numerator: 19,
      denominator: 20,
      smallSample: true,
    })
    expect(computeKpi(kpiDefinition('handlingRate'), m, 20).smallSample).toBe(false)
    expect(computeKpi(kpiDefinition('overdueOpen'), m, 30).value).toBe(1)
  })

  it('finds the 90th percentile handling time as the upper edge of its bucket', () => {
    // 10 cases: 8 within 1 h, 1 within 8 h, 1 within 48 h → the 9th is in the ≤ 8 h bucket.
    const m = { ...emptyMeasures(), handled_n: 10, h0: 8, h3: 1, h5: 1 }
    expect(p90Hours(m)).toBe(8)
    expect(p90Hours({ ...m, h0: 0, h11: 8 })).toBeNull()
    expect(p90Hours(emptyMeasures())).toBeNull()
  })
})
