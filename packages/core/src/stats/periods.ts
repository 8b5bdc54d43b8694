import { addDays, type IsoDate } from '../time/calendar.ts'

/**
 * Reporting periods. The standard kinds are what districts report by (日报、周报、
 * 半月通报、月报、季报、年报); their counts are kept in rollups per period. A custom
 * period is any range of days, computed from the case facts directly.
 * Days are dates in Asia/Shanghai; a period includes its first and last day.
 */
export const periodKinds = ['day', 'week', 'half_month', 'month', 'quarter', 'year'] as const
export type PeriodKind = (typeof periodKinds)[number]

export const periodKindNames: Record<PeriodKind | 'custom', { zh: string; en: string }> = {
  day: { zh: '日', en: 'Day' },
  week: { zh: '周', en: 'Week' },
  half_month: { zh: '半月', en: 'Half month' },
  month: { zh: '月', en: 'Month' },
  quarter: { zh: '季度', en: 'Quarter' },
  year: { zh: '年', en: 'Year' },
  custom: { zh: '自定义', en: 'Custom' },
}

export type Period = { kind: PeriodKind | 'custom'; from: IsoDate; to: IsoDate }

const pad = (n: number) => String(n).padStart(2, '0')

function parts(day: IsoDate): { y: number; m: number; d: number } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return { y, m, d }
}

function lastOfMonth(y: number, m: number): IsoDate {
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`
}

/** The first day of the period of this kind that contains `day` (weeks start on Monday, ISO). */
export function periodStart(kind: PeriodKind, day: IsoDate): IsoDate {
  const { y, m, d } = parts(day)
  switch (kind) {
    case 'day':
      return day
    case 'week': {
      const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
      return addDays(day, -weekday)
    }
    case 'half_month':
      return `${y}-${pad(m)}-${d <= 15 ? '01' : '16'}`
    case 'month':
      return `${y}-${pad(m)}-01`
    case 'quarter':
      return `${y}-${pad(m - ((m - 1) % 3))}-01`
    case 'year':
      return `${y}-01-01`
  }
}

/** The last day of the period of this kind that contains `day`. */
export function periodEnd(kind: PeriodKind, day: IsoDate): IsoDate {
  const start = periodStart(kind, day)
  const { y, m } = parts(start)
  switch (kind) {
    case 'day':
      return start
    case 'week':
      return addDays(start, 6)
    case 'half_month':
      return start.endsWith('-01') ? `${y}-${pad(m)}-15` : lastOfMonth(y, m)
    case 'month':
      return lastOfMonth(y, m)
    case 'quarter':
      return lastOfMonth(y, m + 2)
    case 'year':
      return `${y}-12-31`
  }
}

/** The standard period of this kind containing `day`. */
export function periodOf(kind: PeriodKind, day: IsoDate): Period {
  return { kind, from: periodStart(kind, day), to: periodEnd(kind, day) }
}

/** The period just before (for 环比, the comparison with the previous period). */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'custom') {
    const days = daysBetween(p.from, p.to) + 1
    return { kind: 'custom', from: addDays(p.from, -days), to: addDays(p.from, -1) }
  }
  return periodOf(p.kind, addDays(p.from, -1))
}

/** The `count` periods of this kind ending with the one containing `day`, oldest first (trends). */
export function periodsEnding(kind: PeriodKind, day: IsoDate, count: number): Period[] {
  const out: Period[] = []
  let at = day
  for (let i = 0; i < count; i++) {
    const p = periodOf(kind, at)
    out.unshift(p)
    at = addDays(p.from, -1)
  }
  return out
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** A short label: 2026-11 上半月, 2026-W47, 2026 Q4… */
export function periodLabel(p: Period, lang: 'zh' | 'en' = 'zh'): string {
  const { y, m, d } = parts(p.from)
  switch (p.kind) {
    case 'day':
      return p.from
    case 'week':
      return lang === 'zh' ? `${p.from} 起一周` : `Week of ${p.from}`
    case 'half_month':
      return lang === 'zh'
        ? `${y}年${m}月${d === 1 ? '上' : '下'}半月`
        : `${y}-${pad(m)} ${d === 1 ? 'H1' : 'H2'}`
    case 'month':
      return lang === 'zh' ? `${y}年${m}月` : `${y}-${pad(m)}`
    case 'quarter':
      return lang === 'zh' ? `${y}年第${(m + 2) / 3}季度` : `${y} Q${(m + 2) / 3}`
    case 'year':
      return lang === 'zh' ? `${y}年` : String(y)
    case 'custom':
      return `${p.from} – ${p.to}`
  }
}
