import { type Role, roleNames } from '@onegrid/core/auth/roles'
import {
  type CaseAction,
  type CaseStatus,
  caseActionNames,
  caseStatusNames,
} from '@onegrid/core/cases/states'
import { limitStageNames, urgencyNames } from '@onegrid/core/catalog/vocabulary'
import { useLocale } from '../../../shared/composables/useLocale.ts'

type Names = Record<string, { zh: string; en: string }>

/** Names of statuses, actions, stages, urgencies and roles in the page's language, from core (as the server's). */
export function useCaseNames() {
  const locale = useLocale()
  const pick = (names: Names, key: string) => {
    const entry = names[key]
    return entry ? entry[locale.value === 'en' ? 'en' : 'zh'] : key
  }
  return {
    status: (s: CaseStatus | string) => pick(caseStatusNames, s),
    action: (a: CaseAction | string) => pick(caseActionNames, a),
    stage: (s: string) => pick(limitStageNames, s),
    urgency: (u: string) => pick(urgencyNames, u),
    role: (r: Role | string) => pick(roleNames, r),
  }
}
