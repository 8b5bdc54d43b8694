/**
 * 公民身份号码, GB 11643-1999 (standards.md §6).
 *
 * 18 characters: 6-digit 地址码 (GB/T 2260) + 8-digit birth date + 3-digit 顺序码
 * (odd for men, even for women) + 1 ISO 7064 MOD 11-2 check character. The 1989
 * edition had 15 digits: a YYMMDD date in the 1900s and no check character; those
 * numbers are still met in old household records and are converted on the way in.
 */

export type IdNumberProblem = 'format' | 'check_digit' | 'birth_date'

export type ParsedIdNumber =
  | {
      ok: true
      /** Normalised 18-character form, check character upper-case. */
      value: string
      /** The 6-digit 地址码 as written; it is where the number was issued, not where the person lives. */
      region: string
      /** YYYY-MM-DD */
      birthDate: string
      sex: 'male' | 'female'
    }
  | { ok: false; reason: IdNumberProblem }

/** 2^(17−i) mod 11 for i = 0…16. */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const checkChars = '10X98765432'

/** The earliest birth date accepted; 1880-01-01 is the standard's own example (440524188001010014). */
const earliestBirth = '18800101'

/**
 * The check character for the first 17 digits of an 18-character number.
 * Throws on anything but 17 digits: a caller passing other input has a bug, not bad data.
 */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckChar needs exactly 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0)
  return checkChars[sum % 11] ?? ''
}

/**
 * Today's date in Beijing as YYYYMMDD; a number keyed in at 07:00 in Beijing is still "today" there.
 * China keeps UTC+8 all year, so this is arithmetic: a formatter per call cost a third of an import.
 */
function shanghaiYmd(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')
}

/** True when YYYYMMDD names a day that exists in the Gregorian calendar (catches 0230, 1131, 0229 off leap years). */
function isCalendarDate(ymd: string): boolean {
  const y = Number(ymd.slice(0, 4))
  const m = Number(ymd.slice(4, 6))
  const d = Number(ymd.slice(6, 8))
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * Parses and normalises a 公民身份号码. Spaces anywhere are ignored (numbers are often
 * read out and typed in groups) and a lower-case x is accepted. A 15-digit number is
 * converted to 18 by inserting "19" and computing the check character.
 *
 * The check character is tested before the date: a wrong check means the number was
 * mistyped somewhere, while a good check with a bad date means a consistent but
 * impossible number, which is worth telling apart.
 */
export function parseIdNumber(raw: string, today: Date = new Date()): ParsedIdNumber {
  const compact = raw.replace(/\s+/g, '').toUpperCase()
  let value: string
  if (/^\d{17}[\dX]$/.test(compact)) {
    if (idCheckChar(compact.slice(0, 17)) !== compact.slice(17)) return { ok: false, reason: 'check_digit' }
    value = compact
  } else if (/^\d{15}$/.test(compact)) {
    const first17 = `${compact.slice(0, 6)}19${compact.slice(6)}`
    value = first17 + idCheckChar(first17)
  } else {
    return { ok: false, reason: 'format' }
  }
  const ymd = value.slice(6, 14)
  if (!isCalendarDate(ymd) || ymd < earliestBirth || ymd > shanghaiYmd(today)) {
    return { ok: false, reason: 'birth_date' }
  }
  return {
    ok: true,
    value,
    region: value.slice(0, 6),
    birthDate: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
    sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  }
}
