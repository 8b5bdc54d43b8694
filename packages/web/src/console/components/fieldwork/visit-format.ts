import type { TDueVisit, TVisitStats } from '../../../shared/api/visits.ts'

/** Overdue visits per grid: none (green), then light to dark red by quantity. */
export const overduePalette = ['#fecaca', '#f87171', '#dc2626', '#991b1b'] as const
export const noOverdueColour = '#bbf7d0'
export const noTargetsColour = '#e2e8f0'

/**
 * The colour of a grid on the overdue map: grey without anyone to visit, green with nothing overdue,
 * then four reds split at a quarter, half and three quarters of the most overdue grid.
 */
export function overdueColour(
  grid: { targets: number; overdue: number } | undefined,
  maxOverdue: number,
): string {
  if (!grid || grid.targets === 0) return noTargetsColour
  if (grid.overdue === 0 || maxOverdue === 0) return noOverdueColour
  const share = grid.overdue / maxOverdue
  const index = share > 0.75 ? 3 : share > 0.5 ? 2 : share > 0.25 ? 1 : 0
  return overduePalette[index] ?? noOverdueColour
}

/** The legend's classes: the counts each red stands for (from … to), for a map whose worst grid has `max`. */
export function overdueLegend(max: number): { colour: string; from: number; to: number }[] {
  if (max <= 0) return []
  const bounds = [0, 0.25, 0.5, 0.75, 1].map((s) => Math.floor(s * max))
  return overduePalette
    .map((colour, i) => ({ colour, from: (bounds[i] ?? 0) + 1, to: bounds[i + 1] ?? max }))
    .filter((c) => c.from <= c.to)
}

export const maxOverdue = (stats: TVisitStats | null) =>
  Math.max(0, ...(stats?.grids.map((g) => g.overdue) ?? []))

/** "12.5%" or "—". */
export const percentText = (value: number | null) => (value === null ? '—' : `${value}%`)

/** The Element Plus tag type of a due status. */
export function dueTagType(status: TDueVisit['status']): 'danger' | 'warning' | 'info' {
  return status === 'overdue' ? 'danger' : status === 'due' ? 'warning' : 'info'
}

/** The current month (Asia/Shanghai) as YYYY-MM. */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7)
}
