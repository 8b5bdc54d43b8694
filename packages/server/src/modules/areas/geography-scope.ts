import type { Scope, UserPrincipal } from '../../platform/auth/principal.ts'

/**
 * Where a caller may read the network's geography (grids, lookups, checks,
 * history): their areas, plus, for department and platform staff, the area
 * their unit serves. A department handler has to find the grid of a place in
 * its district without being given the district's cases or people.
 */
export type GeographyScope = (principal: UserPrincipal) => Promise<Scope>

export function geographyScope(
  unitAreaPaths: (unitIds: readonly number[]) => Promise<string[]>,
): GeographyScope {
  return async (principal) => {
    const { scope } = principal
    if (scope.unitIds.length === 0) return scope
    const paths = await unitAreaPaths(scope.unitIds)
    return { areaPaths: [...new Set([...scope.areaPaths, ...paths])], unitIds: scope.unitIds }
  }
}
