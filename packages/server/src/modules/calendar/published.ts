import { createRequire } from 'node:module'
import type { TCalendarDay } from '@onegrid/core/api/calendar'

/** The `chinese-days` data file: date → "English name,中文名,n" for days off and make-up working days. */
type ChineseDaysData = { holidays: Record<string, string>; workdays: Record<string, string> }

const require = createRequire(import.meta.url)

function nameOf(entry: string): string {
  // "National Day,国庆节,3": the Chinese name is the second field.
  return entry.split(',')[1]?.trim().slice(0, 20) ?? ''
}

/**
 * The State Council's holiday schedules as packaged in `chinese-days` (国务院办公厅
 * 关于部分节假日安排的通知, one per year). A newer package version brings a newly
 * published year; the calendar module loads years it does not have yet at start.
 */
export function publishedSchedules(): Map<number, TCalendarDay[]> {
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData
  const years = new Map<number, TCalendarDay[]>()
  const add = (date: string, kind: TCalendarDay['kind'], entry: string) => {
    const year = Number(date.slice(0, 4))
    const days = years.get(year) ?? []
    days.push({ date, kind, name: nameOf(entry) })
    years.set(year, days)
  }
  for (const [date, entry] of Object.entries(data.holidays)) add(date, 'holiday', entry)
  for (const [date, entry] of Object.entries(data.workdays)) add(date, 'workday', entry)
  for (const days of years.values()) days.sort((a, b) => a.date.localeCompare(b.date))
  return years
}
