import type { Scope } from '../../platform/auth/principal.ts'

/**
 * Where a caller may read the network's geography and who staffs it (grids,
 * lookups, checks, history, grid staff): their areas, plus, for department and
 * platform staff, the area their unit serves. A department handler has to find
 * the grid of a place, and whom to call there, without being given the
 * district's cases or people.
 */
export type GeographyScope = (scope: Scope) => Promise<Scope>

export function geographyScope(
  unitAreaPaths: (unitIds: readonly number[]) => Promise<string[]>,
): GeographyScope {
  return async (scope) => {
    if (scope.unitIds.length === 0) return scope
    const paths = await unitAreaPaths(scope.unitIds)
    return { areaPaths: [...new Set([...scope.areaPaths, ...paths])], unitIds: scope.unitIds }
  }
}
