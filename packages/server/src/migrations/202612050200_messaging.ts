import { type Kysely, sql } from 'kysely'

// Messages outside the consoles. A handler is reminded of a deadline once per
// stage's deadline: the row is written with the reminder, in the sweep's
// transaction, and a second sweep (or instance) finds it and stays quiet. Staff
// reached by e-mail or WeChat need an address of that kind (mobiles are on users).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_reminders (
      case_id bigint NOT NULL REFERENCES cases (id),
      stage text NOT NULL,
      due_at timestamptz NOT NULL,
      reminded_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, stage, due_at)
    )`.execute(db)

  await sql`
    CREATE TABLE staff_contacts (
      user_id bigint NOT NULL REFERENCES users (id),
      kind text NOT NULL CHECK (kind IN ('email', 'wechat')),
      address text NOT NULL CHECK (length(address) BETWEEN 3 AND 200),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, kind)
    )`.execute(db)
}
