import type { Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

export interface NotificationsTable {
  id: Generated<number>
  user_id: number
  kind: string
  title: string
  body: string
  case_id: number | null
  source: string
  created_at: Timestamp
  read_at: NullableTimestamp
}

export interface NotificationTables {
  notifications: NotificationsTable
}
