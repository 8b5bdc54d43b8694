import type { TCampaignFigures } from '@onegrid/core/api/campaigns'
import type { CampaignPriority } from '@onegrid/core/campaigns/templates'
import type { ProgressLevel } from '../../../shared/api/campaigns.ts'

/**
 * How a campaign's figures read on the list and the progress page: percentages, the completion
 * colours of the map and their legend, the level below an area, and the tag types of priorities.
 */

/** Completion classes, low to high: under 20 %, 20–50, 50–80, 80–100, all done. */
export const completionBreaks = [20, 50, 80, 100] as const
export const completionPalette = ['#dc2626', '#f97316', '#facc15', '#86efac', '#16a34a'] as const
/** An area without items in the campaign. */
export const noItemsColour = '#e2e8f0'

/** The colour of an area with this completion rate (done ÷ total in %), or of one without items. */
export function completionColour(rate: number | null | undefined, total: number): string {
  if (total === 0 || rate === null || rate === undefined) return noItemsColour
  if (rate >= 100) return completionPalette[4]
  const i = completionBreaks.findIndex((b) => rate < b)
  return completionPalette[i === -1 ? 4 : i] ?? noItemsColour
}

export type CompletionLegendItem = { colour: string; from: number; to: number | null }

/** The legend's lines: 0–20 %, 20–50 %, 50–80 %, 80–100 %, 100 %. */
export function completionLegend(): CompletionLegendItem[] {
  const from = [0, ...completionBreaks]
  return completionPalette.map((colour, i) => ({
    colour,
    from: from[i] ?? 0,
    to: i < completionBreaks.length ? (completionBreaks[i] ?? null) : null,
  }))
}

/** 83.33%, or — when there are no items. */
export const rateText = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${Number(rate.toFixed(2))}%`

/** done ÷ total as a whole percentage for a progress bar (0 when there are none). */
export const progressPercent = (done: number, total: number) =>
  total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0

/** The level a drill-down from an area of this level shows; null below grids. */
export function levelBelow(level: string): ProgressLevel | null {
  if (level === 'district') return 'street'
  if (level === 'street') return 'community'
  if (level === 'community') return 'grid'
  return null
}

export const priorityTagType: Readonly<Record<CampaignPriority, 'info' | 'warning' | 'danger'>> = {
  normal: 'info',
  high: 'warning',
  urgent: 'danger',
}

/** Open hazard cases: reported as cases and not yet closed. */
export const openHazardCases = (f: TCampaignFigures) => Math.max(0, f.hazardCases - f.hazardCasesClosed)

/** Whether a row lags: items to do and a completion rate behind the share of the time elapsed. */
export const isLagging = (f: TCampaignFigures, expectedRate: number) =>
  f.total > 0 && (f.rate ?? 0) < expectedRate
