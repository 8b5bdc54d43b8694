import type { TWhistle } from '@onegrid/core/api/whistles'
import { pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { ResponseRow, WhistleRow } from './queries.ts'

export type WhistleAction = TWhistle['allowedActions'][number]

/** The caller sees a whistle raised in their areas, or one summoning their unit. */
export function canSee(p: UserPrincipal, w: WhistleRow): boolean {
  return pathInScope(w.areaPath, p.scope) || w.responses.some((r) => p.scope.unitIds.includes(r.unitId))
}

/** The caller's units' responses: what a department's handler answers for. */
export function ownResponses(p: UserPrincipal, w: WhistleRow): ResponseRow[] {
  if (!p.permissions.has('whistles.answer')) return []
  return w.responses.filter((r) => p.scope.unitIds.includes(r.unitId))
}

/** The raiser, still holding the permission to raise. */
export function isRaiser(p: UserPrincipal, w: WhistleRow): boolean {
  return p.permissions.has('whistles.raise') && w.raisedBy === p.userId
}

/** The center (值班长, leaders, administrators) over the whistle's place. */
export function isCenter(p: UserPrincipal, w: WhistleRow): boolean {
  return p.permissions.has('whistles.escalate') && pathInScope(w.areaPath, p.scope)
}

/**
 * What the caller may do now. acknowledge: a summoned department's handler whose response is
 * still summoned; check_in: such a handler not arrived yet (late arrivals after a miss count,
 * as late); record_arrival: the raiser, while a department has not arrived; escalate: the
 * center, once, while a department has not arrived; close: the raiser or the center.
 */
export function allowedActions(p: UserPrincipal, w: WhistleRow): WhistleAction[] {
  if (w.status !== 'open') return []
  const out: WhistleAction[] = []
  const own = ownResponses(p, w)
  const notArrived = w.responses.some((r) => r.status !== 'arrived')
  if (own.some((r) => r.status === 'summoned')) out.push('acknowledge')
  if (own.some((r) => r.status !== 'arrived')) out.push('check_in')
  if (isRaiser(p, w) && notArrived) out.push('record_arrival')
  if (isCenter(p, w) && notArrived && w.escalatedAt === null) out.push('escalate')
  if (isRaiser(p, w) || isCenter(p, w)) out.push('close')
  return out
}
