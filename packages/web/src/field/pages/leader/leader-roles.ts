import type { Role } from '@onegrid/core/auth/roles'

/**
 * Who has 领导通: the roles that may supervise a case (督办, core's cases/rules.ts). Kept apart from the
 * page, small, for the router and the tabbar to ask without loading the page.
 */
export const leaderRoles: readonly Role[] = ['leader', 'shift_leader']

/** Whether one of these roles is a leader's. */
export const holdsAny = (held: readonly Role[], wanted: readonly Role[]): boolean =>
  held.some((r) => wanted.includes(r))
