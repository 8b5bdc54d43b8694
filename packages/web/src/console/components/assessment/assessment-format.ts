import type { AppLocale } from '../../../shared/i18n/locale.ts'

/** The month (YYYY-MM) of an instant in Beijing time. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7)
}

/** A grade's badge colour: A green … E red; not graded grey. */
export const gradeColours: Record<string, string> = {
  A: '#15803d',
  B: '#2563eb',
  C: '#b45309',
  D: '#ea580c',
  E: '#dc2626',
  none: '#94a3b8',
}

/** A bilingual text of the server (an indicator's name) in the page's language. */
export const inLocale = (text: { zh: string; en: string }, locale: AppLocale) =>
  locale === 'en' ? text.en : text.zh

/** A score or composite with two decimals, or a dash without data. */
export const scoreText = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : n.toFixed(2)

/** An indicator's value: a rate as a percentage, a count as it is. */
export function valueText(kind: 'rate' | 'count', value: number | null): string {
  if (value === null) return '—'
  return kind === 'rate' ? `${value.toFixed(2)}%` : String(value)
}
