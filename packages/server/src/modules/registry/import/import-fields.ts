import type { TImportField } from '@onegrid/core/api/registry-import'
import { educationCodes, ethnicCodes, relationCodes } from '@onegrid/core/registry/codes'
import { maskAddress, maskIdNumber, maskPhone } from '../../../platform/crypto/mask.ts'

/**
 * The columns a persons sheet may have: the field, its header as the console
 * shows it, and the headers offices actually use for it (a mapping is
 * suggested from them; the importer confirms or changes it).
 */
export const personImportFields: readonly (TImportField & { aliases: readonly string[] })[] = [
  { key: 'name', zh: '姓名', en: 'Name', required: true, aliases: ['姓名', '名字', '人员姓名', 'name'] },
  {
    key: 'documentKind',
    zh: '证件类型',
    en: 'Document kind',
    required: false,
    aliases: ['证件类型', '证件种类'],
  },
  {
    key: 'documentNumber',
    zh: '公民身份号码',
    en: 'ID number',
    required: false,
    aliases: ['公民身份号码', '身份证号', '身份证号码', '证件号码', '身份证', 'idnumber'],
  },
  { key: 'sex', zh: '性别', en: 'Sex', required: false, aliases: ['性别', 'sex'] },
  {
    key: 'birthDate',
    zh: '出生日期',
    en: 'Birth date',
    required: false,
    aliases: ['出生日期', '出生年月', '生日'],
  },
  { key: 'ethnicity', zh: '民族', en: 'Ethnicity', required: false, aliases: ['民族'] },
  { key: 'education', zh: '学历', en: 'Education', required: false, aliases: ['学历', '文化程度'] },
  {
    key: 'phone',
    zh: '联系电话',
    en: 'Phone',
    required: false,
    aliases: ['联系电话', '手机', '手机号', '手机号码', '电话', '联系方式', 'phone'],
  },
  {
    key: 'address',
    zh: '现住址',
    en: 'Address',
    required: false,
    aliases: ['现住址', '居住地址', '现居住地址', '住址', '现住地详址'],
  },
  {
    key: 'hukouAddress',
    zh: '户籍地址',
    en: 'Registered address',
    required: false,
    aliases: ['户籍地址', '户籍地详址', '户籍地'],
  },
  {
    key: 'nonLocal',
    zh: '流动人口',
    en: 'Non-local',
    required: false,
    aliases: ['流动人口', '是否流动人口', '人户分离'],
  },
  {
    key: 'gridCode',
    zh: '网格编码',
    en: 'Grid code',
    required: false,
    aliases: ['网格编码', '所属网格', '网格', '网格代码'],
  },
  {
    key: 'householdNumber',
    zh: '户号',
    en: 'Household number',
    required: false,
    aliases: ['户号', '户编号'],
  },
  {
    key: 'relation',
    zh: '与户主关系',
    en: 'Relation to householder',
    required: false,
    aliases: ['与户主关系', '关系'],
  },
  { key: 'tags', zh: '标签', en: 'Tags', required: false, aliases: ['标签'] },
  { key: 'note', zh: '备注', en: 'Note', required: false, aliases: ['备注'] },
]

export type ImportFieldKey = (typeof personImportFields)[number]['key']

const normalise = (header: string) => header.replace(/[\s_（）()*]/g, '').toLowerCase()

/** Field → column index, from the headers: an exact alias first, then a header that contains one. */
export function suggestMapping(headers: readonly string[]): Record<string, number> {
  const mapping: Record<string, number> = {}
  const taken = new Set<number>()
  const names = headers.map(normalise)
  for (const pass of ['exact', 'contains'] as const)
    for (const field of personImportFields) {
      if (mapping[field.key] !== undefined) continue
      const aliases = field.aliases.map(normalise)
      const index = names.findIndex(
        (h, i) =>
          !taken.has(i) &&
          h !== '' &&
          (pass === 'exact' ? aliases.includes(h) : aliases.some((a) => h.includes(a))),
      )
      if (index >= 0) {
        mapping[field.key] = index
        taken.add(index)
      }
    }
  return mapping
}

/** A code from its code or its label (汉族 or 汉 → 01; 大学本科 → 20). */
function codeOf(table: readonly { code: string; zh: string }[], value: string): string | null {
  const v = value.trim()
  const hit =
    table.find((e) => e.code === v || e.code === v.padStart(2, '0')) ??
    table.find((e) => e.zh === v) ??
    table.find((e) => e.zh.replace(/族$/, '') === v.replace(/族$/, ''))
  return hit?.code ?? null
}

export const ethnicityOf = (v: string) => codeOf(ethnicCodes, v)
export const educationOf = (v: string) => codeOf(educationCodes, v)
export const relationOf = (v: string) => codeOf(relationCodes, v)

export function sexOf(v: string): 'male' | 'female' | 'unknown' | null {
  const s = v.trim().toLowerCase()
  if (['男', '1', 'm', 'male', '男性'].includes(s)) return 'male'
  if (['女', '2', 'f', 'female', '女性'].includes(s)) return 'female'
  if (['未知', '0', '9', '未说明'].includes(s)) return 'unknown'
  return null
}

export function yesNo(v: string): boolean | null {
  const s = v.trim().toLowerCase()
  if (['是', 'y', 'yes', '1', 'true', '√'].includes(s)) return true
  if (['否', 'n', 'no', '0', 'false', ''].includes(s)) return false
  return null
}

const documentKindLabels: Record<string, string> = {
  居民身份证: 'id_card',
  身份证: 'id_card',
  '111': 'id_card',
  护照: 'passport',
  '414': 'passport',
  港澳居民来往内地通行证: 'hk_macao_permit',
  '516': 'hk_macao_permit',
  台湾居民来往大陆通行证: 'taiwan_permit',
  '511': 'taiwan_permit',
  外国人永久居留身份证: 'foreign_permanent',
  '553': 'foreign_permanent',
  其他: 'other',
  '990': 'other',
}
export const documentKindOf = (v: string) => documentKindLabels[v.trim()] ?? null

/** 1949-12-31, 1949/12/31, 1949.12.31, 19491231 → 1949-12-31 (checked as a real date). */
export function dateOf(v: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(v.trim())
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

export const tagsOf = (v: string) =>
  v
    .split(/[、,，;；\s]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .slice(0, 20)

/**
 * A sample cell as the mapping screen shows it: a column the headers name as
 * personal data masked like the registry masks it; elsewhere an 11-digit
 * mobile or an 18-character ID number masked wherever it appears. Grid codes
 * (15 digits) and household numbers stay readable.
 */
export function maskSample(v: string, field: string | undefined): string {
  if (field === 'documentNumber') return maskIdNumber(v)
  if (field === 'phone') return maskPhone(v)
  if (field === 'address' || field === 'hukouAddress') return maskAddress(v)
  return v
    .replace(/(?<!\d)\d{17}[\dXx](?![\dXx])/g, (d) => maskIdNumber(d))
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (d) => maskPhone(d))
}
