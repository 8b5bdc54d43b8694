import type { ComponentState } from '@onegrid/core/registry/component-code'
import { parseComponentCode } from '@onegrid/core/registry/component-code'
import type { TComponent, TCreateComponent, TUpdateComponent } from '../../../shared/api/places.ts'
import {
  blankCommon,
  type CommonForm,
  checkPlacing,
  commonBody,
  commonOf,
  isBlank,
  orNull,
  orUndefined,
  type PlaceFormSpec,
  type Problems,
  updateBody,
  withoutEmpty,
} from './place-form-common.ts'

export const componentFields = [
  'code',
  'name',
  'state',
  'department',
  'ownerUnit',
  'maintainer',
  'address',
  'initialDate',
  'source',
  'gridCode',
  'location',
  'tags',
  'note',
  'reason',
] as const
export type ComponentField = (typeof componentFields)[number]

export interface ComponentForm extends CommonForm {
  code: string
  /** Empty: the class's name (e.g. 雨水井盖). */
  name: string
  state: ComponentState
  department: string
  ownerUnit: string
  maintainer: string
  address: string
  initialDate: string | null
  source: string
}

export const blankComponent = (): ComponentForm => ({
  code: '',
  name: '',
  state: 'intact',
  department: '',
  ownerUnit: '',
  maintainer: '',
  address: '',
  initialDate: null,
  source: '',
  ...blankCommon(),
})

export function componentFormOf(c: TComponent): ComponentForm {
  return {
    code: c.code,
    name: c.name,
    state: c.state,
    department: c.department,
    ownerUnit: c.ownerUnit ?? '',
    maintainer: c.maintainer ?? '',
    address: c.address ?? '',
    initialDate: c.initialDate,
    source: c.source ?? '',
    ...commonOf(c),
  }
}

/** The identifier as typed, read as the server will (scheme and class), or null while it is not one. */
export function readComponentCode(code: string) {
  const parsed = parseComponentCode(code)
  return parsed.ok ? parsed : null
}

export function checkComponent(form: ComponentForm): Problems<ComponentField> {
  const problems: Problems<ComponentField> = {}
  if (isBlank(form.code)) problems.code = 'required'
  else if (!readComponentCode(form.code)) problems.code = 'componentCode'
  if (isBlank(form.department)) problems.department = 'required'
  // A component census records every component's coordinates.
  const placing = checkPlacing(form, true)
  if (placing) problems.location = placing
  return problems
}

function fullBody(form: ComponentForm): TCreateComponent {
  return {
    code: form.code.replace(/\s+/g, ''),
    name: orUndefined(form.name),
    state: form.state,
    department: form.department.trim(),
    ownerUnit: orNull(form.ownerUnit),
    maintainer: orNull(form.maintainer),
    address: orNull(form.address),
    initialDate: form.initialDate || null,
    source: orNull(form.source),
    ...commonBody(form),
  }
}

export const componentCreateBody = (form: ComponentForm): TCreateComponent => withoutEmpty(fullBody(form))

export const componentUpdateBody = (form: ComponentForm, before: TComponent): TUpdateComponent =>
  updateBody(fullBody(form), fullBody(componentFormOf(before)), before.version, form.reason)

/** The component form, for usePlaceRecordForm. */
export const componentForm: PlaceFormSpec<'component', ComponentField, ComponentForm> = {
  kind: 'component',
  fields: componentFields,
  blank: blankComponent,
  formOf: componentFormOf,
  check: checkComponent,
  createBody: componentCreateBody,
  updateBody: componentUpdateBody,
}
