/**
 * Test data: the State Council holiday schedules for 2025 and 2026, copied by hand from the
 * table in standards.md §7 (as in `chinese-days` 1.5.7). Plain data on purpose, so that tests
 * check the counting against dates written out, not against a second computation.
 */
import type { CalendarDay } from './calendar.ts'

export const days2025: readonly CalendarDay[] = [
  { date: '2025-01-01', kind: 'holiday', name: '元旦' },

  { date: '2025-01-26', kind: 'workday', name: '春节' },
  { date: '2025-01-28', kind: 'holiday', name: '春节' },
  { date: '2025-01-29', kind: 'holiday', name: '春节' },
  { date: '2025-01-30', kind: 'holiday', name: '春节' },
  { date: '2025-01-31', kind: 'holiday', name: '春节' },
  { date: '2025-02-01', kind: 'holiday', name: '春节' },
  { date: '2025-02-02', kind: 'holiday', name: '春节' },
  { date: '2025-02-03', kind: 'holiday', name: '春节' },
  { date: '2025-02-04', kind: 'holiday', name: '春节' },
  { date: '2025-02-08', kind: 'workday', name: '春节' },

  { date: '2025-04-04', kind: 'holiday', name: '清明节' },
  { date: '2025-04-05', kind: 'holiday', name: '清明节' },
  { date: '2025-04-06', kind: 'holiday', name: '清明节' },

  { date: '2025-04-27', kind: 'workday', name: '劳动节' },
  { date: '2025-05-01', kind: 'holiday', name: '劳动节' },
  { date: '2025-05-02', kind: 'holiday', name: '劳动节' },
  { date: '2025-05-03', kind: 'holiday', name: '劳动节' },
  { date: '2025-05-04', kind: 'holiday', name: '劳动节' },
  { date: '2025-05-05', kind: 'holiday', name: '劳动节' },

  { date: '2025-05-31', kind: 'holiday', name: '端午节' },
  { date: '2025-06-01', kind: 'holiday', name: '端午节' },
  { date: '2025-06-02', kind: 'holiday', name: '端午节' },

  { date: '2025-09-28', kind: 'workday', name: '国庆节、中秋节' },
  { date: '2025-10-01', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-02', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-03', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-04', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-05', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-06', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-07', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-08', kind: 'holiday', name: '国庆节、中秋节' },
  { date: '2025-10-11', kind: 'workday', name: '国庆节、中秋节' },
]

export const days2026: readonly CalendarDay[] = [
  { date: '2026-01-01', kind: 'holiday', name: '元旦' },
  { date: '2026-01-02', kind: 'holiday', name: '元旦' },
  { date: '2026-01-03', kind: 'holiday', name: '元旦' },
  { date: '2026-01-04', kind: 'workday', name: '元旦' },

  { date: '2026-02-14', kind: 'workday', name: '春节' },
  { date: '2026-02-15', kind: 'holiday', name: '春节' },
  { date: '2026-02-16', kind: 'holiday', name: '春节' },
  { date: '2026-02-17', kind: 'holiday', name: '春节' },
  { date: '2026-02-18', kind: 'holiday', name: '春节' },
  { date: '2026-02-19', kind: 'holiday', name: '春节' },
  { date: '2026-02-20', kind: 'holiday', name: '春节' },
  { date: '2026-02-21', kind: 'holiday', name: '春节' },
  { date: '2026-02-22', kind: 'holiday', name: '春节' },
  { date: '2026-02-23', kind: 'holiday', name: '春节' },
  { date: '2026-02-28', kind: 'workday', name: '春节' },

  { date: '2026-04-04', kind: 'holiday', name: '清明节' },
  { date: '2026-04-05', kind: 'holiday', name: '清明节' },
  { date: '2026-04-06', kind: 'holiday', name: '清明节' },

  { date: '2026-05-01', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-02', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-03', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-04', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-05', kind: 'holiday', name: '劳动节' },
  { date: '2026-05-09', kind: 'workday', name: '劳动节' },

  { date: '2026-06-19', kind: 'holiday', name: '端午节' },
  { date: '2026-06-20', kind: 'holiday', name: '端午节' },
  { date: '2026-06-21', kind: 'holiday', name: '端午节' },

  { date: '2026-09-25', kind: 'holiday', name: '中秋节' },
  { date: '2026-09-26', kind: 'holiday', name: '中秋节' },
  { date: '2026-09-27', kind: 'holiday', name: '中秋节' },

  { date: '2026-09-20', kind: 'workday', name: '国庆节' },
  { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-03', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-04', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-05', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-06', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-07', kind: 'holiday', name: '国庆节' },
  { date: '2026-10-10', kind: 'workday', name: '国庆节' },
]

/** Local Asia/Shanghai wall time 'YYYY-MM-DD HH:MM' as an instant (ISO string with +08:00). */
export function at(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`)
}

/**
 * An instant as 'Www YYYY-MM-DD HH:MM' in Asia/Shanghai. The weekday makes a wrong hand count
 * show at once. 24:00 of a day shows as 00:00 of the next.
 */
export function local(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000)
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][shifted.getUTCDay()]
  return `${weekday} ${shifted.toISOString().slice(0, 16).replace('T', ' ')}`
}
