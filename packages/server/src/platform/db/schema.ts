import type { ColumnType, Generated } from 'kysely'
import type { AreaTables } from '../../modules/areas/tables.ts'
import type { CalendarTables } from '../../modules/calendar/tables.ts'
import type { CampaignTables } from '../../modules/campaigns/campaign-tables.ts'
import type { CaseTables } from '../../modules/cases/tables.ts'
import type { CatalogTables } from '../../modules/catalog/tables.ts'
import type { PatrolTables } from '../../modules/fieldwork/patrol-tables.ts'
import type { VisitTables } from '../../modules/fieldwork/visit-tables.ts'
import type { GridStaffTables } from '../../modules/grid-staff/tables.ts'
import type { IdentityTables } from '../../modules/identity/tables.ts'
import type { UpstreamTables } from '../../modules/integrations/upstream-tables.ts'
import type { MessageTables } from '../../modules/messages/tables.ts'
import type { NotificationTables } from '../../modules/notifications/tables.ts'
import type { PlaceTables } from '../../modules/registry/places/tables.ts'
import type { SpotCheckTables } from '../../modules/registry/spot-check-tables.ts'
import type { RegistryTables } from '../../modules/registry/tables.ts'
import type { WhistleTables } from '../../modules/whistles/tables.ts'

/** timestamptz: read as Date, written as Date or ISO string, defaulted by the database. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>
/** jsonb: read as the parsed value, written as a JSON string. */
export type Json<T = unknown> = ColumnType<T, string, string>

export interface SettingsTable {
  key: string
  value: Json
  updated_at: Timestamp
}

export interface AuditLogTable {
  id: Generated<number>
  at: Timestamp
  actor: string | null
  actor_id: number | null
  area_path: string | null
  ip: string | null
  user_agent: string | null
  action: string
  entity_type: string
  entity_id: string | null
  district_code: string | null
  request_id: string | null
  details: Json<Record<string, unknown>>
}

export interface JobsTable {
  id: Generated<number>
  kind: string
  payload: Json
  status: ColumnType<string, string | undefined, string>
  progress_done: ColumnType<number, number | undefined, number>
  progress_total: number | null
  progress_message: string | null
  checkpoint: ColumnType<unknown, string | null | undefined, string | null>
  result: ColumnType<unknown, string | null | undefined, string | null>
  error: string | null
  attempts: ColumnType<number, number | undefined, number>
  max_attempts: ColumnType<number, number | undefined, number>
  run_at: Timestamp
  locked_by: string | null
  locked_until: NullableTimestamp
  created_at: Timestamp
  started_at: NullableTimestamp
  finished_at: NullableTimestamp
  created_by: number | null
}

export interface OutboxTable {
  id: Generated<number>
  channel: string
  destination: string
  payload: Json
  headers: Json<Record<string, string>>
  status: ColumnType<string, string | undefined, string>
  attempts: ColumnType<number, number | undefined, number>
  max_attempts: ColumnType<number, number | undefined, number>
  next_attempt_at: Timestamp
  last_error: string | null
  created_at: Timestamp
  delivered_at: NullableTimestamp
  /** Messages sharing a key are delivered one after the other, in id order. */
  ordering_key: string | null
}

export interface WebhookNoncesTable {
  source: string
  nonce: string
  seen_at: Timestamp
}

export interface IdempotencyKeysTable {
  scope: string
  key: string
  request_hash: string
  status: ColumnType<string, string | undefined, string>
  response_status: number | null
  response_body: string | null
  response_type: string | null
  created_at: Timestamp
  expires_at: Timestamp
}

export interface FilesTable {
  sha256: string
  size: number
  mime: string
  created_at: Timestamp
}

/** Every table of every module, for the typed query builder. */
export interface Database
  extends IdentityTables,
    AreaTables,
    GridStaffTables,
    CatalogTables,
    CalendarTables,
    CaseTables,
    MessageTables,
    NotificationTables,
    RegistryTables,
    PlaceTables,
    SpotCheckTables,
    PatrolTables,
    VisitTables,
    CampaignTables,
    UpstreamTables,
    WhistleTables {
  settings: SettingsTable
  audit_log: AuditLogTable
  jobs: JobsTable
  outbox: OutboxTable
  webhook_nonces: WebhookNoncesTable
  idempotency_keys: IdempotencyKeysTable
  files: FilesTable
}
