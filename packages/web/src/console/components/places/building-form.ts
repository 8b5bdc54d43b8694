import type { BuildingUse } from '@onegrid/core/registry/places'
import type { TBuilding, TCreateBuilding, TUpdateBuilding } from '../../../shared/api/places.ts'
import {
  blankCommon,
  type CommonForm,
  checkInteger,
  checkPlacing,
  commonBody,
  commonOf,
  isBlank,
  numberOrNull,
  orNull,
  type PlaceFormSpec,
  type Problems,
  updateBody,
  withoutEmpty,
} from './place-form-common.ts'

export const buildingFields = [
  'number',
  'name',
  'address',
  'floorsAbove',
  'floorsBelow',
  'use',
  'builtYear',
  'gridCode',
  'location',
  'tags',
  'note',
  'reason',
] as const
export type BuildingField = (typeof buildingFields)[number]

export interface BuildingForm extends CommonForm {
  number: string
  name: string
  address: string
  floorsAbove: number | undefined
  floorsBelow: number | undefined
  use: BuildingUse
  builtYear: number | undefined
}

export const blankBuilding = (): BuildingForm => ({
  number: '',
  name: '',
  address: '',
  floorsAbove: undefined,
  floorsBelow: 0,
  use: 'residential',
  builtYear: undefined,
  ...blankCommon(),
})

export function buildingFormOf(b: TBuilding): BuildingForm {
  return {
    number: b.number,
    name: b.name ?? '',
    address: b.address,
    floorsAbove: b.floorsAbove,
    floorsBelow: b.floorsBelow,
    use: b.use,
    builtYear: b.builtYear ?? undefined,
    ...commonOf(b),
  }
}

export function checkBuilding(form: BuildingForm): Problems<BuildingField> {
  const problems: Problems<BuildingField> = {}
  if (!/^\d{5}$/.test(form.number.trim()))
    problems.number = isBlank(form.number) ? 'required' : 'buildingNumber'
  if (isBlank(form.address)) problems.address = 'required'
  const above = checkInteger(form.floorsAbove, 1, 200, true)
  if (above) problems.floorsAbove = above
  const below = checkInteger(form.floorsBelow, 0, 20, false)
  if (below) problems.floorsBelow = below
  if (checkInteger(form.builtYear, 1800, 2100, false)) problems.builtYear = 'yearRange'
  const placing = checkPlacing(form, false)
  if (placing) problems.gridCode = placing
  return problems
}

/** Every field as the form says it, nulls for the cleared ones: compared for an update, stripped for a create. */
function fullBody(form: BuildingForm): TCreateBuilding {
  return {
    number: form.number.trim(),
    name: orNull(form.name),
    address: form.address.trim(),
    floorsAbove: form.floorsAbove ?? 1,
    floorsBelow: form.floorsBelow ?? 0,
    use: form.use,
    builtYear: numberOrNull(form.builtYear),
    ...commonBody(form),
  }
}

export const buildingCreateBody = (form: BuildingForm): TCreateBuilding => withoutEmpty(fullBody(form))

export const buildingUpdateBody = (form: BuildingForm, before: TBuilding): TUpdateBuilding =>
  updateBody(fullBody(form), fullBody(buildingFormOf(before)), before.version, form.reason)

/** The building form, for usePlaceRecordForm. */
export const buildingForm: PlaceFormSpec<'building', BuildingField, BuildingForm> = {
  kind: 'building',
  fields: buildingFields,
  blank: blankBuilding,
  formOf: buildingFormOf,
  check: checkBuilding,
  createBody: buildingCreateBody,
  updateBody: buildingUpdateBody,
}
