import { type Kysely, sql } from 'kysely'

// Every instance caches sessions for a few seconds (modules/identity/session-cache.ts, ADR
// 0024). Whatever changes who a session signs in as — a revoked session, an account disabled
// or told to change its password, a role assignment added or removed — notifies the channel
// the caches listen on, by trigger, so that a change made by another instance or by hand in
// SQL is seen too. Statement-level, and only for the columns that matter: a session's
// last-seen time is written once a minute per session and must not empty the caches.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION onegrid_identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('onegrid_identity', TG_TABLE_NAME);
      RETURN NULL;
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER sessions_identity_changed
      AFTER UPDATE OF revoked_at, user_id, expires_at OR DELETE ON sessions
      FOR EACH STATEMENT EXECUTE FUNCTION onegrid_identity_changed()`.execute(db)
  await sql`
    CREATE TRIGGER users_identity_changed
      AFTER UPDATE OF status, must_change_password, username OR DELETE ON users
      FOR EACH STATEMENT EXECUTE FUNCTION onegrid_identity_changed()`.execute(db)
  await sql`
    CREATE TRIGGER role_assignments_identity_changed
      AFTER INSERT OR UPDATE OR DELETE ON role_assignments
      FOR EACH STATEMENT EXECUTE FUNCTION onegrid_identity_changed()`.execute(db)
}
