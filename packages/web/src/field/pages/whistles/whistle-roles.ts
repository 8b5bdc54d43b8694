import type { Role } from '@onegrid/core/auth/roles'

/**
 * Who answers whistles in the field app: department handlers (处置人员, whistles.answer). Their tabbar
 * has 吹哨报到 and not a grid worker's patrol, report and visits; the pages stay reachable by link.
 * Kept apart from the pages, small, for the router and the tabbar to ask without loading them.
 */
export const handlerRoles: readonly Role[] = ['dept_handler']
