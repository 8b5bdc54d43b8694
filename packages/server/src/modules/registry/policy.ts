import type { TArea } from '@onegrid/core/api/areas'
import { pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { NotFound, text, ValidationError } from '../../platform/http/errors.ts'

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

/** An area a filter names, resolved to its path; outside the caller's jurisdiction it is a 400 on `areaCode`. */
export async function areaPathInScope(
  area: (code: string) => Promise<TArea>,
  p: UserPrincipal,
  code: string,
): Promise<string> {
  const found = await area(code).catch(() => null)
  if (!found || !pathInScope(found.path, p.scope))
    throw new ValidationError({
      areaCode: text('区域不存在或不在您的辖区内', 'No such area in your jurisdiction'),
    })
  return found.path
}
