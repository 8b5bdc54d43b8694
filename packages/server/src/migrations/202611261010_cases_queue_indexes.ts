import { type Kysely, sql } from 'kysely'

// Two queues a district-wide caller opens all day, measured with 1,000,000 cases:
// - 督办 (supervised): a few in a hundred of the open cases, and the status index
//   made the caller walk every open case to find them (34 ms at p95). Only
//   supervised rows are in this index, newest first, with what the jurisdiction
//   filter reads.
// - 超期 (overdue): the open-case index found the late ones by due_at but had to
//   visit each row in the table for the order of the list (reported_at): 6,000
//   heap rows, 18 ms. It now carries reported_at and id, so the list is read from
//   the index alone.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX cases_supervised_idx ON cases (reported_at DESC, id DESC)
    INCLUDE (status, area_path, handler_unit_id, handler_user_id, reporter_user_id)
    WHERE supervised`.execute(db)
  await sql`DROP INDEX cases_open_idx`.execute(db)
  await sql`CREATE INDEX cases_open_idx ON cases (due_at)
    INCLUDE (reported_at, id, status, area_path, handler_unit_id, handler_user_id, reporter_user_id,
             supervised, pending_extension, pending_suspension)
    WHERE status IN ('reported', 'accepted', 'registered', 'dispatched', 'handling', 'returned',
                     'handled', 'verified', 'closed')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX cases_supervised_idx`.execute(db)
  await sql`DROP INDEX cases_open_idx`.execute(db)
  await sql`CREATE INDEX cases_open_idx ON cases (due_at)
    INCLUDE (status, area_path, handler_unit_id, handler_user_id, reporter_user_id, supervised,
             pending_extension, pending_suspension)
    WHERE status IN ('reported', 'accepted', 'registered', 'dispatched', 'handling', 'returned',
                     'handled', 'verified', 'closed')`.execute(db)
}
