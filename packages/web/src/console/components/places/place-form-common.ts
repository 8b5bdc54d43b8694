import type { TPoint } from '@onegrid/core/api/cases'
import type { PlaceKind } from '@onegrid/core/registry/places'
import type { PlaceDetail, PlaceTypes } from '../../../shared/api/places.ts'

/**
 * What a form finds wrong before sending, per field, as a code the dialog turns into words (so these
 * checks are tested without a page): the same checks the server makes, so its message would say the same.
 */
export type Problem =
  | 'required'
  | 'buildingNumber'
  | 'integer'
  | 'yearRange'
  | 'creditFormat'
  | 'creditCheck'
  | 'componentCode'
  | 'nationalCode'
  | 'streamUrl'
  | 'phone'
  | 'gridOrPoint'
  | 'pointRequired'
  | 'endBeforeStart'

export type Problems<F extends string> = Partial<Record<F, Problem>>

/** Where a record is: the grid chosen (or found at the point), and the point on the map. */
export interface Placing {
  gridCode: string | null
  location: TPoint | null
}

/** What every place form has besides its own fields. */
export interface CommonForm extends Placing {
  tags: string[]
  note: string
  /** Why it was changed (editing only), kept in the history. */
  reason: string
}

export const blankCommon = (): CommonForm => ({
  gridCode: null,
  location: null,
  tags: [],
  note: '',
  reason: '',
})

export function commonOf(record: {
  gridCode: string
  location: TPoint | null
  tags: string[]
  note: string | null
}): CommonForm {
  return {
    gridCode: record.gridCode,
    location: record.location ? { ...record.location } : null,
    tags: [...record.tags],
    note: record.note ?? '',
    reason: '',
  }
}

/**
 * One kind's form, as its dialog hands it to usePlaceRecordForm: its fields, how it starts (blank or from
 * a record), its checks, and the bodies it sends.
 */
export interface PlaceFormSpec<K extends PlaceKind, F extends string, Form extends CommonForm> {
  kind: K
  fields: readonly F[]
  blank: () => Form
  formOf: (record: PlaceDetail<K>) => Form
  check: (form: Form) => Problems<F>
  createBody: (form: Form) => PlaceTypes[K]['create']
  updateBody: (form: Form, before: PlaceDetail<K>) => PlaceTypes[K]['update']
}

/** Empty text is no value: null for fields the server lets be cleared. */
export const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim())
/** Empty text is no value: left out for fields the server only replaces. */
export const orUndefined = (value: string): string | undefined =>
  value.trim() === '' ? undefined : value.trim()
export const numberOrNull = (value: number | null | undefined): number | null =>
  value === undefined || value === null || Number.isNaN(value) ? null : value

export const isBlank = (value: string) => value.trim() === ''

/** A whole number within bounds, or nothing when the field may be empty. */
export function checkInteger(
  value: number | null | undefined,
  min: number,
  max: number,
  required: boolean,
): Problem | undefined {
  if (value === undefined || value === null || Number.isNaN(value)) return required ? 'required' : undefined
  return Number.isInteger(value) && value >= min && value <= max ? undefined : 'integer'
}

/** A record needs its grid, or a point that finds it; components and cameras need the point itself. */
export function checkPlacing(placing: Placing, needsPoint: boolean): Problem | undefined {
  if (needsPoint) return placing.location ? undefined : 'pointRequired'
  return placing.gridCode || placing.location ? undefined : 'gridOrPoint'
}

/** Tags, note and where, as every create and update body carries them. */
export function commonBody(form: CommonForm): {
  gridCode?: string
  location?: TPoint | null
  tags: string[]
  note: string | null
} {
  return {
    ...(form.gridCode ? { gridCode: form.gridCode } : {}),
    location: form.location,
    tags: form.tags,
    note: orNull(form.note),
  }
}

/** A body without the fields that say nothing (null, undefined, an empty list): what a create sends. */
export function withoutEmpty<T extends object>(body: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue
    if (Array.isArray(value) && value.length === 0) continue
    out[key] = value
  }
  return out as T
}

/**
 * The fields of `next` that differ from `before` (both built from a form the same way): what an update
 * sends. A field `next` leaves out is not changed, which is how typed-anew secrets (phones, stream URLs)
 * stay as they are when left empty.
 */
export function changedFields<T extends object>(next: T, before: T): Partial<T> {
  const out: Record<string, unknown> = {}
  const was = before as Record<string, unknown>
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue
    if (JSON.stringify(value) !== JSON.stringify(was[key] ?? null)) out[key] = value
  }
  return out as Partial<T>
}

/** An update body: the changed fields, the version read and the reason when one is given. */
export function updateBody<T extends object>(
  next: T,
  before: T,
  version: number,
  reason: string,
): Partial<T> & { version: number; reason?: string } {
  const changed = changedFields(next, before)
  const why = reason.trim()
  return { ...changed, version, ...(why ? { reason: why } : {}) }
}

/** True when an update body changes nothing (only the version and the reason). */
export const changesNothing = (body: object) =>
  Object.keys(body).every((key) => key === 'version' || key === 'reason')

/**
 * The server's field path to the form's field: `tags.2` is the tags box, a nested part its field. Fields the
 * form does not have are left to the message above the form.
 */
export function formFieldOf<F extends string>(fields: readonly F[]): (path: string) => F | undefined {
  return (path) => {
    const head = path.split('.')[0] ?? path
    return fields.find((f) => f === head)
  }
}
