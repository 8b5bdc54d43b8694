import type { ColumnType, Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

type Defaulted<T> = ColumnType<T, T | undefined, T>

export interface WhistlesTable {
  id: Generated<number>
  district_code: string
  code: string
  title: string
  description: Defaulted<string>
  case_id: number | null
  /** PostGIS geometry(Point, 4326): written with ST_SetSRID(ST_MakePoint(lng, lat), 4326), read with ST_X/ST_Y. */
  location: ColumnType<unknown, unknown, unknown>
  address: string | null
  grid_code: string
  area_path: string
  raised_by: number
  raised_at: Timestamp
  ack_minutes: number
  arrive_minutes: number
  check_in_radius_m: number
  status: Defaulted<'open' | 'closed'>
  escalated_at: NullableTimestamp
  escalated_by: number | null
  escalation_note: string | null
  outcome: string | null
  closed_at: NullableTimestamp
  closed_by: number | null
  version: Defaulted<number>
  updated_at: Timestamp
}

export interface WhistleResponsesTable {
  whistle_id: number
  unit_id: number
  district_code: string
  ack_due_at: Timestamp
  arrive_due_at: Timestamp
  acknowledged_at: NullableTimestamp
  acknowledged_by: number | null
  ack_note: string | null
  arrived_at: NullableTimestamp
  arrived_by: number | null
  arrival_source: 'check_in' | 'recorded' | null
  arrival_note: string | null
  distance_m: number | null
  status: Defaulted<'summoned' | 'acknowledged' | 'arrived' | 'missed'>
  missed_at: NullableTimestamp
}

export interface WhistleTables {
  whistles: WhistlesTable
  whistle_responses: WhistleResponsesTable
}
