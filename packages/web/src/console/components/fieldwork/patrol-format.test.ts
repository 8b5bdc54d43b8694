import { describe, expect, it } from 'vitest'
import {
  chinaDay,
  clockTime,
  coverageColour,
  hoursMinutes,
  minutesSince,
  monthRange,
  percent,
} from './patrol-format.ts'

describe('patrol words and numbers', () => {
  it('reads times and days in Beijing time', () => {
    expect(clockTime('2026-12-01T01:05:00Z', 'zh-CN')).toBe('09:05')
    expect(chinaDay(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01')
  })

  it('spans a month, never past today', () => {
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(monthRange('2026-12', '2026-12-17')).toEqual({ from: '2026-12-01', to: '2026-12-17' })
    expect(monthRange('2026-11', '2026-12-17')).toEqual({ from: '2026-11-01', to: '2026-11-30' })
  })

  it('says coverage, minutes and durations as people read them', () => {
    expect(percent(0.0603)).toBe('6.0%')
    expect(minutesSince('2026-12-01T09:00:00+08:00', new Date('2026-12-01T09:07:59+08:00'))).toBe(7)
    expect(hoursMinutes(3_900)).toEqual({ h: 1, m: 5 })
    expect(coverageColour(0, false)).toBe('#f3f4f6')
    expect(coverageColour(0.8, true)).toBe('#1d4ed8')
    expect(coverageColour(0.3, true)).toBe('#93c5fd')
  })
})
