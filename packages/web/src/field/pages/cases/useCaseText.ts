import type { TLight } from '@onegrid/core/api/cases'
import { roleNames } from '@onegrid/core/auth/roles'
import { caseActionNames, caseStatusNames } from '@onegrid/core/cases/states'
import { useLocale } from '../../../shared/composables/useLocale.ts'
import { formatDateTime, platformTimeZone } from '../../../shared/format.ts'

type Names = Record<string, { zh: string; en: string }>

/** Statuses, actions and roles in plain words of the page's language (core's names, as the console's). */
export function useCaseText() {
  const locale = useLocale()
  const pick = (names: Names, key: string) => names[key]?.[locale.value === 'en' ? 'en' : 'zh'] ?? key
  return {
    status: (s: string) => pick(caseStatusNames, s),
    action: (a: string) =>
      a === 'merged_in'
        ? locale.value === 'en'
          ? 'Duplicate merged in'
          : '合并重复件'
        : a === 'alarm'
          ? locale.value === 'en'
            ? 'Deadline alarm'
            : '时限预警'
          : a === 'resident_update'
            ? locale.value === 'en'
              ? 'Resident update'
              : '居民补充'
            : a === 'upstream_update'
              ? locale.value === 'en'
                ? 'Superior platform update'
                : '上级平台反馈'
              : pick(caseActionNames, a),
    /** A queued step in words: 核查通过 / 核查不通过 for a verification. */
    step: (s: { action: string; passed?: boolean | undefined }) =>
      s.action === 'verify' && s.passed !== undefined
        ? locale.value === 'en'
          ? `Verify: ${s.passed ? 'done' : 'not done'}`
          : `核查${s.passed ? '通过' : '不通过'}`
        : pick(caseActionNames, s.action),
    role: (r: string | null) => (r ? pick(roleNames, r) : ''),
    time: (iso: string) => formatDateTime(iso, locale.value, platformTimeZone).slice(0, 16),
  }
}

/** The tag colour of a status for the phone's lists. */
export function statusType(status: string): 'primary' | 'success' | 'warning' | 'danger' | 'default' {
  if (status === 'handled' || status === 'dispatched') return 'warning'
  if (status === 'verified' || status === 'closed' || status === 'archived') return 'success'
  if (status === 'rejected' || status === 'returned') return 'danger'
  if (status === 'merged') return 'default'
  return 'primary'
}

export const lightColours: Record<TLight, string> = {
  green: '#16a34a',
  yellow: '#f59e0b',
  red: '#dc2626',
  none: '#cbd5e1',
}
