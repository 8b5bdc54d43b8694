import { type Kysely, sql } from 'kysely'

// Closing a spot check (抽查): once its grid leader or administrator ends it, no more
// results are recorded and its figures stand as they were. Who closed it and when
// are kept on the row, so the page can say so; the status and the time go together.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE registry_spot_checks
      ADD COLUMN closed_at timestamptz,
      ADD COLUMN closed_by bigint REFERENCES users (id),
      ADD CONSTRAINT registry_spot_checks_closed_check CHECK ((status = 'closed') = (closed_at IS NOT NULL))`.execute(
    db,
  )
}
