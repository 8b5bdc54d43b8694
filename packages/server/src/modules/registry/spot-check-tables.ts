import type { ColumnType, Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

type Defaulted<T> = ColumnType<T, T | undefined, T>

export interface RegistrySpotChecksTable {
  id: Generated<number>
  name: string
  area_code: string
  area_path: string
  sample_per_grid: number
  method: string
  /** A `date`, written as 'YYYY-MM-DD'; queries read it as `::text`. */
  due_on: string | null
  status: Defaulted<string>
  /** int8, read as a number (database.ts); seeds stay below 2^53. */
  seed: number
  created_by: number | null
  created_at: Timestamp
  /** Set with `status = 'closed'` (a CHECK keeps them together). */
  closed_at: NullableTimestamp
  closed_by: number | null
}

export interface RegistrySpotCheckItemsTable {
  id: Generated<number>
  spot_check_id: number
  person_id: number
  grid_code: string
  area_path: string
  assignee_id: number | null
  result: string | null
  method_used: string | null
  fields_wrong: Defaulted<string[]>
  note: string | null
  checked_by: number | null
  checked_at: NullableTimestamp
  version: Defaulted<number>
}

export interface SpotCheckTables {
  registry_spot_checks: RegistrySpotChecksTable
  registry_spot_check_items: RegistrySpotCheckItemsTable
}
