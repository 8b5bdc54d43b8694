import { type Kysely, sql } from 'kysely'

// Staff accounts, role assignments scoped to an area (ltree) or a unit, sessions,
// API keys, and the audit log's who/where columns. 等保 2.0 level 3 is the reference.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE units (
      id serial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      kind text NOT NULL CHECK (kind IN ('department', 'platform', 'joint_team')),
      area_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (area_code, name)
    )`.execute(db)
  await sql`CREATE INDEX units_area_path_gist ON units USING gist (area_path)`.execute(db)

  await sql`
    CREATE TABLE users (
      id bigserial PRIMARY KEY,
      username text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
      display_name text NOT NULL,
      mobile_cipher text,
      mobile_index text,
      mobile_masked text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL DEFAULT true,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX users_mobile_index_idx ON users (mobile_index)`.execute(db)

  await sql`
    CREATE TABLE password_history (
      id bigserial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX password_history_user_idx ON password_history (user_id, id DESC)`.execute(db)

  await sql`
    CREATE TABLE role_assignments (
      id bigserial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role text NOT NULL,
      area_code text REFERENCES areas (code),
      area_path ltree,
      unit_id integer REFERENCES units (id),
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((area_path IS NULL) <> (unit_id IS NULL)),
      CHECK ((area_path IS NULL) = (area_code IS NULL))
    )`.execute(db)
  await sql`CREATE UNIQUE INDEX role_assignments_unique ON role_assignments (user_id, role, coalesce(area_code, ''), coalesce(unit_id, 0))`.execute(
    db,
  )
  await sql`CREATE INDEX role_assignments_area_gist ON role_assignments USING gist (area_path)`.execute(db)
  await sql`CREATE INDEX role_assignments_user_idx ON role_assignments (user_id)`.execute(db)

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`.execute(db)
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL`.execute(db)

  await sql`
    CREATE TABLE api_keys (
      id bigserial PRIMARY KEY,
      name text NOT NULL,
      prefix text NOT NULL UNIQUE,
      secret_hash text NOT NULL UNIQUE,
      scopes text[] NOT NULL,
      area_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`.execute(db)

  await sql`ALTER TABLE audit_log ADD COLUMN actor_id bigint, ADD COLUMN area_path ltree, ADD COLUMN ip text, ADD COLUMN user_agent text`.execute(
    db,
  )
  await sql`CREATE INDEX audit_log_area_gist ON audit_log USING gist (area_path)`.execute(db)
  await sql`CREATE INDEX audit_log_action_idx ON audit_log (action, at)`.execute(db)
  // Append-only: rows may be added, and removed by the retention sweep, never changed.
  await sql`
    CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`.execute(db)

  await sql`ALTER TABLE jobs ADD COLUMN created_by bigint REFERENCES users (id)`.execute(db)
}
