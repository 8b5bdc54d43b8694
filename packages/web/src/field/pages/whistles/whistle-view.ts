import type { TMe } from '@onegrid/core/api/identity'
import type { TWhistle, TWhistleResponse } from '@onegrid/core/api/whistles'

/** How a whistle reads on the phone: my department's response, who came, who is still awaited, who missed. */

/** The units I answer for (a department handler's postings). */
export function myUnitIds(me: TMe | null): number[] {
  if (!me) return []
  return [
    ...new Set([
      ...me.unitScopes,
      ...me.user.assignments.flatMap((a) =>
        a.unitId !== null && a.role === 'dept_handler' ? [a.unitId] : [],
      ),
    ]),
  ]
}

/** My department's response to the whistle, if it summons it. */
export function myResponse(whistle: TWhistle, units: readonly number[]): TWhistleResponse | null {
  return whistle.responses.find((r) => units.includes(r.unit.id)) ?? null
}

export interface Attendance {
  arrived: TWhistleResponse[]
  /** Summoned or acknowledged, not yet arrived (the limit may still be ahead). */
  awaited: TWhistleResponse[]
  missed: TWhistleResponse[]
}

/** The responses by what became of them; arrivals in the order they came. */
export function attendance(whistle: TWhistle): Attendance {
  const arrived = whistle.responses
    .filter((r) => r.status === 'arrived')
    .sort((a, b) => (a.arrivedAt ?? '').localeCompare(b.arrivedAt ?? ''))
  return {
    arrived,
    awaited: whistle.responses.filter((r) => r.status === 'summoned' || r.status === 'acknowledged'),
    missed: whistle.responses.filter((r) => r.status === 'missed'),
  }
}

/** The departments whose arrival the raiser may still record: any not arrived. */
export function recordable(whistle: TWhistle): TWhistleResponse[] {
  return whistle.responses.filter((r) => r.status !== 'arrived')
}

/** A `datetime-local` value (the phone's wall clock) for an instant, to the minute. */
export function localInputValue(at: Date): string {
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 16)
}

/** The instant a `datetime-local` value stands for, on the phone's clock; null when it is none. */
export function fromLocalInput(value: string): Date | null {
  const at = new Date(value)
  return Number.isNaN(at.getTime()) ? null : at
}
