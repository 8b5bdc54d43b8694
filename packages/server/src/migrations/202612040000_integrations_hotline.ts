import { type Kysely, sql } from 'kysely'

// The 12345 link. Inbound work orders are signed; a nonce seen in the last ten
// minutes is refused (webhook_nonces, per source). Outbound updates of one order
// must reach the platform in the order they happened, even across an outage:
// outbox messages with an ordering key are delivered one after the other (the
// dispatcher skips a message while an earlier one of its key is undelivered).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhook_nonces (
      source text NOT NULL,
      nonce text NOT NULL,
      seen_at timestamptz NOT NULL,
      PRIMARY KEY (source, nonce)
    )`.execute(db)
  await sql`CREATE INDEX webhook_nonces_seen_idx ON webhook_nonces (seen_at)`.execute(db)

  await sql`ALTER TABLE outbox ADD COLUMN ordering_key text`.execute(db)
  await sql`
    CREATE INDEX outbox_ordering_idx ON outbox (ordering_key, id)
    WHERE ordering_key IS NOT NULL AND status <> 'delivered'`.execute(db)
  // The console's dead-letter view lists by status, newest first.
  await sql`CREATE INDEX outbox_status_idx ON outbox (status, id DESC)`.execute(db)
}
