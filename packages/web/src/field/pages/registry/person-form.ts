import type { TCreatePerson, TPerson, TUpdatePerson } from '../../../shared/api/registry.ts'

export type PersonStatus = TPerson['status']
export type DocumentKind = TPerson['documentKind']

export const documentKindList: readonly DocumentKind[] = [
  'id_card',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent',
  'other',
]
export const personStatusList: readonly PersonStatus[] = ['active', 'moved_out', 'deceased']
/** GB/T 4761 relations a grid worker picks from on the phone (户主 02 first). */
export const relationList = ['02', '10', '20', '30', '50', '60', '70', '99'] as const

/** What the phone's form holds; empty text means "not given" (new) or "unchanged" (correction). */
export interface PersonForm {
  name: string
  documentKind: DocumentKind
  documentNumber: string
  phone: string
  address: string
  status: PersonStatus
  gridCode: string
  householdId: number | null
  relation: string
  reason: string
}

export const blankPersonForm = (init: Partial<PersonForm> = {}): PersonForm => ({
  name: '',
  documentKind: 'id_card',
  documentNumber: '',
  phone: '',
  address: '',
  status: 'active',
  gridCode: '',
  householdId: null,
  relation: '',
  reason: '',
  ...init,
})

/** The form of a correction starts from the record: personal fields blank (they are masked), the rest as read. */
export function formOf(person: TPerson): PersonForm {
  return blankPersonForm({
    name: person.name,
    documentKind: person.documentKind,
    status: person.status,
    gridCode: person.gridCode,
    householdId: person.householdId,
    relation: person.relation ?? '',
  })
}

export type PersonProblem = 'name' | 'gridCode' | 'nothing'

/** The createPerson body: what was filled in, the number upper-cased and without spaces. */
export function createBody(form: PersonForm): TCreatePerson {
  const number = form.documentNumber.replace(/\s+/g, '').toUpperCase()
  return {
    name: form.name.trim(),
    documentKind: form.documentKind,
    ...(number ? { documentNumber: number } : {}),
    ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
    ...(form.address.trim() ? { address: form.address.trim() } : {}),
    gridCode: form.gridCode,
    ...(form.householdId !== null ? { householdId: form.householdId, relation: form.relation || '99' } : {}),
  }
}

export function createProblems(form: PersonForm): PersonProblem[] {
  const out: PersonProblem[] = []
  if (!form.name.trim()) out.push('name')
  if (!form.gridCode) out.push('gridCode')
  return out
}

/**
 * The updatePerson body (PATCH): only what the worker changed, at the version read, with the reason for
 * the record's history. Null when nothing changed.
 */
export function updateBody(person: TPerson, form: PersonForm, defaultReason: string): TUpdatePerson | null {
  const changes: Omit<TUpdatePerson, 'version' | 'reason'> = {}
  if (form.name.trim() && form.name.trim() !== person.name) changes.name = form.name.trim()
  if (form.phone.trim()) changes.phone = form.phone.trim()
  if (form.address.trim()) changes.address = form.address.trim()
  if (form.status !== person.status) changes.status = form.status
  if (form.householdId !== person.householdId) {
    changes.householdId = form.householdId
    changes.relation = form.householdId === null ? null : form.relation || '99'
  } else if (form.householdId !== null && form.relation && form.relation !== (person.relation ?? '')) {
    changes.relation = form.relation
  }
  if (Object.keys(changes).length === 0) return null
  return { ...changes, version: person.version, reason: form.reason.trim() || defaultReason }
}

const cachePrefix = 'onegrid.field.person.'

/** A person read online, kept (masked, as the server sends it) so a correction can be made offline later. */
export function keepPerson(person: TPerson, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(`${cachePrefix}${person.id}`, JSON.stringify(person))
  } catch {
    // A full storage only loses the offline copy.
  }
}

export function keptPerson(id: number, storage: Pick<Storage, 'getItem'> = localStorage): TPerson | null {
  try {
    const raw = storage.getItem(`${cachePrefix}${id}`)
    return raw ? (JSON.parse(raw) as TPerson) : null
  } catch {
    return null
  }
}
