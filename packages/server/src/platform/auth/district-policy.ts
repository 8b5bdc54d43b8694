import { Forbidden, type LocalText, text } from '../http/errors.ts'
import { isRootScope, type Scope } from './principal.ts'

/**
 * Rules that hold for the whole district (the event catalog, the working-day
 * calendar) are changed only by someone whose scope is the whole district: a
 * street administrator may not change another street's deadlines.
 */
export function requireDistrictScope(scope: Scope, what: LocalText): void {
  if (!isRootScope(scope))
    throw new Forbidden(
      text(
        `只有全区范围的管理员可以修改${what.zh}`,
        `Only a district-wide administrator may change ${what.en}`,
      ),
    )
}
