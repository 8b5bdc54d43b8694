import { type Kysely, sql } from 'kysely'

// The superior platform link (贯通). A case is linked when it is first pushed:
// its category is one the platform takes, or the district escalated it beyond
// itself. The link is what later steps consult to be pushed too (the relay's
// outbox INSERT selects from it), and where the platform's reference and its
// latest word on the case are kept. Updates from the platform are kept once
// per update id; each is a row on the case's timeline (event_id). No personal
// data of a reporter is kept or sent here (ADR 0019).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE upstream_links (
      case_id bigint PRIMARY KEY REFERENCES cases (id),
      reason text NOT NULL CHECK (reason IN ('category', 'escalation')),
      linked_at timestamptz NOT NULL,
      upstream_ref text CHECK (length(upstream_ref) <= 100),
      last_status text,
      last_update_at timestamptz
    )`.execute(db)
  await sql`
    CREATE TABLE upstream_updates (
      update_id text PRIMARY KEY CHECK (length(update_id) <= 100),
      case_id bigint NOT NULL REFERENCES upstream_links (case_id),
      event_id bigint NOT NULL REFERENCES case_events (id),
      status text NOT NULL,
      upstream_ref text,
      note text CHECK (length(note) <= 2000),
      said_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX upstream_updates_case_idx ON upstream_updates (case_id)`.execute(db)
}
