import type { ColumnType } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

type Defaulted<T> = ColumnType<T, T | undefined, T>
/** PostGIS geometry: written and read through PostGIS functions in `sql` fragments. */
type Geometry = ColumnType<unknown, unknown, unknown>

export interface PatrolsTable {
  /** Chosen by the field app. */
  id: string
  user_id: number
  district_code: string
  /** The worker's grid where it started, or their posting. */
  area_code: string
  area_path: string
  started_at: Timestamp
  ended_at: NullableTimestamp
  /** 'app' when the worker ended it, 'auto' when a newer patrol of theirs closed it. */
  end_reason: 'app' | 'auto' | null
  last_point_at: NullableTimestamp
  point_count: Defaulted<number>
  usable_point_count: Defaulted<number>
  distance_m: Defaulted<number>
  /** geometry(LineString, 4326) of the kept points, null below two. */
  track: Geometry
  /** Points arrived since the grid days were last computed. */
  grid_days_stale: Defaulted<boolean>
  grid_days_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PatrolPointsTable {
  patrol_id: string
  at: Timestamp
  /** The China-time calendar day of `at`, 'YYYY-MM-DD'. */
  day: string
  district_code: string
  geom: Geometry
  accuracy: number
  speed: number | null
  heading: number | null
  kept: Defaulted<boolean>
  /** The walked segment from the previous kept point, when joined; its seconds. */
  seg: Geometry
  seg_from: NullableTimestamp
  seg_s: number | null
  received_at: Timestamp
}

export interface PatrolGridDaysTable {
  grid_code: string
  day: string
  district_code: string
  area_path: string
  patrolled: boolean
  distance_m: number
  duration_s: number
  coverage: number
  workers: number
  patrol_ids: ColumnType<string[], string, string>
  computed_at: Timestamp
}

export interface CheckInsTable {
  id: ColumnType<number, never, never>
  user_id: number
  district_code: string
  area_path: string
  kind: 'on' | 'off'
  at: Timestamp
  day: string
  received_at: Timestamp
  geom: Geometry
  accuracy: number
  inside: boolean
  grid_code: string | null
  distance_m: number
}

export interface PatrolTables {
  patrols: PatrolsTable
  patrol_points: PatrolPointsTable
  patrol_grid_days: PatrolGridDaysTable
  check_ins: CheckInsTable
}
