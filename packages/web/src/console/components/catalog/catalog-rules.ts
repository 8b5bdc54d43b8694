import type {
  TAdmission,
  TCatalogDomain,
  TCatalogField,
  TCatalogItem,
  TCatalogLimits,
  TCatalogRules,
  TCatalogStandard,
  TFieldType,
  TLimitStage,
  TTimeLimit,
} from '@onegrid/core/api/catalog'
import {
  catalogDomains as domainList,
  fieldTypes as fieldTypeList,
  fieldForms as formList,
  routingLevels as levels,
  limitStages as stages,
  catalogStandards as standardList,
  urgencies as urgencyList,
} from '@onegrid/core/catalog/vocabulary'
import { limitUnits as units } from '@onegrid/core/time/deadline'

/** The catalog's lists of values come from core's zod-free vocabulary (no schema library in the page). */
export { domainList, fieldTypeList, formList, levels, stages, standardList, units, urgencyList }
export type TLimitUnit = TTimeLimit['unit']
export type TFieldForm = TCatalogField['forms'][number]
export type EditorTab = 'basic' | 'admission' | 'routing' | 'limits' | 'fields' | 'history'

/** An item about to be created: what the "new item" dialog asked, the rest comes from the editor. */
export interface NewItem {
  code: string
  majorCode: string
  majorName: string
  domain: TCatalogDomain
  standard: TCatalogStandard
  name: string
}
/** What the editor shows: a saved item, or a new one until its first save. */
export type EditorTarget = { kind: 'item'; code: string } | ({ kind: 'new' } & NewItem)

export const ruleKeys = [
  'name',
  'description',
  'admission',
  'selfHandle',
  'photoRequired',
  'fields',
  'routing',
  'limits',
  'closureConditions',
] as const satisfies readonly (keyof TCatalogRules)[]

export const isChoice = (type: TFieldType) => type === 'single_choice' || type === 'multi_choice'
export const isHours = (unit: TLimitUnit) => unit.endsWith('_hours')

/** A limit the server would take: a positive amount, whole when counted in days. */
export function validLimit(limit: { amount: number | null | undefined; unit: TLimitUnit }): boolean {
  const { amount } = limit
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || amount > 10_000) return false
  return isHours(limit.unit) || Number.isInteger(amount)
}

const limit = (amount: number, unit: TLimitUnit): TTimeLimit => ({ amount, unit })
const stageLimits = (values: Record<TLimitStage, [number, TLimitUnit]>): Record<TLimitStage, TTimeLimit> =>
  Object.fromEntries(stages.map((s) => [s, limit(...values[s])])) as Record<TLimitStage, TTimeLimit>

/** Limits a new item starts with: the common practice of a district centre, to be adjusted. */
export function defaultLimits(): TCatalogLimits {
  return {
    normal: stageLimits({
      accept: [2, 'working_hours'],
      dispatch: [2, 'working_hours'],
      sign: [4, 'working_hours'],
      first_feedback: [3, 'working_days'],
      handle: [7, 'working_days'],
      verify: [1, 'working_days'],
      overall: [10, 'working_days'],
    }),
    urgent: stageLimits({
      accept: [1, 'working_hours'],
      dispatch: [1, 'working_hours'],
      sign: [2, 'working_hours'],
      first_feedback: [1, 'working_days'],
      handle: [3, 'working_days'],
      verify: [1, 'working_days'],
      overall: [5, 'working_days'],
    }),
    critical: stageLimits({
      accept: [0.5, 'natural_hours'],
      dispatch: [0.5, 'natural_hours'],
      sign: [1, 'natural_hours'],
      first_feedback: [2, 'natural_hours'],
      handle: [24, 'natural_hours'],
      verify: [4, 'natural_hours'],
      overall: [48, 'natural_hours'],
    }),
  }
}

/** The rules of a new item: refused until the leading group admits it, routed to the first body. */
export function blankRules(body: string): TCatalogRules {
  return {
    name: '',
    description: '',
    admission: { admitted: false, approvedBy: null, approvedOn: null, documentRef: null, refusalReason: '' },
    selfHandle: false,
    photoRequired: true,
    fields: [],
    routing: { default: { body, level: 'street' }, overrides: [] },
    limits: defaultLimits(),
    closureConditions: '',
  }
}

/**
 * A deep copy of rules. A JSON round trip rather than structuredClone: the draft being edited is a Vue
 * proxy, which structuredClone refuses; the rules are plain JSON anyway.
 */
export function cloneRules(rules: TCatalogRules): TCatalogRules {
  return JSON.parse(JSON.stringify(rules)) as TCatalogRules
}

/** An editable copy of an item's current rules. */
export function rulesOf(item: TCatalogItem): TCatalogRules {
  return cloneRules(Object.fromEntries(ruleKeys.map((key) => [key, item[key]])) as TCatalogRules)
}

export function sameRules(a: TCatalogRules, b: TCatalogRules): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Trims the texts and turns empty optional ones into null, as the server stores them. */
export function normalisedRules(rules: TCatalogRules): TCatalogRules {
  const copy = cloneRules(rules)
  const orNull = (value: string | null) => (value?.trim() ? value.trim() : null)
  copy.name = copy.name.trim()
  copy.description = copy.description.trim()
  copy.closureConditions = copy.closureConditions.trim()
  copy.admission = {
    admitted: copy.admission.admitted,
    approvedBy: orNull(copy.admission.approvedBy),
    approvedOn: copy.admission.approvedOn || null,
    documentRef: orNull(copy.admission.documentRef),
    refusalReason: orNull(copy.admission.refusalReason),
  }
  return copy
}

export function blankField(taken: readonly string[]): TCatalogField {
  let n = taken.length + 1
  while (taken.includes(`field_${n}`)) n++
  return {
    key: `field_${n}`,
    label: '',
    labelEn: '',
    type: 'text',
    required: false,
    forms: ['report'],
    options: [],
    min: null,
    max: null,
    maxLength: null,
    hint: '',
  }
}

type Version = TCatalogItem['history'][number]

const admissionKey = (a: TAdmission) =>
  JSON.stringify([a.admitted, a.approvedBy, a.approvedOn, a.documentRef, a.refusalReason])

/** The versions whose admission differs from the version before (the first always counts), newest first. */
export function admissionChanges(history: readonly Version[]): Version[] {
  const ordered = [...history].sort((a, b) => a.version - b.version)
  return ordered
    .filter((v, i) => {
      const before = ordered[i - 1]
      return !before || admissionKey(v.admission) !== admissionKey(before.admission)
    })
    .reverse()
}

/** Which tab shows the field a server message is about (`rules.limits.normal.handle.amount` → limits). */
export function tabOfPath(path: string): EditorTab | null {
  const [head, key] = path.split('.')
  if (head === 'code' || head === 'majorCode') return 'basic'
  if (head !== 'rules') return null
  if (key === 'admission') return 'admission'
  if (key === 'routing') return 'routing'
  if (key === 'limits') return 'limits'
  if (key === 'fields') return 'fields'
  return 'basic'
}

/** Server messages about one part of the rules: those whose path starts with the prefix. */
export function messagesUnder(errors: Readonly<Partial<Record<string, string>>>, prefix: string): string {
  return Object.entries(errors)
    .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
    .map(([, message]) => message)
    .join('；')
}

export const codePattern = /^[0-9A-Z]{2,12}$/

/**
 * The code a new item of a major would likely get: one after the highest numeric code under it, same
 * length (06001, 06002 → 06003); the major's code and 001 when it has none yet.
 */
export function suggestCode(majorCode: string, itemCodes: readonly string[]): string {
  const numeric = itemCodes.filter((c) => /^\d+$/.test(c) && c.startsWith(majorCode))
  if (!numeric.length) return /^\d+$/.test(majorCode) ? `${majorCode}001` : ''
  const highest = numeric.reduce((a, b) => (Number(b) > Number(a) ? b : a))
  const next = String(Number(highest) + 1).padStart(highest.length, '0')
  return next.length === highest.length && next.startsWith(majorCode) ? next : ''
}
