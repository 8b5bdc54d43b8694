import type { TCatalogField } from '@onegrid/core/api/catalog'
import type { TReportCase } from '../../../shared/api/cases.ts'

/**
 * The report form as the page keeps it, and the reportCase body it becomes. Files are not in the body:
 * the queue uploads them first (uploadAttachment) and appends their ids to `attachmentIds`, photos of
 * the scene, evidence of the fix, voice note and video alike (the server counts the images for the
 * photo rules of report and self_handle).
 */
export interface ReportForm {
  itemCode: string | null
  description: string
  address: string
  /** Where it is: the GPS fix or the pin moved by hand. */
  location: { lng: number; lat: number } | null
  /** The grid chosen by hand when there is no location (normally the server finds it from the point). */
  gridCode: string | null
  urgency: 'normal' | 'urgent' | 'critical'
  /** Values of the item's report fields (报送表单). */
  fields: Record<string, unknown>
  /** 自处置: fixed on the spot; a note and an after-photo are required. */
  selfHandle: boolean
  handlingNote: string
  /** Values of the item's handling form (处置表单) when self-handling. */
  handlingFields: Record<string, unknown>
  /** When it happened (ISO); left out, the server takes the time of the report. */
  occurredAt: string | null
}

export function blankForm(): ReportForm {
  return {
    itemCode: null,
    description: '',
    address: '',
    location: null,
    gridCode: null,
    urgency: 'normal',
    fields: {},
    selfHandle: false,
    handlingNote: '',
    handlingFields: {},
    occurredAt: null,
  }
}

const rounded = (v: number) => Math.round(v * 1e7) / 1e7

const filled = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  !(typeof v === 'string' && v.trim() === '') &&
  !(Array.isArray(v) && v.length === 0)

/** Only the values the form asks, trimmed, the empty ones left out (the server refuses unknown keys). */
function formValues(
  values: Record<string, unknown>,
  fields: readonly TCatalogField[],
  form: 'report' | 'handling',
): Record<string, unknown> {
  const asked = new Set(fields.filter((f) => f.forms.includes(form)).map((f) => f.key))
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) {
    if (!asked.has(key) || !filled(value)) continue
    out[key] = typeof value === 'string' ? value.trim() : value
  }
  return out
}

/**
 * The reportCase body for the form: a grid worker's report (channel grid_worker), the item's name as
 * its title, the point (or a chosen grid), and for 自处置 `selfHandle: true` with `handlingNote` and the
 * handling form — the one step `self_handle` of the state machine.
 */
export function reportBody(form: ReportForm, fields: readonly TCatalogField[] = []): TReportCase {
  if (!form.itemCode) throw new Error('reportBody: no item chosen')
  const body: TReportCase = {
    itemCode: form.itemCode,
    channel: 'grid_worker',
    description: form.description.trim(),
    urgency: form.urgency,
    fields: formValues(form.fields, fields, 'report'),
    attachmentIds: [],
    selfHandle: form.selfHandle,
  }
  const address = form.address.trim()
  if (address) body.address = address
  if (form.location) body.location = { lng: rounded(form.location.lng), lat: rounded(form.location.lat) }
  else if (form.gridCode) body.gridCode = form.gridCode
  if (form.occurredAt) body.occurredAt = form.occurredAt
  if (form.selfHandle) {
    body.handlingNote = form.handlingNote.trim()
    body.handlingFields = formValues(form.handlingFields, fields, 'handling')
  }
  return body
}

export type ReportProblem =
  | 'item'
  | 'description'
  | 'place'
  | 'photo'
  | 'handlingNote'
  | 'evidence'
  | `field:${string}`
  | `handlingField:${string}`

/** Field types the phone can fill in; a required field of another type blocks the report with a hint. */
export const fillableTypes: readonly TCatalogField['type'][] = [
  'text',
  'number',
  'date',
  'single_choice',
  'multi_choice',
  'person',
]

/**
 * What keeps the form from being sent, in the order of the form (the page scrolls to the first):
 * the checks the server would make, made on the phone so an offline report is not refused later.
 */
export function reportProblems(
  form: ReportForm,
  media: { photos: number; evidence: number },
  item: { photoRequired: boolean; selfHandle: boolean } | null,
  fields: readonly TCatalogField[] = [],
): ReportProblem[] {
  const problems: ReportProblem[] = []
  if (!form.itemCode || !item) problems.push('item')
  if (form.description.trim().length < 2) problems.push('description')
  if (!form.location && !form.gridCode) problems.push('place')
  if (item?.photoRequired && media.photos + media.evidence === 0) problems.push('photo')
  for (const f of fields)
    if (f.required && f.forms.includes('report') && !filled(form.fields[f.key]))
      problems.push(`field:${f.key}`)
  if (form.selfHandle) {
    if (!form.handlingNote.trim()) problems.push('handlingNote')
    if (media.evidence === 0) problems.push('evidence')
    for (const f of fields)
      if (f.required && f.forms.includes('handling') && !filled(form.handlingFields[f.key]))
        problems.push(`handlingField:${f.key}`)
  }
  return problems
}

/** The prefill a visit (or any page) passes in the address: `?description=&lat=&lng=&visitId=&personId=`. */
export interface ReportPrefill {
  description?: string
  location?: { lng: number; lat: number }
  visitId?: string
  personId?: number
}

const one = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined

export function readPrefill(query: Record<string, unknown>): ReportPrefill {
  const out: ReportPrefill = {}
  const description = one(query.description)?.trim()
  if (description) out.description = description.slice(0, 4000)
  const lng = Number(one(query.lng))
  const lat = Number(one(query.lat))
  if (one(query.lng) && one(query.lat) && lng >= 73 && lng <= 136 && lat >= 3 && lat <= 54)
    out.location = { lng, lat }
  const visitId = one(query.visitId)?.trim()
  if (visitId) out.visitId = visitId.slice(0, 64)
  const personId = Number(one(query.personId))
  if (Number.isSafeInteger(personId) && personId > 0) out.personId = personId
  return out
}

/**
 * The person of a visit goes into the item's first report field that names a person (当事人, 涉及人员):
 * reportCase has no separate party list, the item's person fields are how a case names its parties.
 */
export function personFieldKey(fields: readonly TCatalogField[]): string | null {
  return fields.find((f) => f.type === 'person' && f.forms.includes('report'))?.key ?? null
}
