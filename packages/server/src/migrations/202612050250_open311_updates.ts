import { type Kysely, sql } from 'kysely'

// Open311 updates posted by a client (mySociety's POST servicerequestupdates): a
// resident's comment on a request, kept once per client's update_id so a resend
// answers with the first update's id. The client's status is recorded as sent and
// never applied; the comment is a step on the case's timeline (event_id). The
// resident's contact details are not kept (ADR 0018).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE open311_updates (
      id bigserial PRIMARY KEY,
      api_key_id bigint NOT NULL REFERENCES api_keys (id),
      update_id text NOT NULL CHECK (length(update_id) <= 200),
      case_id bigint NOT NULL REFERENCES cases (id),
      event_id bigint REFERENCES case_events (id),
      status text NOT NULL,
      updated_at timestamptz NOT NULL,
      description text NOT NULL CHECK (length(description) <= 4000),
      media_url text CHECK (length(media_url) <= 2000),
      created_at timestamptz NOT NULL,
      UNIQUE (api_key_id, update_id)
    )`.execute(db)
  await sql`CREATE INDEX open311_updates_case_idx ON open311_updates (case_id)`.execute(db)
}
