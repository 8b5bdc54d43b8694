import { type Kysely, sql } from 'kysely'

// Platform tables every feature relies on: settings, audit log, jobs, outbox,
// idempotency keys and the file index. Raw SQL keeps PostgreSQL 15 features visible.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db)
  await sql`CREATE EXTENSION IF NOT EXISTS ltree`.execute(db)
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db)

  await sql`
    CREATE TABLE settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)

  await sql`
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      district_code text,
      request_id text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`.execute(db)
  await sql`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, at)`.execute(db)
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (at)`.execute(db)

  await sql`
    CREATE TABLE jobs (
      id bigserial PRIMARY KEY,
      kind text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      progress_done integer NOT NULL DEFAULT 0,
      progress_total integer,
      progress_message text,
      checkpoint jsonb,
      result jsonb,
      error text,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 3,
      run_at timestamptz NOT NULL DEFAULT now(),
      locked_by text,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`.execute(db)
  // The runner's two questions: what is queued and due, and whose lease has lapsed.
  await sql`CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE status = 'queued'`.execute(db)
  await sql`CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE status = 'running'`.execute(db)

  await sql`
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      channel text NOT NULL,
      destination text NOT NULL,
      payload jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 12,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    )`.execute(db)
  await sql`CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending'`.execute(db)

  await sql`
    CREATE TABLE idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
      response_status integer,
      response_body text,
      response_type text,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (scope, key)
    )`.execute(db)
  await sql`CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at)`.execute(db)

  await sql`
    CREATE TABLE files (
      sha256 char(64) PRIMARY KEY,
      size bigint NOT NULL,
      mime text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
}
