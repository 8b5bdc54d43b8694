import { educationCodes, ethnicCodes, relationCodes } from '@onegrid/core/registry/codes'
import { maskIdNumber, maskPhone } from '../../../platform/crypto/mask.ts'
import type { ImportField } from './import-kind.ts'
import { piiShapes, shownValue } from './row-cells.ts'

const normalise = (header: string) => header.replace(/[\s_（）()*]/g, '').toLowerCase()

/** Field → column index, from the headers: an exact alias first, then a header that contains one. */
export function suggestMapping(
  fields: readonly ImportField[],
  headers: readonly string[],
): Record<string, number> {
  const mapping: Record<string, number> = {}
  const taken = new Set<number>()
  const names = headers.map(normalise)
  for (const pass of ['exact', 'contains'] as const)
    for (const field of fields) {
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
 * A sample cell as the mapping screen shows it: a column mapped to a personal
 * field masked like the registry masks it; elsewhere an 11-digit mobile or an
 * 18-character ID number masked wherever it appears. Grid codes (15 digits),
 * credit codes and household numbers stay readable.
 */
export function sampleMasker(
  fields: readonly ImportField[],
): (v: string, field: string | undefined) => string {
  const shapes = piiShapes(fields)
  return (v, field) => {
    const shape = field === undefined ? undefined : shapes.get(field)
    if (shape) return shownValue(shape, v)
    return v
      .replace(/(?<!\d)\d{17}[\dXx](?![\dXx])/g, (d) => maskIdNumber(d))
      .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (d) => maskPhone(d))
  }
}
