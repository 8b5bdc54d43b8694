import { type Kysely, sql } from 'kysely'

// Smaller rollups (ADR 0015, revised): the finer grains (item, channel, unit, reporter,
// handler) are now kept per street instead of per grid, and the counters are integers
// (only handled_secs, a sum of seconds, stays bigint).
// Rows kept the old way would be read wrongly, so the rollups and facts are dropped and
// every case is marked changed: the catch-up job counts them all again (a large
// installation runs `onegrid stats rebuild` instead, which is faster; docs/OPERATIONS.md).
const counters =
  'reported valid self_handled completed accepted accepted_handled registered discovered_locally dispatched returned shirked due handled handled_on_time closed_on_time extended due_close closed_due reworked closed closed_first_time supervised followups reached satisfied basically handled_n h0 h1 h2 h3 h4 h5 h6 h7 h8 h9 h10 h11'.split(
    ' ',
  )

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`TRUNCATE stat_rollups, stat_case_facts`.execute(db)
  await sql
    .raw(`ALTER TABLE stat_rollups ${counters.map((c) => `ALTER COLUMN ${c} TYPE integer`).join(', ')}`)
    .execute(db)
  await sql`INSERT INTO stat_dirty (case_id) SELECT id FROM cases ON CONFLICT DO NOTHING`.execute(db)
}
