/**
 * Mainland phone numbers (standards.md §6). There is no national validation
 * standard; mobiles are 11 digits starting 13–19 under MIIT's numbering plan, and
 * are stored as those 11 digits. Landlines are stored as `区号-号码`.
 */

/**
 * Full-width digits and signs come in from Chinese input methods; NFKC folds them to
 * ASCII. Spaces and dashes are only grouping.
 */
function compact(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s-]+/g, '')
}

/** The 11 digits of a mainland mobile number, with an optional +86 / 0086 / 86 prefix removed; else null. */
export function normalizeMobile(raw: string): string | null {
  return /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(compact(raw))?.[1] ?? null
}

/**
 * A landline as `区号-号码`, or null. Dashes and spaces are ignored wherever they are
 * (`010-1234-5678` is a common way to write it); the split is found from the numbering
 * plan instead: 010 and 02x are the only 3-digit area codes, all others have 4, and the
 * subscriber number has 7 or 8 digits.
 */
export function normalizeLandline(raw: string): string | null {
  const digits = compact(raw)
  if (!/^0\d{9,11}$/.test(digits)) return null
  const areaLength = /^0(?:10|2\d)/.test(digits) ? 3 : 4
  const subscriber = digits.slice(areaLength)
  if (subscriber.length < 7 || subscriber.length > 8) return null
  return `${digits.slice(0, areaLength)}-${subscriber}`
}

export type Phone = { kind: 'mobile' | 'landline'; value: string }

/** A mobile or landline number in normalised form; a leading 1 (mobile) and 0 (landline) never overlap. */
export function normalizePhone(raw: string): Phone | null {
  const mobile = normalizeMobile(raw)
  if (mobile !== null) return { kind: 'mobile', value: mobile }
  const landline = normalizeLandline(raw)
  return landline === null ? null : { kind: 'landline', value: landline }
}
