import { type Kysely, sql } from 'kysely'

// A condition that aborts the statement it is part of: several writes made as
// one statement (data-modifying CTEs) check with it what a transaction would
// check between its statements (the row was still at the version the caller
// saw, every attachment was still free). SQLSTATE OG001, the message names
// the condition.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION onegrid_require(ok boolean, what text) RETURNS boolean
    LANGUAGE plpgsql AS $$
    BEGIN
      IF ok IS NOT TRUE THEN
        RAISE EXCEPTION USING ERRCODE = 'OG001', MESSAGE = what;
      END IF;
      RETURN true;
    END $$`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION onegrid_require(boolean, text)`.execute(db)
}
