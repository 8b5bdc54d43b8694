import type { CaseLevel } from '@onegrid/core/cases/states'

/** Routing levels are where a case is handled; a grid-level body is the community's. */
export const levelOfRouting = (level: string): CaseLevel =>
  level === 'district' ? 'district' : level === 'street' ? 'street' : 'community'

/** A unit's level from its area path: the district, a street, or a community below it. */
export const levelOfPath = (path: string): CaseLevel => {
  const depth = path.split('.').length
  return depth <= 1 ? 'district' : depth === 2 ? 'street' : 'community'
}
