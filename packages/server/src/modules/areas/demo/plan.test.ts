import { describe, expect, it } from 'vitest'
import { apportion } from './plan.ts'

describe('apportion (largest remainder within bounds)', () => {
  it('shares a total in proportion to the weights, adding up exactly', () => {
    expect(
      apportion(
        10,
        [1, 1, 1].map((weight) => ({ weight, min: 0, max: 10 })),
      ),
    ).toEqual([4, 3, 3])
    // 590 × 9/14 = 379.29, × 3/14 = 126.43, × 1/14 = 42.14: the spare one goes to the largest remainder.
    expect(
      apportion(
        590,
        [9, 3, 1, 1].map((weight) => ({ weight, min: 1, max: 999 })),
      ),
    ).toEqual([379, 127, 42, 42])
  })

  it('keeps every share between its bounds and still hits the total', () => {
    const quotas = [
      { weight: 100, min: 3, max: 5 },
      { weight: 1, min: 3, max: 5 },
      { weight: 50, min: 1, max: 3 },
      { weight: 0.1, min: 1, max: 3 },
    ]
    const counts = apportion(11, quotas)
    expect(counts.reduce((s, n) => s + n, 0)).toBe(11)
    expect(counts).toEqual([5, 3, 2, 1])
    counts.forEach((n, i) => {
      expect(n).toBeGreaterThanOrEqual(quotas[i]?.min ?? 0)
      expect(n).toBeLessThanOrEqual(quotas[i]?.max ?? 0)
    })
  })

  it('refuses a total the bounds cannot hold', () => {
    expect(() => apportion(20, [{ weight: 1, min: 1, max: 3 }])).toThrow(RangeError)
    expect(() => apportion(0, [{ weight: 1, min: 1, max: 3 }])).toThrow(RangeError)
  })
})
