import type { ColumnType, Generated } from 'kysely'
import type { Timestamp } from '../../platform/db/schema.ts'

/** A `date` column: read as YYYY-MM-DD text (queries cast it), written as that text. */
type Day = ColumnType<string, string, string>

export interface GridWorkerProfilesTable {
  user_id: number
  employment: 'full_time' | 'part_time' | null
  hired_on: ColumnType<string | null, string | null | undefined, string | null>
  note: string | null
  updated_by: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface GridWorkerTrainingsTable {
  id: Generated<number>
  user_id: number
  course: string
  hours: number
  completed_on: Day
  created_by: number | null
  created_at: Timestamp
}

export interface GridWorkerQualificationsTable {
  id: Generated<number>
  user_id: number
  name: string
  certificate_no: string
  issued_on: Day
  expires_on: ColumnType<string | null, string | null | undefined, string | null>
  created_by: number | null
  created_at: Timestamp
}

export interface GridStaffTables {
  grid_worker_profiles: GridWorkerProfilesTable
  grid_worker_trainings: GridWorkerTrainingsTable
  grid_worker_qualifications: GridWorkerQualificationsTable
}
