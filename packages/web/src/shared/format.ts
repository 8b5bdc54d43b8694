import type { AppLocale } from './i18n/locale.ts'

const dateTimeOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
}

/** The platform's time zone: Chinese jurisdictions keep Beijing time whatever the browser says. */
export const platformTimeZone = 'Asia/Shanghai'

/** Date and time; pass `timeZone` for records that must read the same everywhere (audit, cases). */
export function formatDateTime(value: string | Date, locale: AppLocale, timeZone?: string): string {
  const date = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(date.getTime())) return String(value)
  return new Intl.DateTimeFormat(locale, { ...dateTimeOptions, ...(timeZone ? { timeZone } : {}) }).format(
    date,
  )
}

export function formatTime(value: string | Date, locale: AppLocale): string {
  const date = typeof value === 'string' ? new Date(value) : value
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date)
}

export function formatDate(value: Date, locale: AppLocale): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(value)
}

/**
 * The wall-clock time a picker shows (in the browser's zone) read as Beijing time, as an ISO
 * instant with its offset: what a user picks in a table that shows Beijing time means Beijing time.
 */
export function wallClockAsBeijing(value: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const date = `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
  const time = `${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`
  return `${date}T${time}+08:00`
}
