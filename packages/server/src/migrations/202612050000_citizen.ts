import { type Kysely, sql } from 'kysely'

// The citizen page (C13). Phones and network addresses of residents are kept
// as keyed hashes (blind indexes): enough to count and to match, nothing to
// read back. A session keeps its phone encrypted (the report needs it); a
// report's phone is its case's own (cases.reporter_phone_index). Codes and
// tokens are stored hashed, never as sent.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE citizen_phone_codes (
      id bigserial PRIMARY KEY,
      phone_index text NOT NULL,
      code_hash text NOT NULL,
      ip_index text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      used_at timestamptz
    )`.execute(db)
  await sql`CREATE INDEX citizen_phone_codes_phone_idx ON citizen_phone_codes (phone_index, created_at DESC)`.execute(
    db,
  )
  await sql`CREATE INDEX citizen_phone_codes_ip_idx ON citizen_phone_codes (ip_index, created_at DESC)`.execute(
    db,
  )

  await sql`
    CREATE TABLE citizen_sessions (
      id bigserial PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      phone_index text NOT NULL,
      phone_cipher text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`.execute(db)

  await sql`
    CREATE TABLE citizen_reports (
      case_id bigint PRIMARY KEY REFERENCES cases (id),
      tracking_code text NOT NULL UNIQUE,
      ip_index text NOT NULL,
      created_at timestamptz NOT NULL,
      satisfaction text CHECK (satisfaction IN ('satisfied', 'basically', 'unsatisfied')),
      comment text CHECK (length(comment) <= 500),
      rated_at timestamptz
    )`.execute(db)
  await sql`CREATE INDEX citizen_reports_ip_idx ON citizen_reports (ip_index, created_at DESC)`.execute(db)

  // Residents' photos: private to the case until a moderator approves them for the public map.
  await sql`
    CREATE TABLE citizen_photos (
      attachment_id bigint PRIMARY KEY REFERENCES case_attachments (id),
      phone_index text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      uploaded_at timestamptz NOT NULL,
      moderated_by bigint REFERENCES users (id),
      moderated_at timestamptz
    )`.execute(db)
  await sql`CREATE INDEX citizen_photos_status_idx ON citizen_photos (status, uploaded_at)`.execute(db)
}
