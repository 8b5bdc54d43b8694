import { parseCreditCode } from '@onegrid/core/registry/credit-code'
import { normalizePhone } from '@onegrid/core/registry/phone'
import type { OrganizationKind, OrganizationStatus } from '@onegrid/core/registry/places'
import type { TCreateOrganization, TOrganization, TUpdateOrganization } from '../../../shared/api/places.ts'
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

export const organizationFields = [
  'creditCode',
  'name',
  'kind',
  'status',
  'industry',
  'address',
  'legalRepresentative',
  'legalRepresentativePhone',
  'employees',
  'safetyContact',
  'safetyContactPhone',
  'keyFireUnit',
  'gridCode',
  'location',
  'tags',
  'note',
  'reason',
] as const
export type OrganizationField = (typeof organizationFields)[number]

export interface OrganizationForm extends CommonForm {
  creditCode: string
  name: string
  kind: OrganizationKind
  status: OrganizationStatus
  industry: string
  address: string
  legalRepresentative: string
  /** The phones travel masked: typed anew to change them, left empty to keep them. */
  legalRepresentativePhone: string
  employees: number | undefined
  safetyContact: string
  safetyContactPhone: string
  keyFireUnit: boolean
}

export const blankOrganization = (): OrganizationForm => ({
  creditCode: '',
  name: '',
  kind: 'enterprise',
  status: 'operating',
  industry: '',
  address: '',
  legalRepresentative: '',
  legalRepresentativePhone: '',
  employees: undefined,
  safetyContact: '',
  safetyContactPhone: '',
  keyFireUnit: false,
  ...blankCommon(),
})

export function organizationFormOf(o: TOrganization): OrganizationForm {
  return {
    creditCode: o.creditCode,
    name: o.name,
    kind: o.kind,
    status: o.status,
    industry: o.industry ?? '',
    address: o.address,
    legalRepresentative: o.legalRepresentative ?? '',
    legalRepresentativePhone: '',
    employees: o.employees ?? undefined,
    safetyContact: o.safetyContact ?? '',
    safetyContactPhone: '',
    keyFireUnit: o.keyFireUnit,
    ...commonOf(o),
  }
}

/** The credit code as typed, read as the server will, or null while it is empty. */
export const readCreditCode = (code: string) => (isBlank(code) ? null : parseCreditCode(code))

export function checkOrganization(form: OrganizationForm): Problems<OrganizationField> {
  const problems: Problems<OrganizationField> = {}
  const credit = readCreditCode(form.creditCode)
  if (!credit) problems.creditCode = 'required'
  else if (!credit.ok) problems.creditCode = credit.reason === 'check_char' ? 'creditCheck' : 'creditFormat'
  if (isBlank(form.name)) problems.name = 'required'
  if (isBlank(form.address)) problems.address = 'required'
  for (const field of ['legalRepresentativePhone', 'safetyContactPhone'] as const) {
    if (!isBlank(form[field]) && !normalizePhone(form[field])) problems[field] = 'phone'
  }
  if (checkInteger(form.employees, 0, 1_000_000, false)) problems.employees = 'integer'
  const placing = checkPlacing(form, false)
  if (placing) problems.gridCode = placing
  return problems
}

function fullBody(form: OrganizationForm): TCreateOrganization {
  return {
    creditCode: form.creditCode.trim().toUpperCase(),
    name: form.name.trim(),
    kind: form.kind,
    status: form.status,
    industry: orNull(form.industry),
    address: form.address.trim(),
    legalRepresentative: orNull(form.legalRepresentative),
    ...(isBlank(form.legalRepresentativePhone)
      ? {}
      : { legalRepresentativePhone: form.legalRepresentativePhone.trim() }),
    employees: numberOrNull(form.employees),
    safetyContact: orNull(form.safetyContact),
    ...(isBlank(form.safetyContactPhone) ? {} : { safetyContactPhone: form.safetyContactPhone.trim() }),
    keyFireUnit: form.keyFireUnit,
    ...commonBody(form),
  }
}

export function organizationCreateBody(form: OrganizationForm): TCreateOrganization {
  const body = withoutEmpty(fullBody(form))
  // A new record is 在营 unless told otherwise, and not a key fire unit unless marked.
  if (body.status === 'operating') delete body.status
  if (!body.keyFireUnit) delete body.keyFireUnit
  return body
}

export const organizationUpdateBody = (form: OrganizationForm, before: TOrganization): TUpdateOrganization =>
  updateBody(fullBody(form), fullBody(organizationFormOf(before)), before.version, form.reason)

/** The organization form, for usePlaceRecordForm. */
export const organizationForm: PlaceFormSpec<'organization', OrganizationField, OrganizationForm> = {
  kind: 'organization',
  fields: organizationFields,
  blank: blankOrganization,
  formOf: organizationFormOf,
  check: checkOrganization,
  createBody: organizationCreateBody,
  updateBody: organizationUpdateBody,
}
