import { educationCodes, ethnicCodes, relationCodes } from '@onegrid/core/registry/codes'
import {
  type RiskLevel,
  riskLevelLabels,
  riskLevels,
  type SpecialGroup,
  specialGroupKeys,
} from '@onegrid/core/registry/special-groups'
import type { AppLocale } from '../../../shared/i18n/locale.ts'
import { groupLabel } from './group-fields.ts'

type CodeEntry = { readonly code: string; readonly zh: string; readonly en: string }

export const codeTables = {
  ethnicity: ethnicCodes,
  education: educationCodes,
  relation: relationCodes,
} as const satisfies Record<string, readonly CodeEntry[]>
export type CodeTable = keyof typeof codeTables

/** A national code's name in the page's language; the code itself when the table lacks it. */
export function codeText(
  table: CodeTable,
  code: string | null | undefined,
  locale: AppLocale,
): string | null {
  if (!code) return null
  const entry = (codeTables[table] as readonly CodeEntry[]).find((e) => e.code === code)
  if (!entry) return code
  return locale === 'en' ? entry.en : entry.zh
}

export function codeOptions(table: CodeTable, locale: AppLocale): { value: string; label: string }[] {
  return (codeTables[table] as readonly CodeEntry[]).map((e) => ({
    value: e.code,
    label: locale === 'en' ? e.en : e.zh,
  }))
}

/** 低风险 / 中风险 / 高风险 in Chinese (what grid workers say), the colour with it in English. */
export function riskText(level: RiskLevel, locale: AppLocale): string {
  const label = riskLevelLabels[level]
  return locale === 'en' ? label.en : label.risk
}

export type RiskTagType = 'success' | 'warning' | 'danger'
export const riskTagType: Readonly<Record<RiskLevel, RiskTagType>> = {
  green: 'success',
  yellow: 'warning',
  red: 'danger',
}

export const isSpecialGroup = (value: unknown): value is SpecialGroup =>
  typeof value === 'string' && (specialGroupKeys as readonly string[]).includes(value)
export const isRiskLevel = (value: unknown): value is RiskLevel =>
  typeof value === 'string' && (riskLevels as readonly string[]).includes(value)

export function groupOptions(locale: AppLocale): { value: SpecialGroup; label: string }[] {
  return specialGroupKeys.map((g) => ({ value: g, label: groupLabel(g, locale) }))
}

/** A share as a percentage for a tile's hint: 23.4 %. */
export function shareText(part: number, whole: number, locale: AppLocale): string {
  if (whole <= 0) return '—'
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(part / whole)
}

/** Minutes in Beijing time, as everything in the console is shown. */
export function formatMinute(iso: string | null | undefined, locale: AppLocale): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date)
}

/**
 * What a history key is about. Keys are the person's fields (`phone`, `gridCode`), or about a special-group
 * record: `group.<g>` (recorded in it), `group.<g>.<part>` (risk, fields, helpers, visitEveryDays, endedOn).
 */
export type HistoryKey =
  | { kind: 'person'; field: string }
  | { kind: 'group'; group: SpecialGroup; part: string | null }

export function parseHistoryKey(key: string): HistoryKey {
  const [head, group, ...rest] = key.split('.')
  if (head === 'group' && isSpecialGroup(group)) return { kind: 'group', group, part: rest.join('.') || null }
  return { kind: 'person', field: key }
}

/** History keys of the person's own fields, to the names the form uses (`document` is the masked number). */
export const historyFieldNames: Readonly<Record<string, string>> = {
  document: 'documentNumber',
  gridCode: 'grid',
  householdId: 'household',
}
