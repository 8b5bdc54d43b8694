import { type Kysely, sql } from 'kysely'

// "记住此设备" (remember this device): a session signed in from the field app on a phone of one's own
// lasts days rather than a working day. The flag picks the longer idle timeout and absolute lifetime
// (ONEGRID_REMEMBER_DEVICE_IDLE_DAYS / ONEGRID_REMEMBER_DEVICE_DAYS) when the session is checked, so a
// change of the configuration applies to the sessions already open.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sessions ADD COLUMN remember_device boolean NOT NULL DEFAULT false`.execute(db)
}
