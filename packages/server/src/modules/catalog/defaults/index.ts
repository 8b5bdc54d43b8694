import type { DefaultItem, DefaultMajor } from './build.ts'
import { cityManagementItems, cityManagementMajors } from './city-management.ts'
import { refusedItems } from './refused.ts'
import { serviceItems, serviceMajors } from './services.ts'
import { socialGovernanceItems, socialGovernanceMajors } from './social-governance.ts'

export { defaultBodies } from './bodies.ts'
/**
 * The default event catalog (事项清单) a new installation starts with: GB/T 47678.5-2026's
 * city-management matters, the local social-governance list, the 代办 services, and the
 * refused items (回绝制). Administrators change it afterwards; it is only the start.
 */
export type { DefaultItem, DefaultMajor } from './build.ts'

export const defaultMajors: DefaultMajor[] = [
  ...cityManagementMajors,
  ...socialGovernanceMajors,
  ...serviceMajors,
]

/** In display order within each major: admitted items first, refused (9xx) items last. */
export const defaultItems: DefaultItem[] = [
  ...cityManagementItems,
  ...socialGovernanceItems,
  ...serviceItems,
  ...refusedItems,
]
