import type { ColumnType, Generated } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

export interface UnitsTable {
  id: Generated<number>
  name: string
  kind: string
  area_code: string
  area_path: string
  /** The handling body (catalog_bodies) the unit is, if it is one. */
  body_code: ColumnType<string | null, string | null | undefined, string | null>
  created_at: Timestamp
}

export interface UsersTable {
  id: Generated<number>
  username: string
  display_name: string
  mobile_cipher: string | null
  mobile_index: string | null
  mobile_masked: string | null
  status: ColumnType<string, string | undefined, string>
  password_hash: string
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>
  password_changed_at: Timestamp
  failed_logins: ColumnType<number, number | undefined, number>
  locked_until: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PasswordHistoryTable {
  id: Generated<number>
  user_id: number
  password_hash: string
  created_at: Timestamp
}

export interface RoleAssignmentsTable {
  id: Generated<number>
  user_id: number
  role: string
  area_code: string | null
  area_path: string | null
  unit_id: number | null
  created_by: number | null
  created_at: Timestamp
}

export interface SessionsTable {
  id: string
  token_hash: string
  user_id: number
  ip: string | null
  user_agent: string | null
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  revoked_at: NullableTimestamp
  /** Signed in with "remember this device": the longer idle timeout and lifetime apply. */
  remember_device: Generated<boolean>
}

export interface ApiKeysTable {
  id: Generated<number>
  name: string
  prefix: string
  secret_hash: string
  scopes: string[]
  area_code: string
  area_path: string
  created_by: number | null
  created_at: Timestamp
  expires_at: NullableTimestamp
  revoked_at: NullableTimestamp
  last_used_at: NullableTimestamp
}

export interface IdentityTables {
  units: UnitsTable
  users: UsersTable
  password_history: PasswordHistoryTable
  role_assignments: RoleAssignmentsTable
  sessions: SessionsTable
  api_keys: ApiKeysTable
}
