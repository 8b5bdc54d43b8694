import type { TTopologyKind, TTopologyProblem } from '@onegrid/core/api/grids'
import type { AppLocale } from '../../../shared/i18n/locale.ts'
import { splitArea } from '../../../shared/map/geometry.ts'

/** An area in m² as people read it: "86,000 m²" under a km², "1.23 km²" from there on. */
export function formatArea(m2: number, locale: AppLocale): string {
  const { value, unit } = splitArea(m2)
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 'km2' ? 2 : 0 }).format(
    value,
  )
  return `${number} ${unit === 'km2' ? 'km²' : 'm²'}`
}

/** The day of an instant in Beijing: boundaries take effect on a day people name. */
export function formatDay(iso: string, locale: AppLocale): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date)
}

export function formatCount(n: number | null, locale: AppLocale): string {
  return n === null ? '—' : new Intl.NumberFormat(locale).format(n)
}

/** The message key and its values for one problem of a topology report; names where known, else codes. */
export function problemText(
  problem: TTopologyProblem,
  nameOf: (code: string) => string | undefined,
  locale: AppLocale,
): { key: `console.gridMap.topology.text.${TTopologyKind}`; params: Record<string, string> } {
  const label = (code: string | undefined) => (code ? (nameOf(code) ?? code) : '—')
  return {
    key: `console.gridMap.topology.text.${problem.kind}`,
    params: {
      a: label(problem.codes[0]),
      b: label(problem.codes[1]),
      area: problem.areaM2 === null ? '—' : formatArea(problem.areaM2, locale),
    },
  }
}

/** Problems most worth a look first: overlaps and bad shapes, then gaps and parts outside, largest first. */
export function sortProblems(problems: readonly TTopologyProblem[]): TTopologyProblem[] {
  const rank: Record<TTopologyKind, number> = {
    invalid_geometry: 0,
    missing_geometry: 1,
    overlap: 2,
    outside_parent: 3,
    gap: 4,
    sliver: 5,
  }
  return [...problems].sort((a, b) => rank[a.kind] - rank[b.kind] || (b.areaM2 ?? 0) - (a.areaM2 ?? 0))
}

/**
 * A wall-clock time in Beijing as a Date whose local fields show it, for a picker's initial value: what
 * the picker shows is read back as Beijing time (`wallClockAsBeijing`).
 */
export function beijingWallClock(now: Date): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now)
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return new Date(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
}
