import { describe, expect, it } from 'vitest'
import {
  applyChanges,
  countWorkingDays,
  type DayChange,
  dayInfos,
  formatDeadline,
  monthWeeks,
  neighbourName,
  nextState,
  yearChoices,
} from './calendar-grid.ts'

describe('the calendar’s year view', () => {
  it('lays a month out in weeks starting on Monday', () => {
    // 2026-10-01 is a Thursday.
    const weeks = monthWeeks(2026, 10)
    expect(weeks[0]).toEqual([null, null, null, '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04'])
    expect(weeks.at(-1)).toEqual([
      '2026-10-26',
      '2026-10-27',
      '2026-10-28',
      '2026-10-29',
      '2026-10-30',
      '2026-10-31',
      null,
    ])
    expect(weeks.flat().filter(Boolean)).toHaveLength(31)
    // 2024-02 has 29 days and starts on a Thursday.
    expect(monthWeeks(2024, 2).flat().filter(Boolean)).toHaveLength(29)
  })

  it('cycles default → 休 → 班 → default, with 班 only on a weekend', () => {
    expect(nextState('default', '2026-10-10')).toBe('holiday')
    expect(nextState('holiday', '2026-10-10')).toBe('workday')
    expect(nextState('workday', '2026-10-10')).toBe('default')
    // A Thursday: a make-up working day makes no sense.
    expect(nextState('holiday', '2026-10-01')).toBe('default')
  })

  it('applies pending changes to the saved list and counts working days', () => {
    const saved = [
      { date: '2026-10-01', kind: 'holiday' as const, name: '国庆节' },
      { date: '2026-10-10', kind: 'workday' as const, name: '' },
    ]
    const changes = new Map<string, DayChange>([
      ['2026-10-10', { state: 'default', name: '' }],
      ['2026-10-02', { state: 'holiday', name: ' 国庆节 ' }],
    ])
    expect(applyChanges(saved, changes)).toEqual([
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
    ])
    // 2026 has 261 weekdays.
    expect(countWorkingDays(2026, [])).toBe(261)
    expect(countWorkingDays(2026, saved)).toBe(261)
    expect(countWorkingDays(2026, applyChanges(saved, changes))).toBe(259)
  })

  it('shows pending changes over saved days and guesses a holiday’s name from its neighbours', () => {
    const infos = dayInfos(
      [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }],
      new Map([['2026-10-03', { state: 'workday', name: '' }]]),
    )
    expect(infos.get('2026-10-01')).toEqual({ state: 'holiday', name: '国庆节', pending: false })
    expect(infos.get('2026-10-03')?.pending).toBe(true)
    expect(neighbourName(infos, '2026-10-02')).toBe('国庆节')
    expect(neighbourName(infos, '2026-10-20')).toBe('')
  })

  it('offers known years, this year and the next', () => {
    expect(yearChoices([2025, 2026], 2026, 2026)).toEqual([2025, 2026, 2027])
    expect(yearChoices([2025], 2026, 2030)).toEqual([2025, 2026, 2027, 2030])
  })

  it('writes deadlines in Beijing time with the weekday', () => {
    expect(formatDeadline('2026-10-10T09:30:00Z', 'zh-CN')).toBe('2026/10/10 周六 17:30')
    expect(formatDeadline('2026-10-10T09:30:00Z', 'en')).toBe('10/10/2026 Sat 17:30')
  })
})
