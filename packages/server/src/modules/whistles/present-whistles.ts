import type { TWhistle } from '@onegrid/core/api/whistles'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import { allowedActions } from './policy.ts'
import type { WhistlePorts } from './ports.ts'
import type { ResponseRow, WhistleRow } from './queries.ts'

/**
 * Whistles as the API answers them: people and cases by name (one read of each for all rows),
 * each response's times, a summary count per status, and what the caller may do next.
 */
export async function presentWhistles(
  ports: Pick<WhistlePorts, 'displayNames' | 'caseRefs'>,
  p: UserPrincipal,
  rows: readonly WhistleRow[],
): Promise<TWhistle[]> {
  const people = new Set<number>()
  for (const w of rows) {
    people.add(w.raisedBy)
    for (const id of [w.escalatedBy, w.closedBy]) if (id !== null) people.add(id)
    for (const r of w.responses)
      for (const id of [r.acknowledgedBy, r.arrivedBy]) if (id !== null) people.add(id)
  }
  const caseIds = [...new Set(rows.flatMap((w) => (w.caseId === null ? [] : [w.caseId])))]
  const [names, cases] = await Promise.all([
    people.size > 0 ? ports.displayNames([...people]) : Promise.resolve(new Map<number, string>()),
    caseIds.length > 0 ? ports.caseRefs(caseIds) : Promise.resolve(new Map()),
  ])
  const ref = (id: number | null) => (id === null ? null : { id, name: names.get(id) ?? `#${id}` })
  return rows.map((w) => {
    const c = w.caseId === null ? undefined : cases.get(w.caseId)
    const count = (s: ResponseRow['status']) => w.responses.filter((r) => r.status === s).length
    return {
      id: w.id,
      code: w.code,
      title: w.title,
      description: w.description,
      case: c ? { id: c.id, code: c.code, title: c.title } : null,
      location: w.location,
      address: w.address,
      gridCode: w.gridCode,
      areaName: w.areaName,
      raisedBy: { id: w.raisedBy, name: names.get(w.raisedBy) ?? `#${w.raisedBy}` },
      raisedAt: w.raisedAt.toISOString(),
      ackMinutes: w.ackMinutes,
      arriveMinutes: w.arriveMinutes,
      checkInRadiusM: w.checkInRadiusM,
      status: w.status,
      escalatedAt: w.escalatedAt?.toISOString() ?? null,
      escalatedBy: ref(w.escalatedBy),
      escalationNote: w.escalationNote,
      outcome: w.outcome,
      closedAt: w.closedAt?.toISOString() ?? null,
      closedBy: ref(w.closedBy),
      responses: w.responses.map((r) => ({
        unit: { id: r.unitId, name: r.unitName },
        status: r.status,
        ackDueAt: r.ackDueAt.toISOString(),
        arriveDueAt: r.arriveDueAt.toISOString(),
        acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
        acknowledgedBy: ref(r.acknowledgedBy),
        ackNote: r.ackNote,
        arrivedAt: r.arrivedAt?.toISOString() ?? null,
        arrivedBy: ref(r.arrivedBy),
        arrivalSource: r.arrivalSource,
        distanceM: r.distanceM,
        arrivedLate: r.arrivedAt !== null && r.arrivedAt.getTime() > r.arriveDueAt.getTime(),
      })),
      summary: {
        summoned: count('summoned'),
        acknowledged: count('acknowledged'),
        arrived: count('arrived'),
        missed: count('missed'),
      },
      allowedActions: allowedActions(p, w),
      version: w.version,
    }
  })
}
