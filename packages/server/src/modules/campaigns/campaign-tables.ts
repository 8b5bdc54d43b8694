import type { ColumnType, Generated } from 'kysely'
import type { Json, NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

type Defaulted<T> = ColumnType<T, T | undefined, T>
/** PostGIS geometry(Point, 4326): written with ST_SetSRID(ST_MakePoint(lng, lat), 4326), read with ST_X/ST_Y. */
type Geometry = ColumnType<unknown, unknown, unknown>

export interface CampaignsTable {
  id: Generated<number>
  district_code: string
  area_code: string
  area_path: string
  target_paths: ColumnType<string[], unknown, unknown>
  issuing_unit: string
  title: string
  purpose: Defaulted<string>
  template_key: string | null
  priority: string
  status: Defaulted<string>
  start_date: ColumnType<string, string, string>
  deadline_date: ColumnType<string, string, string>
  deadline_at: Timestamp
  remind_at: Timestamp
  reminded_before_at: NullableTimestamp
  reminded_after_at: NullableTimestamp
  targets: Json
  form: Json
  hazard_item_code: string | null
  created_by: number
  created_at: Timestamp
  closed_by: number | null
  closed_at: NullableTimestamp
  frozen: ColumnType<unknown, string | null | undefined, string | null>
  version: Defaulted<number>
}

export interface CampaignItemsTable {
  id: Generated<number>
  campaign_id: number
  district_code: string
  target_kind: string
  target_id: string
  target_label: string
  target_address: string | null
  grid_code: string
  area_path: string
  location: Geometry
  assignee_id: number | null
  status: Defaulted<string>
  answers: ColumnType<unknown, string | undefined, string>
  hazards: Defaulted<string[]>
  case_id: number | null
  submitted_by: number | null
  submitted_at: NullableTimestamp
  submit_location: Geometry
  done_at: NullableTimestamp
  version: Defaulted<number>
  created_at: Timestamp
}

export interface CampaignItemAttachmentsTable {
  item_id: number
  attachment_id: number
  position: number
}

export interface CampaignGridCountsTable {
  campaign_id: number
  grid_code: string
  area_path: string
  total: Defaulted<number>
  pending: Defaulted<number>
  in_progress: Defaulted<number>
  done: Defaulted<number>
  late: Defaulted<number>
  hazards: Defaulted<number>
  hazard_cases: Defaulted<number>
}

export interface CampaignTables {
  campaigns: CampaignsTable
  campaign_items: CampaignItemsTable
  campaign_item_attachments: CampaignItemAttachmentsTable
  campaign_grid_counts: CampaignGridCountsTable
}
