import type { ColumnType, Generated } from 'kysely'
import type { Json, NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

type Defaulted<T> = ColumnType<T, T | undefined, T>

export interface CasesTable {
  id: Generated<number>
  code: string
  district_code: string
  channel: string
  item_code: string
  item_version_id: number
  title: string
  description: string
  address: string | null
  /** geometry(Point): written and read through sql fragments. */
  location: ColumnType<unknown, unknown, unknown>
  area_code: string
  area_path: string
  grid_code: string | null
  boundary_version: number | null
  urgency: string
  level: string
  status: string
  handler_unit_id: number | null
  handler_user_id: number | null
  reporter_kind: string
  reporter_user_id: number | null
  reporter_name_cipher: string | null
  reporter_name_masked: string | null
  reporter_phone_cipher: string | null
  reporter_phone_masked: string | null
  reporter_phone_index: string | null
  fields: Json<Record<string, unknown>>
  external_ref: string | null
  intake_key: string | null
  self_handled: Defaulted<boolean>
  supervised: Defaulted<boolean>
  suspended: Defaulted<boolean>
  pending_extension: Defaulted<boolean>
  pending_suspension: Defaulted<boolean>
  overdue: Defaulted<boolean>
  bulletin: Defaulted<boolean>
  rework_count: Defaulted<number>
  shirk_count: Defaulted<number>
  merged_into: number | null
  satisfaction: string | null
  clocks: Json<unknown[]>
  due_at: NullableTimestamp
  warn_at: NullableTimestamp
  due_stage: string | null
  alarm_step: Defaulted<number>
  next_alarm_at: NullableTimestamp
  occurred_at: NullableTimestamp
  reported_at: Timestamp
  updated_at: Timestamp
  closed_at: NullableTimestamp
  version: Defaulted<number>
}

export interface CaseEventsTable {
  id: Generated<number>
  case_id: number
  district_code: string
  at: Timestamp
  action: string
  actor_id: number | null
  actor_name: string
  role: string | null
  from_status: string | null
  to_status: string | null
  note: string | null
  data: Json<Record<string, unknown>>
  clock: ColumnType<unknown, string | null, string | null>
}

export interface CaseAttachmentsTable {
  id: Generated<number>
  sha256: string
  thumb_sha256: string | null
  kind: string
  mime: string
  size: number
  uploaded_by: number | null
  uploaded_at: Timestamp
  case_id: number | null
  event_id: number | null
}

/** A registry record a case is about (当事人, place). */
export interface CasePartiesTable {
  id: Generated<number>
  case_id: number
  entity_type: string
  entity_id: number
  role: string
  note: string | null
  added_by: number | null
  added_at: Timestamp
}

export interface CaseTables {
  cases: CasesTable
  case_events: CaseEventsTable
  case_attachments: CaseAttachmentsTable
  case_parties: CasePartiesTable
}
