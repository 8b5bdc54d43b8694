import type { TGridType } from '@onegrid/core/api/grids'
import type { PathOptions } from 'leaflet'

/** What the grids on the map are coloured by. */
export type ColourMode = 'type' | 'households' | 'load'

export const typeColours: Record<TGridType, string> = { basic: '#3b82f6', dedicated: '#f59e0b' }
/** Light to dark: more households, darker. */
export const householdPalette = ['#dbeafe', '#93c5fd', '#60a5fa', '#2563eb', '#1e3a8a'] as const
/** Households per grid worker: comfortable, busy, heavy, overloaded. */
export const loadPalette = ['#22c55e', '#eab308', '#f97316', '#dc2626'] as const
export const noDataColour = '#cbd5e1'

/** A legend line: a swatch and what it stands for, as data the template puts into words. */
export type LegendItem =
  | { colour: string; kind: 'type'; type: TGridType }
  | { colour: string; kind: 'below'; n: number }
  | { colour: string; kind: 'between'; from: number; to: number }
  | { colour: string; kind: 'above'; n: number }
  | { colour: string; kind: 'noData' }
  | { colour: string; kind: 'unstaffed' }

/** Rounds a break to two significant digits, so the legend reads 120–250, not 117–253. */
export function niceNumber(value: number): number {
  if (value <= 0) return 0
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(value)) - 1)
  return Math.round(value / magnitude) * magnitude
}

/**
 * Class breaks for a choropleth: quantiles of the values, rounded to nice numbers, strictly increasing.
 * `classes` colours need `classes - 1` breaks; fewer come back when the values do not spread that far.
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return []
  const breaks: number[] = []
  for (let i = 1; i < classes; i++) {
    const value = niceNumber(
      sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / classes))] ?? 0,
    )
    const last = breaks.at(-1)
    if (value > (last ?? sorted[0] ?? 0) && value <= (sorted.at(-1) ?? 0)) breaks.push(value)
  }
  return breaks
}

/** The class of a value: 0 below the first break, n at or above the n-th. */
export function classOf(value: number, breaks: readonly number[]): number {
  let index = 0
  while (index < breaks.length && value >= (breaks[index] ?? Number.POSITIVE_INFINITY)) index++
  return index
}

/** The legend of a choropleth with these breaks and colours (one more colour than breaks is used). */
export function rangeLegend(breaks: readonly number[], palette: readonly string[]): LegendItem[] {
  const colours = spreadPalette(palette, breaks.length + 1)
  if (breaks.length === 0) return colours[0] ? [{ colour: colours[0], kind: 'above', n: 0 }] : []
  return colours.map((colour, i): LegendItem => {
    if (i === 0) return { colour, kind: 'below', n: breaks[0] ?? 0 }
    if (i === breaks.length) return { colour, kind: 'above', n: breaks[i - 1] ?? 0 }
    return { colour, kind: 'between', from: breaks[i - 1] ?? 0, to: breaks[i] ?? 0 }
  })
}

/** `count` colours of a palette spread from its lightest to its darkest. */
export function spreadPalette(palette: readonly string[], count: number): string[] {
  if (count >= palette.length) return [...palette]
  if (count <= 1) return palette.slice(-1)
  return Array.from(
    { length: count },
    (_, i) => palette[Math.round((i * (palette.length - 1)) / (count - 1))] ?? '',
  )
}

/**
 * Households per grid worker at which a grid is busy, at the limit, far over it: from 60 % of the
 * configured limit, the limit itself, and half as much again.
 */
export function loadBreaksFor(maxHouseholds: number): number[] {
  return [niceNumber(maxHouseholds * 0.6), maxHouseholds, niceNumber(maxHouseholds * 1.5)]
}

/** A grid without any grid worker: not a load but a gap in the network's staffing. */
export const unstaffedColour = '#7c3aed'

/** A filled shape's style for a colour, with thin light borders so neighbours stay apart. */
export function fillStyle(colour: string): PathOptions {
  return { fillColor: colour, fillOpacity: 0.62, color: '#ffffff', weight: 0.8, opacity: 1 }
}
