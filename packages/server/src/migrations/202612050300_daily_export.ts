import { type Kysely, sql } from 'kysely'

// The scheduled daily export: one row per Beijing day, claimed with INSERT … ON
// CONFLICT by whichever instance gets there first, so a day is exported once
// however many instances run; a claim whose instance died is taken over when its
// lease runs out. The row is also the run's record (files, rows, error).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE daily_exports (
      day date PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
      instance text NOT NULL,
      attempts int NOT NULL,
      started_at timestamptz NOT NULL,
      lease_until timestamptz NOT NULL,
      finished_at timestamptz,
      target text NOT NULL,
      files jsonb NOT NULL DEFAULT '[]',
      row_count int,
      error text
    )`.execute(db)
}
