import type { Role } from '@onegrid/core/auth/roles'
import type { CaseActor } from '@onegrid/core/cases/machine'
import { type RawBuilder, sql } from 'kysely'
import { pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { inAreaScope, inUnitScope } from '../../platform/auth/scope-sql.ts'

/** Roles that hold their jurisdiction by area; the rest act for a unit a case is dispatched to. */
const unitRoles: readonly Role[] = ['dept_handler']

export type CaseParties = {
  areaPath: string
  handlerUnitId: number | null
  handlerUserId: number | null
  reporterUserId: number | null
  /** Handled on the spot by its reporter (自处置); a case being reported is not. */
  selfHandled?: boolean
}

/**
 * Who sees a case: everyone whose areas contain it, the unit and the person it
 * is dispatched to, and the staff member who reported it.
 */
export function caseVisible(p: UserPrincipal, alias = 'c'): RawBuilder<boolean> {
  return sql<boolean>`(${inAreaScope(`${alias}.area_path`, p.scope)}
    OR ${inUnitScope(`${alias}.handler_unit_id`, p.scope)}
    OR ${sql.ref(`${alias}.handler_user_id`)} = ${p.userId}
    OR ${sql.ref(`${alias}.reporter_user_id`)} = ${p.userId})`
}

export function canSee(p: UserPrincipal, c: CaseParties): boolean {
  return (
    pathInScope(c.areaPath, p.scope) ||
    (c.handlerUnitId !== null && p.scope.unitIds.includes(c.handlerUnitId)) ||
    c.handlerUserId === p.userId ||
    c.reporterUserId === p.userId
  )
}

/**
 * The caller as the state machine sees them for this case: their area roles
 * count where the case lies in their areas, their unit roles where it is
 * dispatched to their unit.
 */
export function caseActor(p: UserPrincipal, c: CaseParties): CaseActor {
  const inArea = pathInScope(c.areaPath, p.scope)
  const forUnit = c.handlerUnitId !== null && p.scope.unitIds.includes(c.handlerUnitId)
  const isHandler = forUnit || c.handlerUserId === p.userId
  const roles = p.roles.filter((r) =>
    unitRoles.includes(r) ? forUnit : inArea || (isHandler && r !== 'admin'),
  )
  const handledIt = isHandler || (c.selfHandled === true && c.reporterUserId === p.userId)
  return { roles, isHandler, handledIt }
}

/** The role an actor acted in: the first of theirs the action's rule names. */
export function actingRole(actor: CaseActor, allowed: readonly Role[]): Role | null {
  return actor.roles.find((r) => allowed.includes(r)) ?? actor.roles[0] ?? null
}
