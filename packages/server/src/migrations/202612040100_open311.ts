import { type Kysely, sql } from 'kysely'

// Open311 GeoReport v2: what a request brought that a case does not hold — the
// client's media URL, device and account ids — and which API key made it.
// The case itself is an ordinary case on the `open311` channel.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE open311_requests (
      case_id bigint PRIMARY KEY REFERENCES cases (id),
      api_key_id bigint NOT NULL REFERENCES api_keys (id),
      media_url text CHECK (length(media_url) <= 2000),
      device_id text CHECK (length(device_id) <= 200),
      account_id text CHECK (length(account_id) <= 200),
      created_at timestamptz NOT NULL
    )`.execute(db)
}
