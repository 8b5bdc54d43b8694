import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../../platform/db/schema.ts'

type Defaulted<T> = ColumnType<T, T | undefined, T>
/** A `date` column, written as 'YYYY-MM-DD'; queries read it as `::text` (the drivers differ on Date). */
type DateColumn = string
/** PostGIS point; written with ST_MakePoint, read with ST_X/ST_Y. */
type PointColumn = ColumnType<unknown, unknown, unknown>

type Placed = {
  id: Generated<number>
  location: PointColumn | null
  grid_code: string
  area_path: string
  tags: Defaulted<string[]>
  note: string | null
  version: Defaulted<number>
  created_by: number | null
  updated_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RegistryBuildingsTable extends Placed {
  community_code: string
  number: string
  name: string | null
  address: string
  floors_above: number
  floors_below: Defaulted<number>
  use: string
  built_year: number | null
}

export interface RegistryHousesTable extends Placed {
  building_id: number | null
  unit: string | null
  floor: number | null
  room_no: string
  address: string
  area_m2: number | null
  use: string
  rooms: number | null
  owner_person_id: number | null
  owner_organization_id: number | null
  owner_name: string | null
}

export interface RegistryTenanciesTable {
  id: Generated<number>
  house_id: number
  person_id: number
  room: string | null
  start_date: DateColumn
  end_date: DateColumn | null
  contract_no: string | null
  registered: Defaulted<boolean>
  note: string | null
  area_path: string
  version: Defaulted<number>
  created_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RegistryOrganizationsTable extends Placed {
  credit_code: string
  name: string
  kind: string
  status: Defaulted<string>
  industry: string | null
  address: string
  legal_representative: string | null
  legal_phone_cipher: string | null
  legal_phone_masked: string | null
  employees: number | null
  safety_contact: string | null
  safety_phone_cipher: string | null
  safety_phone_masked: string | null
  key_fire_unit: Defaulted<boolean>
}

export interface RegistryComponentsTable extends Placed {
  code: string
  scheme: string
  class_code: string
  name: string
  state: string
  department: string
  owner_unit: string | null
  maintainer: string | null
  address: string | null
  initial_date: DateColumn | null
  changed_date: DateColumn | null
  source: string | null
}

export interface RegistryCamerasTable extends Placed {
  name: string
  national_code: string | null
  kind: string
  status: Defaulted<string>
  stream_cipher: string | null
  stream_masked: string | null
  owner_unit: string | null
  address: string | null
}

export interface PlaceTables {
  registry_buildings: RegistryBuildingsTable
  registry_houses: RegistryHousesTable
  registry_tenancies: RegistryTenanciesTable
  registry_organizations: RegistryOrganizationsTable
  registry_components: RegistryComponentsTable
  registry_cameras: RegistryCamerasTable
}
