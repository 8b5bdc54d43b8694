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
  number: string | null
  /** The house it lives in (places). */
  house_id: Defaulted<number | null>
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

export interface RegistryImportsTable {
  id: Generated<number>
  kind: string
  file_name: string
  format: string
  blob_sha256: string
  headers: Json<string[]>
  mapping: Json<Record<string, number>> | null
  default_grid_code: string | null
  status: string
  total_rows: number | null
  valid_rows: number | null
  invalid_rows: number | null
  committed_rows: number | null
  households: number | null
  error_report_sha256: string | null
  failure: string | null
  job_id: number | null
  scope: Json<{ areaPaths: string[]; unitIds: number[] }>
  created_by: number
  created_at: Timestamp
  updated_at: Timestamp
}

/** A validated row waiting to be moved into registry_persons: the same columns, or its errors. */
export interface RegistryImportRowsTable {
  import_id: number
  row_no: number
  errors: Json<unknown[]> | null
  name: string | null
  name_pinyin?: string | null
  name_initials?: string | null
  document_kind?: string | null
  document_cipher?: string | null
  document_masked?: string | null
  document_index?: string | null
  sex?: string | null
  birth_date?: string | null
  ethnicity?: string | null
  education?: string | null
  phone_cipher?: string | null
  phone_masked?: string | null
  phone_index?: string | null
  address_cipher?: string | null
  address_masked?: string | null
  hukou_region?: string | null
  hukou_address_cipher?: string | null
  hukou_address_masked?: string | null
  non_local?: boolean | null
  tags?: string[] | null
  relation?: string | null
  note?: string | null
  household_number?: string | null
  grid_code?: string | null
  area_path?: string | null
  /** Houses and organizations: the target table's columns, snake_case, as one object. */
  payload?: Json<Record<string, unknown>> | null
}

export interface RegistryTables {
  registry_households: RegistryHouseholdsTable
  registry_persons: RegistryPersonsTable
  registry_group_members: RegistryGroupMembersTable
  registry_history: RegistryHistoryTable
  registry_imports: RegistryImportsTable
  registry_import_rows: RegistryImportRowsTable
}
