import type { NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

/** A case pushed to the superior platform (202612050100_upstream). */
export interface UpstreamLinksTable {
  case_id: number
  reason: 'category' | 'escalation'
  linked_at: Timestamp
  upstream_ref: string | null
  last_status: string | null
  last_update_at: NullableTimestamp
}

/** An update of the superior platform, kept once per its update id. */
export interface UpstreamUpdatesTable {
  update_id: string
  case_id: number
  event_id: number
  status: string
  upstream_ref: string | null
  note: string | null
  said_at: Timestamp
  received_at: Timestamp
}

export interface UpstreamTables {
  upstream_links: UpstreamLinksTable
  upstream_updates: UpstreamUpdatesTable
}
