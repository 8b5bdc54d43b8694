import type { TTenancy, TTenancyInput } from '../../../shared/api/places.ts'
import { orNull, type Problems } from './place-form-common.ts'

export const tenancyFields = [
  'personId',
  'room',
  'startDate',
  'endDate',
  'contractNo',
  'registered',
  'note',
] as const
export type TenancyField = (typeof tenancyFields)[number]

export interface TenancyForm {
  personId: number | null
  room: string
  startDate: string | null
  endDate: string | null
  contractNo: string
  registered: boolean
  note: string
}

export const blankTenancy = (today: string): TenancyForm => ({
  personId: null,
  room: '',
  startDate: today,
  endDate: null,
  contractNo: '',
  registered: false,
  note: '',
})

export function checkTenancy(form: TenancyForm): Problems<TenancyField> {
  const problems: Problems<TenancyField> = {}
  if (form.personId === null) problems.personId = 'required'
  if (!form.startDate) problems.startDate = 'required'
  else if (form.endDate && form.endDate < form.startDate) problems.endDate = 'endBeforeStart'
  return problems
}

export function tenancyBody(form: TenancyForm): TTenancyInput {
  const body: TTenancyInput = {
    personId: form.personId ?? 0,
    startDate: form.startDate ?? '',
    registered: form.registered,
  }
  const room = orNull(form.room)
  if (room) body.room = room
  if (form.endDate) body.endDate = form.endDate
  const contract = orNull(form.contractNo)
  if (contract) body.contractNo = contract
  const note = orNull(form.note)
  if (note) body.note = note
  return body
}

/** Ending a tenancy: on or after its start. */
export function checkEnd(
  tenancy: Pick<TTenancy, 'startDate'>,
  endDate: string | null,
): 'required' | 'endBeforeStart' | null {
  if (!endDate) return 'required'
  return endDate < tenancy.startDate ? 'endBeforeStart' : null
}
