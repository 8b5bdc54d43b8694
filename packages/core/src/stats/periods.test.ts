import { describe, expect, it } from 'vitest'
import { periodEnd, periodLabel, periodOf, periodStart, periodsEnding, previousPeriod } from './periods.ts'

describe('reporting periods', () => {
  it('finds the standard period of a day: ISO weeks from Monday, half months 1–15 and 16–end, quarters', () => {
    expect(periodOf('week', '2026-11-29')).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' })
    expect(periodOf('week', '2026-11-23')).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' })
    expect(periodOf('half_month', '2026-11-15')).toEqual({
      kind: 'half_month',
      from: '2026-11-01',
      to: '2026-11-15',
    })
    expect(periodOf('half_month', '2026-02-16')).toEqual({
      kind: 'half_month',
      from: '2026-02-16',
      to: '2026-02-28',
    })
    expect(periodOf('half_month', '2028-02-20').to).toBe('2028-02-29')
    expect(periodOf('quarter', '2026-12-31')).toEqual({
      kind: 'quarter',
      from: '2026-10-01',
      to: '2026-12-31',
    })
    expect(periodOf('year', '2026-07-01')).toEqual({ kind: 'year', from: '2026-01-01', to: '2026-12-31' })
    expect(periodStart('month', '2026-03-31')).toBe('2026-03-01')
    expect(periodEnd('day', '2026-03-31')).toBe('2026-03-31')
  })

  it('steps back to the previous period and lists the periods of a trend, oldest first', () => {
    expect(previousPeriod(periodOf('half_month', '2026-11-03'))).toEqual({
      kind: 'half_month',
      from: '2026-10-16',
      to: '2026-10-31',
    })
    expect(previousPeriod({ kind: 'custom', from: '2026-11-10', to: '2026-11-19' })).toEqual({
      kind: 'custom',
      from: '2026-10-31',
      to: '2026-11-09',
    })
    expect(periodsEnding('month', '2026-02-10', 3).map((p) => p.from)).toEqual([
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ])
  })

  it('labels periods the way bulletins name them', () => {
    expect(periodLabel(periodOf('half_month', '2026-11-20'))).toBe('2026年11月下半月')
    expect(periodLabel(periodOf('quarter', '2026-11-20'), 'en')).toBe('2026 Q4')
  })
})
