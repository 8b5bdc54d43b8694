import { describe, expect, it } from 'vitest'
import { formatLimit, parseLimit } from './limit-text.ts'

describe('time limits as written in a spreadsheet', () => {
  it('reads the ways an office writes them', () => {
    expect(parseLimit('3工作日')).toEqual({ amount: 3, unit: 'working_days' })
    expect(parseLimit('3 个工作日')).toEqual({ amount: 3, unit: 'working_days' })
    expect(parseLimit('2工作小时')).toEqual({ amount: 2, unit: 'working_hours' })
    expect(parseLimit('0.5小时')).toEqual({ amount: 0.5, unit: 'natural_hours' })
    expect(parseLimit('24h')).toEqual({ amount: 24, unit: 'natural_hours' })
    expect(parseLimit('7天')).toEqual({ amount: 7, unit: 'natural_days' })
    expect(parseLimit('7自然日')).toEqual({ amount: 7, unit: 'natural_days' })
  })

  it('refuses what is not a limit', () => {
    for (const bad of ['', '三天', '3', '3周', '0工作日', '1.5工作日', '-2小时', '工作日3'])
      expect(parseLimit(bad), bad).toBeNull()
  })

  it('writes what it reads', () => {
    for (const text of ['3工作日', '2工作小时', '0.25小时', '7自然日'])
      expect(formatLimit(parseLimit(text) ?? { amount: 0, unit: 'natural_days' })).toBe(text)
  })
})
