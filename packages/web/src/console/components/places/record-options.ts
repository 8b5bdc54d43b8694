import { searchBuildings, searchOrganizations } from '../../../shared/api/places.ts'
import { searchPersons } from '../../../shared/api/registry.ts'

/** A record a picker offers: its id, its name, and what tells it apart from namesakes. */
export interface RecordOption {
  value: number
  label: string
  hint?: string
}

// The choices offered for what was typed: the first page of the server's search.

export async function buildingOptions(q: string): Promise<RecordOption[]> {
  const { items } = await searchBuildings({ q, pageSize: 20 })
  return items.map((b) => ({ value: b.id, label: b.name ?? b.address, hint: b.name ? b.address : b.code }))
}

export async function organizationOptions(q: string): Promise<RecordOption[]> {
  const { items } = await searchOrganizations({ q, pageSize: 20 })
  return items.map((o) => ({ value: o.id, label: o.name, hint: o.creditCode }))
}

/** Persons by name, pinyin or initials; their masked document tells namesakes apart. */
export async function personOptions(q: string): Promise<RecordOption[]> {
  const { items } = await searchPersons({ q, pageSize: 20 })
  return items.map((p) => ({
    value: p.id,
    label: p.name,
    hint: [p.documentMasked, p.gridName].filter(Boolean).join(' · '),
  }))
}
