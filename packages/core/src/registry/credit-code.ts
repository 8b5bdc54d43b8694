/**
 * 统一社会信用代码, GB 32100-2015.
 *
 * 18 characters: 登记管理部门代码 (1) + 机构类别代码 (1) + 登记管理机关行政区划码 (6, GB/T 2260)
 * + 主体标识码 (9, the old 组织机构代码) + check character (1). The character set is
 * the digits and the upper-case letters without I, O, S, V and Z, which are too easy
 * to confuse with 1, 0, 5, U and 2 when read aloud or written by hand.
 */

export type CreditCodeProblem = 'format' | 'check_char'

export type ParsedCreditCode =
  | {
      ok: true
      /** Normalised: upper-case, no spaces. */
      value: string
      /** 登记管理部门代码, e.g. '9' for 市场监管 (工商); see `creditRegistrars`. */
      registrar: string
      /** 机构类别代码 within the registrar, e.g. '1' 企业 under '9'; see `creditKindLabel`. */
      kind: string
      /** The 6-digit 行政区划码 of the registering authority. */
      region: string
    }
  | { ok: false; reason: CreditCodeProblem }

const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
/** 3^i mod 31. */
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

const shape = new RegExp(`^[${charset}]{2}\\d{6}[${charset}]{10}$`)

/**
 * The check character for the first 17 characters (already upper-case).
 * Throws on characters outside the set: that is a caller's bug, not user input.
 */
export function creditCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCheckChar needs exactly 17 characters')
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = charset.indexOf(first17[i] ?? '')
    if (value < 0)
      throw new RangeError(`creditCheckChar: '${first17[i]}' is not in the GB 32100 character set`)
    sum += value * (weights[i] ?? 0)
  }
  return charset[(31 - (sum % 31)) % 31] ?? ''
}

/** Parses and normalises a 统一社会信用代码: spaces are ignored and lower case is accepted. */
export function parseCreditCode(raw: string): ParsedCreditCode {
  const value = raw.replace(/\s+/g, '').toUpperCase()
  if (!shape.test(value)) return { ok: false, reason: 'format' }
  if (creditCheckChar(value.slice(0, 17)) !== value.slice(17)) return { ok: false, reason: 'check_char' }
  return { ok: true, value, registrar: value.slice(0, 1), kind: value.slice(1, 2), region: value.slice(2, 8) }
}

/**
 * 登记管理部门 (GB 32100 附录 A), from memory of the published table and the codes seen
 * in the wild; 1, 5, 9 and Y are certain, the rest should be checked against the text.
 */
export const creditRegistrars = [
  { code: '1', zh: '机构编制', en: 'Institutional establishment authorities' },
  { code: '2', zh: '外交', en: 'Foreign affairs' },
  { code: '3', zh: '司法行政', en: 'Judicial administration' },
  { code: '4', zh: '文化', en: 'Culture' },
  { code: '5', zh: '民政', en: 'Civil affairs' },
  { code: '6', zh: '旅游', en: 'Tourism' },
  { code: '7', zh: '宗教', en: 'Religious affairs' },
  { code: '8', zh: '工会', en: 'Trade unions' },
  { code: '9', zh: '工商（市场监管）', en: 'Market regulation (industry and commerce)' },
  { code: 'A', zh: '中央军委改革和编制办公室', en: 'CMC reform and establishment office' },
  { code: 'N', zh: '农业', en: 'Agriculture (rural collective economic organisations)' },
  { code: 'Y', zh: '其他', en: 'Other' },
] as const
export type CreditRegistrar = (typeof creditRegistrars)[number]['code']

/** 机构类别 per registrar, for the registrars whose categories are well attested. */
const kinds: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '1': { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
  '5': { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' },
  '9': { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' },
  N: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
  Y: { '1': '其他' },
}

/** The zh label of a 机构类别, or null when this table does not know the pair. */
export function creditKindLabel(registrar: string, kind: string): string | null {
  return kinds[registrar]?.[kind] ?? null
}
