import type { ColumnType, Generated } from 'kysely'
import type { Json, Timestamp } from '../../platform/db/schema.ts'

export interface CatalogBodiesTable {
  code: string
  name: string
  name_en: ColumnType<string, string | undefined, string>
  kind: 'department' | 'platform'
  sort: ColumnType<number, number | undefined, number>
}

export interface CatalogMajorsTable {
  code: string
  name: string
  description: ColumnType<string, string | undefined, string>
  domain: string
  standard: string
  sort: ColumnType<number, number | undefined, number>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CatalogItemsTable {
  code: string
  major_code: string
  standard: string
  sort: ColumnType<number, number | undefined, number>
  current_version: ColumnType<number, number | undefined, number>
  retired: ColumnType<boolean, boolean | undefined, boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface CatalogItemVersionsTable {
  id: Generated<number>
  item_code: string
  version: number
  /** Copies of `rules.name` and `rules.admission.admitted`, for search and counts without reading the JSON. */
  name: string
  admitted: boolean
  rules: Json
  valid_from: Timestamp
  changed_by: number | null
  reason: string
}

export interface CatalogRefusalsTable {
  id: Generated<number>
  item_code: string
  item_version_id: number
  channel: string
  area_code: string | null
  actor_id: number | null
  refused_at: Timestamp
}

export interface CatalogTables {
  catalog_bodies: CatalogBodiesTable
  catalog_majors: CatalogMajorsTable
  catalog_items: CatalogItemsTable
  catalog_item_versions: CatalogItemVersionsTable
  catalog_refusals: CatalogRefusalsTable
}
