import type { AppLocale } from '../../../shared/i18n/locale.ts'

/** Words and numbers of the 巡查考勤 pages, in Beijing time whatever the browser's zone. */

const beijing = 'Asia/Shanghai'

/** 09:05, Beijing time. */
export function clockTime(iso: string, locale: AppLocale): string {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: beijing,
  }).format(new Date(iso))
}

/** The calendar day in China (UTC+8) of an instant, YYYY-MM-DD. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** YYYY-MM of an instant in China. */
export function chinaMonth(at: Date): string {
  return chinaDay(at).slice(0, 7)
}

/** The first and last day of a month (YYYY-MM), the last never after `today` when given. */
export function monthRange(month: string, today?: string): { from: string; to: string } {
  const [y = 1970, m = 1] = month.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
  const from = `${month}-01`
  const to = today && today < last && today >= from ? today : last
  return { from, to }
}

export const km = (metres: number, digits = 1): string => (metres / 1000).toFixed(digits)

export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`

/** Whole minutes from `iso` to `now`, never below zero. */
export function minutesSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000))
}

/** Hours and minutes of a duration, e.g. { h: 1, m: 5 }. */
export function hoursMinutes(seconds: number): { h: number; m: number } {
  const minutes = Math.round(seconds / 60)
  return { h: Math.floor(minutes / 60), m: minutes % 60 }
}

/** Distinct colours for the tracks of one day. */
export const trackColours = ['#f97316', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ca8a04'] as const
export const trackColour = (i: number): string => trackColours[i % trackColours.length] ?? '#f97316'

export const spotColours = {
  onDuty: '#16a34a',
  inside: '#16a34a',
  outside: '#ea580c',
  case: '#dc2626',
  visit: '#2563eb',
} as const

/** Coverage bands of the calendar heat map, lowest first (share of the grid, 0..1). */
export const coverageBands = [
  { min: 0, max: 0.0001, colour: '#f3f4f6' },
  { min: 0.0001, max: 0.25, colour: '#dbeafe' },
  { min: 0.25, max: 0.5, colour: '#93c5fd' },
  { min: 0.5, max: 0.75, colour: '#3b82f6' },
  { min: 0.75, max: 1.0001, colour: '#1d4ed8' },
] as const

export function coverageColour(share: number, patrolled: boolean): string {
  if (!patrolled && share === 0) return coverageBands[0].colour
  return coverageBands.find((b) => share >= b.min && share < b.max)?.colour ?? coverageBands[4].colour
}
