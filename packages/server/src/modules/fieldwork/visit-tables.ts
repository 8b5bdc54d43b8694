import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../platform/db/schema.ts'

type Defaulted<T> = ColumnType<T, T | undefined, T>

export interface VisitsTable {
  id: Generated<number>
  district_code: string
  area_path: string
  grid_code: string
  visitor_id: number
  target_kind: 'household' | 'person'
  target_id: number
  household_id: number | null
  visited_at: Timestamp
  method: string
  notes: Defaulted<string>
  findings: ColumnType<unknown, string | undefined, string>
  flags: Defaulted<string[]>
  /** PostGIS geometry(Point, 4326): written with ST_SetSRID(ST_MakePoint(lng, lat), 4326), read with ST_X/ST_Y. */
  location: ColumnType<unknown, unknown, unknown>
  location_accuracy: number | null
  created_at: Timestamp
}

export interface VisitAttachmentsTable {
  visit_id: number
  attachment_id: number
  position: number
}

export interface VisitTables {
  visits: VisitsTable
  visit_attachments: VisitAttachmentsTable
}
