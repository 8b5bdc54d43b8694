import { pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { NotFound, text } from '../../platform/http/errors.ts'

/**
 * Who sees what of the registry. Reading needs registry.read (the route checks
 * it) and the record inside the caller's jurisdiction; special groups, their
 * typed records and risk levels only with registry.special, because a
 * conviction or a diagnosis is not for every desk.
 */
export const personWord = text('人员', 'Person')
export const householdWord = text('户', 'Household')

export function seesSpecialGroups(p: UserPrincipal): boolean {
  return p.permissions.has('registry.special')
}

/** A record outside the caller's jurisdiction is answered as missing: its existence is not told either. */
export function requireInScope<T extends { areaPath: string }>(
  p: UserPrincipal,
  row: T | undefined,
  what: { zh: string; en: string },
  id: number,
): T {
  if (!row || !pathInScope(row.areaPath, p.scope)) throw new NotFound(what, String(id))
  return row
}
