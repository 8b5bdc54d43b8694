import type { TKpiValue, TPeriod } from '@onegrid/core/api/stats'
import { isKpiKey, type KpiDefinition, kpiDefinition } from '@onegrid/core/stats/kpis'
import { periodLabel } from '@onegrid/core/stats/periods'
import type { AppLocale } from '../i18n/locale.ts'

/**
 * Words and numbers of the statistics pages (the console's dashboard and the big screen): a KPI's value as
 * people read it, its numerator and denominator, its change against the previous period (环比), and its
 * name and formula from the one list of definitions (core/stats/kpis.ts).
 */

export type KpiChange = {
  /** Which way the value moved; null when there is nothing to compare with. */
  direction: 'up' | 'down' | 'flat' | null
  /** Whether the move is for the better (the KPI's `better`); null when flat or not comparable. */
  good: boolean | null
  /** "+2.35 pp" for a rate (percentage points), "+12.5%" for a count or hours (relative, "—" from 0); "" when none. */
  text: string
}

/** The definition of a KPI the server named, or null for a key this build does not know. */
export function definitionOf(key: string): KpiDefinition | null {
  return isKpiKey(key) ? kpiDefinition(key) : null
}

/** The KPI's name in the page's language (the key itself for an unknown one). */
export function kpiName(key: string, locale: AppLocale): string {
  const def = definitionOf(key)
  if (!def) return key
  return locale === 'en' ? def.name.en : def.name.zh
}

/** The formula in words, shown on hover. */
export function kpiFormula(key: string, locale: AppLocale): string {
  const def = definitionOf(key)
  if (!def) return ''
  return locale === 'en' ? def.formula.en : def.formula.zh
}

const grouped = (locale: AppLocale, digits = 0) =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })

/** A count with thousands separators, a rate with two decimals and %, hours with one decimal; "—" for none. */
export function formatKpiValue(kpi: Pick<TKpiValue, 'kind' | 'value'>, locale: AppLocale): string {
  if (kpi.value === null) return '—'
  switch (kpi.kind) {
    case 'count':
      return grouped(locale).format(kpi.value)
    case 'rate':
      return `${kpi.value.toFixed(2)}%`
    case 'hours':
      return kpi.value.toFixed(1)
  }
}

/** "172,673 / 176,250" for a rate or hours (their count of cases), null for a count, which is its own numerator. */
export function formatFraction(kpi: TKpiValue, locale: AppLocale): string | null {
  if (kpi.kind === 'count' || kpi.denominator === null) return null
  const n = grouped(locale)
  // Hours: the numerator is seconds; what matters beside the mean is how many cases it is over.
  if (kpi.kind === 'hours') return n.format(kpi.denominator)
  return `${n.format(kpi.numerator)} / ${n.format(kpi.denominator)}`
}

const signed = (value: number, digits: number) => `${value > 0 ? '+' : ''}${value.toFixed(digits)}`

/** The change from the previous period (环比): points for a rate, a relative change for counts and hours. */
export function kpiChange(current: TKpiValue, previous: TKpiValue | undefined): KpiChange {
  const none: KpiChange = { direction: null, good: null, text: '' }
  if (!previous || current.value === null || previous.value === null) return none
  const better = definitionOf(current.key)?.better ?? 'higher'
  const diff = current.value - previous.value
  const direction = Math.abs(diff) < 1e-9 ? 'flat' : diff > 0 ? 'up' : 'down'
  const good = direction === 'flat' ? null : (direction === 'up') === (better === 'higher')
  if (current.kind === 'rate') return { direction, good, text: `${signed(diff, 2)} pp` }
  // From nothing, a relative change means nothing: 环比 is shown as a dash, the arrow still says which way.
  if (previous.value === 0) return { direction, good, text: direction === 'flat' ? '0' : '—' }
  return { direction, good, text: `${signed((diff / previous.value) * 100, 1)}%` }
}

/** A period as people name it in the page's language (2026年11月, 2026-11; 2026年11月上半月, 2026-11 H1…). */
export function periodText(period: TPeriod, locale: AppLocale): string {
  return periodLabel(period, locale === 'en' ? 'en' : 'zh')
}

/** The value of one key in a list the server answered (tiles, today, a trend point). */
export function findKpi(list: readonly TKpiValue[], key: string): TKpiValue | undefined {
  return list.find((k) => k.key === key)
}

/** How late a case is: whole days from one day on, else whole hours (at least 1); null when not yet due. */
export function lateness(dueAt: string, now: Date): { unit: 'days' | 'hours'; n: number } | null {
  const ms = now.getTime() - new Date(dueAt).getTime()
  if (!(ms > 0)) return null
  const hours = ms / 3_600_000
  return hours >= 24
    ? { unit: 'days', n: Math.floor(hours / 24) }
    : { unit: 'hours', n: Math.max(1, Math.floor(hours)) }
}

type Share = { key: string; name: string; count: number; percent: number }

/** The largest `top` shares, the rest summed into one named `others` (so a legend fits beside its ring). */
export function topShares(rows: readonly Share[], top: number, others: string): Share[] {
  const sorted = [...rows].sort((a, b) => b.count - a.count)
  if (sorted.length <= top + 1) return sorted
  const rest = sorted.slice(top)
  return [
    ...sorted.slice(0, top),
    {
      key: 'others',
      name: others,
      count: rest.reduce((s, r) => s + r.count, 0),
      percent: Math.round(rest.reduce((s, r) => s + r.percent, 0) * 100) / 100,
    },
  ]
}
