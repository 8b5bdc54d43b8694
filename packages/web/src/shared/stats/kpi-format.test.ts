import type { TKpiValue } from '@onegrid/core/api/stats'
import { describe, expect, it } from 'vitest'
import {
  findKpi,
  formatFraction,
  formatKpiValue,
  kpiChange,
  kpiFormula,
  kpiName,
  lateness,
  periodText,
  topShares,
} from './kpi-format.ts'

const rate = (key: string, value: number | null, numerator: number, denominator: number): TKpiValue => ({
  key,
  kind: 'rate',
  value,
  numerator,
  denominator,
  smallSample: false,
})
const count = (key: string, value: number): TKpiValue => ({
  key,
  kind: 'count',
  value,
  numerator: value,
  denominator: null,
  smallSample: false,
})

describe('KPI words and numbers', () => {
  it('names a KPI and its formula in the page’s language', () => {
    expect(kpiName('handlingRate', 'zh-CN')).toBe('处置率')
    expect(kpiName('handlingRate', 'en')).toBe('Handling rate')
    expect(kpiFormula('handlingRate', 'zh-CN')).toBe('处置数 ÷ 应处置数')
    expect(kpiName('notAKpi', 'zh-CN')).toBe('notAKpi')
    expect(kpiFormula('notAKpi', 'en')).toBe('')
  })

  it('shows counts grouped, rates with two decimals and the seeds’ fraction beside them', () => {
    const tongzhou = rate('handlingRate', 97.97, 172_673, 176_250)
    expect(formatKpiValue(tongzhou, 'zh-CN')).toBe('97.97%')
    expect(formatFraction(tongzhou, 'zh-CN')).toBe('172,673 / 176,250')
    expect(formatKpiValue(count('reported', 375_967), 'en')).toBe('375,967')
    expect(formatFraction(count('reported', 3), 'en')).toBeNull()
    expect(formatKpiValue(rate('handlingRate', null, 0, 0), 'zh-CN')).toBe('—')
    const hours: TKpiValue = {
      key: 'avgHandlingHours',
      kind: 'hours',
      value: 12.46,
      numerator: 4_000_000,
      denominator: 90,
      smallSample: false,
    }
    expect(formatKpiValue(hours, 'zh-CN')).toBe('12.5')
    expect(formatFraction(hours, 'zh-CN')).toBe('90')
  })

  it('compares with the previous period, for the better or the worse', () => {
    expect(kpiChange(rate('handlingRate', 97.97, 1, 1), rate('handlingRate', 95.5, 1, 1))).toEqual({
      direction: 'up',
      good: true,
      text: '+2.47 pp',
    })
    // Fewer returns is better.
    expect(kpiChange(rate('returnRate', 2, 1, 1), rate('returnRate', 4, 1, 1))).toEqual({
      direction: 'down',
      good: true,
      text: '-2.00 pp',
    })
    expect(kpiChange(count('reported', 120), count('reported', 100))).toEqual({
      direction: 'up',
      good: true,
      text: '+20.0%',
    })
    expect(kpiChange(count('reported', 5), count('reported', 5)).direction).toBe('flat')
    expect(kpiChange(count('reported', 5), count('reported', 0)).text).toBe('—')
    expect(kpiChange(count('reported', 5), undefined).direction).toBeNull()
    expect(kpiChange(rate('handlingRate', null, 0, 0), rate('handlingRate', 90, 9, 10)).direction).toBeNull()
  })

  it('finds a KPI by key', () => {
    const list = [count('reported', 1), rate('handlingRate', 50, 1, 2)]
    expect(findKpi(list, 'handlingRate')?.value).toBe(50)
    expect(findKpi(list, 'closed')).toBeUndefined()
  })
})

describe('lateness', () => {
  const now = new Date('2026-11-24T12:00:00+08:00')
  it('counts whole days, or hours within the first day', () => {
    expect(lateness('2026-11-21T09:00:00+08:00', now)).toEqual({ unit: 'days', n: 3 })
    expect(lateness('2026-11-24T09:30:00+08:00', now)).toEqual({ unit: 'hours', n: 2 })
    expect(lateness('2026-11-24T11:50:00+08:00', now)).toEqual({ unit: 'hours', n: 1 })
    expect(lateness('2026-11-25T09:00:00+08:00', now)).toBeNull()
  })
})

describe('shares', () => {
  const share = (key: string, count: number, percent: number) => ({ key, name: key, count, percent })
  it('keeps the largest and sums the rest', () => {
    const rows = [share('a', 5, 50), share('b', 1, 10), share('c', 3, 30), share('d', 1, 10)]
    expect(topShares(rows, 2, '其他')).toEqual([
      share('a', 5, 50),
      share('c', 3, 30),
      { key: 'others', name: '其他', count: 2, percent: 20 },
    ])
    // One left over is shown as itself.
    expect(topShares(rows, 3, '其他').map((r) => r.key)).toEqual(['a', 'c', 'b', 'd'])
  })
})

describe('periods', () => {
  it('names a period in the page’s language', () => {
    const month = { kind: 'month' as const, from: '2026-11-01', to: '2026-11-30', label: '2026年11月' }
    expect(periodText(month, 'zh-CN')).toBe('2026年11月')
    expect(periodText(month, 'en')).toBe('2026-11')
    const half = { kind: 'half_month' as const, from: '2026-11-16', to: '2026-11-30', label: '' }
    expect(periodText(half, 'zh-CN')).toBe('2026年11月下半月')
  })
})
