import { relationCodes } from '@onegrid/core/registry/codes'
import {
  assistanceKindLabels,
  correctionCategoryLabels,
  disabilityCategoryLabels,
  type SpecialGroup,
  specialGroups,
} from '@onegrid/core/registry/special-groups'
import { z } from 'zod'
import type { AppLocale } from '../../../shared/i18n/locale.ts'

/**
 * The form a special group's record takes, read from its schema in core (`specialGroups[g].schema`) through
 * its JSON Schema: a field per property, its kind from the type and format, required from `required`.
 */
export type GroupFieldKind = 'text' | 'longText' | 'date' | 'boolean' | 'enum' | 'integer' | 'number'

export interface GroupFieldDef {
  key: string
  kind: GroupFieldKind
  required: boolean
  /** The allowed values of an enum, in the order the UI lists them. */
  options?: readonly string[] | undefined
  maxLength?: number | undefined
  min?: number | undefined
  max?: number | undefined
}

type JsonProperty = {
  type?: string | string[]
  format?: string
  enum?: unknown[]
  maxLength?: number
  minimum?: number
  maximum?: number
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Texts this long or longer get a several-line box. */
const longTextFrom = 200

function kindOf(property: JsonProperty): GroupFieldKind {
  if (Array.isArray(property.enum)) return 'enum'
  switch (property.type) {
    case 'boolean':
      return 'boolean'
    case 'integer':
      return 'integer'
    case 'number':
      return 'number'
    default:
      if (property.format === 'date') return 'date'
      return (property.maxLength ?? 0) >= longTextFrom ? 'longText' : 'text'
  }
}

/** Relation codes in the order of the code table, not the schema's. */
function orderedOptions(key: string, values: readonly string[]): readonly string[] {
  if (!/Relation$/.test(key)) return values
  return relationCodes.map((c) => c.code).filter((code) => values.includes(code))
}

const cache = new Map<SpecialGroup, GroupFieldDef[]>()

/** The fields of a group's record, in the schema's order (which is the order of the paper form). */
export function groupFieldDefs(group: SpecialGroup): GroupFieldDef[] {
  const known = cache.get(group)
  if (known) return known
  const json = z.toJSONSchema(specialGroups[group].schema, { io: 'input', unrepresentable: 'any' })
  const properties = isRecord(json.properties) ? json.properties : {}
  const required = new Set(Array.isArray(json.required) ? json.required : [])
  const defs: GroupFieldDef[] = Object.entries(properties).map(([key, raw]) => {
    const property: JsonProperty = isRecord(raw) ? (raw as JsonProperty) : {}
    const kind = kindOf(property)
    return {
      key,
      kind,
      required: required.has(key),
      options: kind === 'enum' ? orderedOptions(key, (property.enum ?? []).map(String)) : undefined,
      maxLength: property.maxLength,
      min: property.minimum,
      max: property.maximum,
    }
  })
  cache.set(group, defs)
  return defs
}

/** English names of the record fields; core keeps the Chinese ones (`fieldLabels`) with the schemas. */
export const fieldLabelsEn: Readonly<Record<string, string>> = {
  correctionNo: 'Correction number',
  formerDetentionPlace: 'Former place of detention',
  correctionCategory: 'Correction category',
  caseCategory: 'Case category',
  charge: 'Charge',
  originalSentence: 'Original sentence',
  sentenceStart: 'Sentence start',
  sentenceEnd: 'Sentence end',
  correctionStart: 'Correction start',
  correctionEnd: 'Correction end',
  receptionMethod: 'How received',
  isRecidivist: 'Recidivist',
  hasCorrectionTeam: 'Correction team set up',
  correctionTeamMembers: 'Correction team members',
  terminationType: 'How the correction ended',
  absconded: 'Absconded',
  abscondReason: 'Why absconded',
  abscondSupervision: 'Procuratorial supervision (absconding)',
  abscondRemedy: 'Remedy (absconding)',
  missedIntake: 'Missed at intake',
  missedIntakeReason: 'Why missed at intake',
  missedIntakeSupervision: 'Procuratorial supervision (missed intake)',
  missedIntakeRemedy: 'Remedy (missed intake)',
  rewardsAndPunishments: 'Rewards and punishments',
  sentenceChange: 'Changes to the sentence',
  reoffended: 'Reoffended',
  reoffenseCharge: 'Charge on reoffending',
  originalCharge: 'Original charge',
  prisonName: 'Prison',
  releaseDate: 'Release date',
  riskAssessment: 'Risk assessment',
  handoverDate: 'Handover date',
  handoverStatus: 'Handover',
  resettlementDate: 'Resettlement date',
  resettlementStatus: 'Resettlement',
  notResettledReason: 'Why not resettled',
  aftercareStatus: 'Aftercare',
  familyEconomicStatus: 'Family finances',
  onSubsistenceAllowance: 'On subsistence allowance',
  guardianIdNumber: 'Guardian’s ID number',
  guardianName: 'Guardian’s name',
  guardianPhone: 'Guardian’s phone',
  guardianRelation: 'Relation to guardian',
  guardianAddress: 'Guardian’s address',
  firstOnsetDate: 'First onset',
  diagnosis: 'Diagnosis',
  hasIncidentHistory: 'History of incidents',
  incidentCount: 'Number of incidents',
  lastIncidentDate: 'Last incident',
  dangerLevel: 'Danger level (0–5)',
  treatmentStatus: 'Treatment',
  treatmentHospital: 'Hospital',
  hospitalizationReason: 'Why hospitalised',
  rehabilitationInstitution: 'Rehabilitation institution',
  managingPersonnel: 'Managed by',
  assistanceStatus: 'Assistance',
  firstFoundDate: 'First found',
  controlStatus: 'Control',
  controllerName: 'Controller’s name',
  controllerPhone: 'Controller’s phone',
  helperName: 'Helper',
  hasCriminalRecord: 'Criminal record',
  criminalRecord: 'Criminal record details',
  drugUseReason: 'Why drugs were used',
  drugUseConsequence: 'Consequences of drug use',
  personType: 'Kind of person',
  familySituation: 'Family situation',
  hasOffended: 'Has offended',
  offenseDetails: 'Offences',
  helperPhone: 'Helper’s phone',
  assistanceMeans: 'Means of assistance',
  infectionRoute: 'Route of infection',
  attentionType: 'Kind of attention',
  treatmentInstitution: 'Treating institution',
  parentsWhereabouts: 'Where the parents work',
  parentPhone: 'Parents’ phone',
  school: 'School',
  livingAlone: 'Lives alone',
  emergencyContactName: 'Emergency contact',
  emergencyContactPhone: 'Emergency contact’s phone',
  healthStatus: 'Health',
  selfCareAbility: 'Self-care ability',
  assistanceKind: 'Kind of assistance',
  certificateNo: 'Certificate number',
  householdSize: 'Household size',
  monthlyAllowance: 'Monthly allowance (yuan)',
  startDate: 'Since',
  disabilityCategory: 'Kind of disability',
  disabilityLevel: 'Grade of disability',
  petitionMatter: 'Petition matter',
  firstPetitionDate: 'First petition',
  petitionCount: 'Number of petitions',
  isRepeat: 'Repeated petition',
  isCollective: 'Collective petition',
  isLeapfrog: 'Bypassed levels',
  currentStatus: 'Current handling',
  responsiblePerson: 'Responsible official',
  responsiblePhone: 'Responsible official’s phone',
}

export function groupLabel(group: SpecialGroup, locale: AppLocale): string {
  const g = specialGroups[group]
  return locale === 'en' ? g.en : g.zh
}

/** A record field's name: core's Chinese label, or the English one here (the Chinese one when missing). */
export function groupFieldLabel(group: SpecialGroup, key: string, locale: AppLocale): string {
  const zh: string | undefined = (specialGroups[group].fieldLabels as Readonly<Record<string, string>>)[key]
  if (locale === 'en') return fieldLabelsEn[key] ?? zh ?? key
  return zh ?? key
}

const enumLabelsEn: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  correctionCategory: {
    control: 'Public surveillance',
    probation: 'Probation',
    parole: 'Parole',
    medical_parole: 'Temporary service outside prison',
  },
  disabilityCategory: {
    visual: 'Visual',
    hearing: 'Hearing',
    speech: 'Speech',
    physical: 'Physical',
    intellectual: 'Intellectual',
    mental: 'Mental',
    multiple: 'Multiple',
  },
  assistanceKind: { subsistence: 'Subsistence allowance (dibao)', low_income: 'Low-income household' },
}
const enumLabelsZh: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  correctionCategory: correctionCategoryLabels,
  disabilityCategory: disabilityCategoryLabels,
  assistanceKind: assistanceKindLabels,
}
const gradesZh = ['一', '二', '三', '四'] as const

/** An enum value's name: from core's label tables, the relation code table, or the grade. */
export function groupOptionLabel(key: string, value: string, locale: AppLocale): string {
  if (/Relation$/.test(key)) {
    const entry = relationCodes.find((c) => c.code === value)
    return entry ? (locale === 'en' ? entry.en : entry.zh) : value
  }
  if (key === 'disabilityLevel') {
    const n = Number(value)
    return locale === 'en' ? `Grade ${value}` : `${gradesZh[n - 1] ?? value}级`
  }
  const table = locale === 'en' ? enumLabelsEn[key] : enumLabelsZh[key]
  return table?.[value] ?? enumLabelsZh[key]?.[value] ?? value
}

/** A stored value as text: yes/no, an enum's name, a number or the text itself; null when empty. */
export function groupValueText(
  def: GroupFieldDef | undefined,
  key: string,
  value: unknown,
  locale: AppLocale,
  yesNo: { yes: string; no: string },
): string | null {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'boolean') return value ? yesNo.yes : yesNo.no
  if (def?.kind === 'enum' && typeof value === 'string') return groupOptionLabel(key, value, locale)
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  return JSON.stringify(value)
}

/** What a form field holds while being edited. */
export type GroupFieldValue = string | number | boolean | null | undefined

/**
 * The values to send: empty optional fields left out (the schemas are strict and refuse '' for a date),
 * numbers as numbers, texts trimmed.
 */
export function groupFieldsBody(
  defs: readonly GroupFieldDef[],
  values: Readonly<Record<string, GroupFieldValue>>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const def of defs) {
    const value = values[def.key]
    if (value === undefined || value === null) continue
    if (typeof value === 'string') {
      const trimmed = value.trim()
      if (trimmed === '') continue
      if (def.kind === 'integer' || def.kind === 'number') {
        const n = Number(trimmed)
        body[def.key] = Number.isFinite(n) ? n : trimmed
      } else body[def.key] = trimmed
      continue
    }
    body[def.key] = value
  }
  return body
}

/** The form's starting values: what is recorded, and `false` for a required yes/no (a switch is never empty). */
export function groupFieldsInitial(
  defs: readonly GroupFieldDef[],
  recorded: Readonly<Record<string, unknown>> = {},
): Record<string, GroupFieldValue> {
  const values: Record<string, GroupFieldValue> = {}
  for (const def of defs) {
    const value = recorded[def.key]
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      values[def.key] = value
    else if (def.kind === 'boolean' && def.required) values[def.key] = false
    else
      values[def.key] =
        def.kind === 'boolean' ? null : def.kind === 'integer' || def.kind === 'number' ? undefined : ''
  }
  return values
}
