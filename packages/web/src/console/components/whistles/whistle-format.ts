import type { TWhistle, TWhistleResponse, WhistleResponseStatus } from '../../../shared/api/whistles.ts'

/**
 * How the whistle board reads: open whistles first (escalated ones on top), the departments' chips
 * by status, and one timeline of what happened at the whistle, oldest first.
 */

export const responseTagType: Readonly<
  Record<WhistleResponseStatus, 'info' | 'warning' | 'success' | 'danger'>
> = {
  summoned: 'info',
  acknowledged: 'warning',
  arrived: 'success',
  missed: 'danger',
}

/** Open before closed; among open, escalated first; then the newest first. */
export function boardOrder(a: TWhistle, b: TWhistle): number {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1
  if (a.status === 'open' && !!a.escalatedAt !== !!b.escalatedAt) return a.escalatedAt ? -1 : 1
  return b.raisedAt.localeCompare(a.raisedAt)
}

/** The instant a chip shows: the arrival, the acknowledgement, the deadline missed, or the one still ahead. */
export function responseTime(r: TWhistleResponse): {
  kind: 'arrived' | 'acknowledged' | 'missed' | 'ackDue' | 'arriveDue'
  at: string
} {
  if (r.status === 'arrived' && r.arrivedAt) return { kind: 'arrived', at: r.arrivedAt }
  if (r.status === 'missed') return { kind: 'missed', at: r.arriveDueAt }
  if (r.status === 'acknowledged') return { kind: 'acknowledged', at: r.acknowledgedAt ?? r.ackDueAt }
  return { kind: 'ackDue', at: r.ackDueAt }
}

/** Departments the raiser may still record as arrived. */
export const awaitedUnits = (w: TWhistle) =>
  w.responses.filter((r) => r.status === 'summoned' || r.status === 'acknowledged').map((r) => r.unit)

export type WhistleEvent =
  | { kind: 'raised'; at: string; who: string }
  | { kind: 'acknowledged'; at: string; unit: string; who: string | null; note: string | null; late: boolean }
  | {
      kind: 'arrived'
      at: string
      unit: string
      who: string | null
      source: 'check_in' | 'recorded' | null
      distanceM: number | null
      late: boolean
    }
  | { kind: 'missed'; at: string; unit: string }
  | { kind: 'escalated'; at: string; who: string | null; note: string | null }
  | { kind: 'closed'; at: string; who: string | null; outcome: string | null }

/** Everything that happened, oldest first (a miss at the moment the arrival limit passed). */
export function whistleTimeline(w: TWhistle): WhistleEvent[] {
  const events: WhistleEvent[] = [{ kind: 'raised', at: w.raisedAt, who: w.raisedBy.name }]
  for (const r of w.responses) {
    if (r.acknowledgedAt)
      events.push({
        kind: 'acknowledged',
        at: r.acknowledgedAt,
        unit: r.unit.name,
        who: r.acknowledgedBy?.name ?? null,
        note: r.ackNote,
        late: r.acknowledgedAt > r.ackDueAt,
      })
    if (r.arrivedAt)
      events.push({
        kind: 'arrived',
        at: r.arrivedAt,
        unit: r.unit.name,
        who: r.arrivedBy?.name ?? null,
        source: r.arrivalSource,
        distanceM: r.distanceM,
        late: r.arrivedLate,
      })
    if (r.status === 'missed') events.push({ kind: 'missed', at: r.arriveDueAt, unit: r.unit.name })
  }
  if (w.escalatedAt)
    events.push({
      kind: 'escalated',
      at: w.escalatedAt,
      who: w.escalatedBy?.name ?? null,
      note: w.escalationNote,
    })
  if (w.closedAt)
    events.push({ kind: 'closed', at: w.closedAt, who: w.closedBy?.name ?? null, outcome: w.outcome })
  // Stable: at the same instant the order above holds (raised before anything else).
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i)
    .map(({ e }) => e)
}
