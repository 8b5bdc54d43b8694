import { type Kysely, sql } from 'kysely'

// Machine intake: every alert a camera, sensor or department system sent, with
// the case it made or joined. The client's alert id is unique per API key, so
// a redelivery finds its case; repeats of an open matter join the first case.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE machine_alerts (
      id bigserial PRIMARY KEY,
      api_key_id bigint NOT NULL REFERENCES api_keys (id),
      alert_id text NOT NULL,
      case_id bigint NOT NULL REFERENCES cases (id),
      source text NOT NULL CHECK (source IN ('video', 'iot', 'department')),
      source_id text NOT NULL,
      confidence double precision CHECK (confidence BETWEEN 0 AND 1),
      evidence_url text CHECK (length(evidence_url) <= 2000),
      received_at timestamptz NOT NULL,
      UNIQUE (api_key_id, alert_id)
    )`.execute(db)
  await sql`CREATE INDEX machine_alerts_case_idx ON machine_alerts (case_id)`.execute(db)
  await sql`CREATE INDEX machine_alerts_source_idx ON machine_alerts (api_key_id, source_id, received_at DESC)`.execute(
    db,
  )
}
