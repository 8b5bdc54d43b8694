import type { ColumnType, Generated } from 'kysely'
import type { Json, Timestamp } from '../../platform/db/schema.ts'

type Defaulted<T> = ColumnType<T, T | undefined, T>
/** A `date` column, written as 'YYYY-MM-DD'; queries read it as `::text` (the drivers differ on Date). */
type DateColumn = string

export interface RegistryHouseholdsTable {
  id: Generated<number>
  kind: Defaulted<string>
  grid_code: string
  area_path: string
  address_cipher: string | null
  address_masked: string | null
  non_local: Defaulted<boolean>
  note: string | null
  version: Defaulted<number>
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RegistryPersonsTable {
  id: Generated<number>
  name: string
  name_pinyin: string
  name_initials: string
  document_kind: string
  document_cipher: string | null
  document_masked: string | null
  document_index: string | null
  sex: Defaulted<string>
  birth_date: DateColumn | null
  ethnicity: string | null
  education: string | null
  phone_cipher: string | null
  phone_masked: string | null
  phone_index: string | null
  address_cipher: string | null
  address_masked: string | null
  hukou_region: string | null
  hukou_address_cipher: string | null
  hukou_address_masked: string | null
  non_local: Defaulted<boolean>
  status: Defaulted<string>
  tags: Defaulted<string[]>
  household_id: number | null
  relation: string | null
  grid_code: string
  area_path: string
  note: string | null
  version: Defaulted<number>
  created_by: number | null
  updated_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RegistryGroupMembersTable {
  id: Generated<number>
  person_id: number
  group_key: string
  fields_cipher: string
  risk_level: Defaulted<string>
  risk_reason: string | null
  risk_set_by: number | null
  risk_set_at: Timestamp | null
  helper_ids: Defaulted<number[]>
  visit_every_days: number
  since: DateColumn | null
  ended_on: DateColumn | null
  grid_code: string
  area_path: string
  version: Defaulted<number>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RegistryHistoryTable {
  id: Generated<number>
  entity_type: string
  entity_id: number
  action: string
  changes: Json<Record<string, [unknown, unknown]>>
  reason: string | null
  actor_id: number | null
  actor_name: string
  at: Timestamp
}

export interface RegistryTables {
  registry_households: RegistryHouseholdsTable
  registry_persons: RegistryPersonsTable
  registry_group_members: RegistryGroupMembersTable
  registry_history: RegistryHistoryTable
}
