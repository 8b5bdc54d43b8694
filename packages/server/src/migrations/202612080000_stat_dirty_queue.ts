import { type Kysely, sql } from 'kysely'

// stat_dirty becomes an append-only queue: a case id may stand in it several times, and the
// catch-up takes each id once (modules/stats/rollup-store.ts). With the primary key, a case
// action whose trigger marked a case that a running catch-up had just taken off the table
// (deleted, not yet committed) waited for that catch-up to commit — the unique check of
// INSERT … ON CONFLICT must know whether the deleted row is gone. The cases being worked on
// are exactly the ones the catch-up takes, so in the bench's closed loop most steps waited
// 10–20 ms for it. A plain index keeps the catch-up's lowest ids a short read; only a unique
// one makes an insert wait for anyone.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE stat_dirty DROP CONSTRAINT stat_dirty_pkey`.execute(db)
  await sql`CREATE INDEX stat_dirty_case ON stat_dirty (case_id)`.execute(db)
  await sql`
    CREATE OR REPLACE FUNCTION stat_mark_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO stat_dirty (case_id) VALUES (NEW.id);
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE OR REPLACE FUNCTION stat_mark_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO stat_dirty (case_id) VALUES (NEW.case_id);
      RETURN NULL;
    END $$`.execute(db)
}
