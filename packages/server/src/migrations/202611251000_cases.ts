import { type Kysely, sql } from 'kysely'

// Cases (案件): the closed loop. A case row holds what lists and queues filter on
// (status, level, handler, flags, the clock that runs out first); the timeline
// (case_events) holds every step with the clock effect it had, from which the
// per-stage deadlines are recomputed. Large tables carry district_code.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Codes are district + date + this number: a sequence never blocks concurrent reports.
  await sql`CREATE SEQUENCE case_code_seq`.execute(db)

  await sql`
    CREATE TABLE cases (
      id bigserial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      district_code text NOT NULL,
      channel text NOT NULL,
      item_code text NOT NULL REFERENCES catalog_items (code),
      item_version_id bigint NOT NULL REFERENCES catalog_item_versions (id),
      title text NOT NULL,
      description text NOT NULL,
      address text,
      location geometry(Point, 4326),
      area_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      grid_code text,
      boundary_version integer,
      urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'critical')),
      level text NOT NULL CHECK (level IN ('community', 'street', 'district')),
      status text NOT NULL,
      handler_unit_id bigint REFERENCES units (id),
      handler_user_id bigint REFERENCES users (id),
      reporter_kind text NOT NULL CHECK (reporter_kind IN ('staff', 'resident', 'anonymous')),
      reporter_user_id bigint REFERENCES users (id),
      reporter_name_cipher text,
      reporter_name_masked text,
      reporter_phone_cipher text,
      reporter_phone_masked text,
      reporter_phone_index text,
      fields jsonb NOT NULL DEFAULT '{}',
      external_ref text,
      intake_key text,
      self_handled boolean NOT NULL DEFAULT false,
      supervised boolean NOT NULL DEFAULT false,
      suspended boolean NOT NULL DEFAULT false,
      pending_extension boolean NOT NULL DEFAULT false,
      pending_suspension boolean NOT NULL DEFAULT false,
      overdue boolean NOT NULL DEFAULT false,
      bulletin boolean NOT NULL DEFAULT false,
      rework_count integer NOT NULL DEFAULT 0,
      shirk_count integer NOT NULL DEFAULT 0,
      merged_into bigint REFERENCES cases (id),
      satisfaction text CHECK (satisfaction IN ('satisfied', 'basically', 'unsatisfied')),
      clocks jsonb NOT NULL DEFAULT '[]',
      due_at timestamptz,
      warn_at timestamptz,
      due_stage text,
      alarm_step integer NOT NULL DEFAULT 0,
      next_alarm_at timestamptz,
      occurred_at timestamptz,
      reported_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      closed_at timestamptz,
      version integer NOT NULL DEFAULT 1
    )`.execute(db)
  // One case per intake key and reporter: a retried report finds its case even if the first answer was lost.
  await sql`CREATE UNIQUE INDEX cases_intake_key_idx ON cases (intake_key) WHERE intake_key IS NOT NULL`.execute(
    db,
  )
  // Lists read these indexes alone (index-only): the page is chosen by id before any row is fetched,
  // so the columns that decide visibility and the queues ride along.
  await sql`CREATE INDEX cases_status_idx ON cases (status, reported_at DESC, id DESC)
    INCLUDE (area_path, handler_unit_id, handler_user_id, reporter_user_id, supervised, due_at,
             pending_extension, pending_suspension)`.execute(db)
  await sql`CREATE INDEX cases_recent_idx ON cases (reported_at DESC, id DESC)
    INCLUDE (status, area_path, handler_unit_id, handler_user_id, reporter_user_id)`.execute(db)
  // The open cases (and those waiting for a follow-up): queue counts, the overdue queue, the map.
  await sql`CREATE INDEX cases_open_idx ON cases (due_at)
    INCLUDE (status, area_path, handler_unit_id, handler_user_id, reporter_user_id, supervised,
             pending_extension, pending_suspension)
    WHERE status IN ('reported', 'accepted', 'registered', 'dispatched', 'handling', 'returned',
                     'handled', 'verified', 'closed')`.execute(db)
  await sql`CREATE INDEX cases_area_idx ON cases USING gist (area_path)`.execute(db)
  await sql`CREATE INDEX cases_handler_unit_idx ON cases (handler_unit_id, status, reported_at DESC)`.execute(
    db,
  )
  await sql`CREATE INDEX cases_handler_user_idx ON cases (handler_user_id, status) WHERE handler_user_id IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX cases_alarm_idx ON cases (next_alarm_at) WHERE next_alarm_at IS NOT NULL`.execute(db)
  await sql`CREATE INDEX cases_location_idx ON cases USING gist (location)`.execute(db)
  await sql`CREATE INDEX cases_merged_idx ON cases (merged_into) WHERE merged_into IS NOT NULL`.execute(db)
  await sql`CREATE INDEX cases_reported_idx ON cases (district_code, reported_at)`.execute(db)

  await sql`
    CREATE TABLE case_events (
      id bigserial PRIMARY KEY,
      case_id bigint NOT NULL REFERENCES cases (id),
      district_code text NOT NULL,
      at timestamptz NOT NULL,
      action text NOT NULL,
      actor_id bigint REFERENCES users (id),
      actor_name text NOT NULL,
      role text,
      from_status text,
      to_status text,
      note text,
      data jsonb NOT NULL DEFAULT '{}',
      clock jsonb
    )`.execute(db)
  await sql`CREATE INDEX case_events_case_idx ON case_events (case_id, id)`.execute(db)

  await sql`
    CREATE TABLE case_attachments (
      id bigserial PRIMARY KEY,
      sha256 text NOT NULL REFERENCES files (sha256),
      thumb_sha256 text REFERENCES files (sha256),
      kind text NOT NULL CHECK (kind IN ('image', 'audio', 'video')),
      mime text NOT NULL,
      size bigint NOT NULL,
      uploaded_by bigint REFERENCES users (id),
      uploaded_at timestamptz NOT NULL,
      case_id bigint REFERENCES cases (id),
      event_id bigint REFERENCES case_events (id)
    )`.execute(db)
  await sql`CREATE INDEX case_attachments_case_idx ON case_attachments (case_id) WHERE case_id IS NOT NULL`.execute(
    db,
  )

  await sql`
    CREATE TABLE notifications (
      id bigserial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id),
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL DEFAULT '',
      case_id bigint REFERENCES cases (id),
      -- The outbox message it came from: a redelivered message never notifies twice.
      source text NOT NULL,
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      UNIQUE (source, user_id)
    )`.execute(db)
  await sql`CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC)`.execute(db)
  await sql`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`.execute(
    db,
  )
}
