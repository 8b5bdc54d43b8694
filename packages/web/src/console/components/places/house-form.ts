import type { HouseUse } from '@onegrid/core/registry/places'
import type { TCreateHouse, THouse, TUpdateHouse } from '../../../shared/api/places.ts'
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
  orUndefined,
  type PlaceFormSpec,
  type Problems,
  updateBody,
  withoutEmpty,
} from './place-form-common.ts'

export const houseFields = [
  'buildingId',
  'unit',
  'floor',
  'roomNo',
  'address',
  'areaM2',
  'use',
  'rooms',
  'ownerPersonId',
  'ownerOrganizationId',
  'ownerName',
  'gridCode',
  'location',
  'tags',
  'note',
  'reason',
] as const
export type HouseField = (typeof houseFields)[number]

/** Who owns the house: a person of the registry, an organization, someone only named, or not recorded. */
export type OwnerKind = 'none' | 'person' | 'organization' | 'name'

export interface HouseForm extends CommonForm {
  buildingId: number | null
  unit: string
  floor: number | undefined
  roomNo: string
  /** Empty: built from the building's address, unit and room. */
  address: string
  areaM2: number | undefined
  use: HouseUse
  rooms: number | undefined
  ownerKind: OwnerKind
  ownerPersonId: number | null
  ownerOrganizationId: number | null
  ownerName: string
}

export const blankHouse = (buildingId: number | null = null): HouseForm => ({
  buildingId,
  unit: '',
  floor: undefined,
  roomNo: '',
  address: '',
  areaM2: undefined,
  use: 'owner_occupied',
  rooms: undefined,
  ownerKind: 'none',
  ownerPersonId: null,
  ownerOrganizationId: null,
  ownerName: '',
  ...blankCommon(),
})

function ownerKindOf(h: THouse): OwnerKind {
  if (h.ownerPersonId !== null) return 'person'
  if (h.ownerOrganizationId !== null) return 'organization'
  return h.owner ? 'name' : 'none'
}

export function houseFormOf(h: THouse): HouseForm {
  const ownerKind = ownerKindOf(h)
  return {
    buildingId: h.buildingId,
    unit: h.unit ?? '',
    floor: h.floor ?? undefined,
    roomNo: h.roomNo,
    address: h.address,
    areaM2: h.areaM2 ?? undefined,
    use: h.use,
    rooms: h.rooms ?? undefined,
    ownerKind,
    ownerPersonId: h.ownerPersonId,
    ownerOrganizationId: h.ownerOrganizationId,
    ownerName: ownerKind === 'name' ? (h.owner ?? '') : '',
    ...commonOf(h),
  }
}

export function checkHouse(form: HouseForm): Problems<HouseField> {
  const problems: Problems<HouseField> = {}
  if (isBlank(form.roomNo)) problems.roomNo = 'required'
  if (checkInteger(form.floor, -20, 200, false)) problems.floor = 'integer'
  if (checkInteger(form.rooms, 0, 500, false)) problems.rooms = 'integer'
  if (form.areaM2 !== undefined && form.areaM2 !== null && !(form.areaM2 > 0)) problems.areaM2 = 'integer'
  if (form.ownerKind === 'person' && form.ownerPersonId === null) problems.ownerPersonId = 'required'
  if (form.ownerKind === 'organization' && form.ownerOrganizationId === null)
    problems.ownerOrganizationId = 'required'
  if (form.ownerKind === 'name' && isBlank(form.ownerName)) problems.ownerName = 'required'
  // A house in a building takes its grid, place and address from it; one on its own needs them.
  if (form.buildingId === null) {
    if (isBlank(form.address)) problems.address = 'required'
    const placing = checkPlacing(form, false)
    if (placing) problems.gridCode = placing
  }
  return problems
}

function fullBody(form: HouseForm): TCreateHouse {
  const owner = form.ownerKind
  const body: TCreateHouse = {
    buildingId: form.buildingId,
    unit: orNull(form.unit),
    floor: numberOrNull(form.floor),
    roomNo: form.roomNo.trim(),
    address: orUndefined(form.address),
    areaM2: numberOrNull(form.areaM2),
    use: form.use,
    rooms: numberOrNull(form.rooms),
    ownerPersonId: owner === 'person' ? form.ownerPersonId : null,
    ownerOrganizationId: owner === 'organization' ? form.ownerOrganizationId : null,
    ownerName: owner === 'name' ? orNull(form.ownerName) : null,
    ...commonBody(form),
  }
  // In a building, where it is comes from the building unless the form was given a place of its own.
  if (form.buildingId !== null && !form.gridCode && !form.location) delete body.location
  return body
}

export const houseCreateBody = (form: HouseForm): TCreateHouse => withoutEmpty(fullBody(form))

export const houseUpdateBody = (form: HouseForm, before: THouse): TUpdateHouse =>
  updateBody(fullBody(form), fullBody(houseFormOf(before)), before.version, form.reason)

/** The house form, for usePlaceRecordForm. */
export const houseForm: PlaceFormSpec<'house', HouseField, HouseForm> = {
  kind: 'house',
  fields: houseFields,
  blank: () => blankHouse(),
  formOf: houseFormOf,
  check: checkHouse,
  createBody: houseCreateBody,
  updateBody: houseUpdateBody,
}
