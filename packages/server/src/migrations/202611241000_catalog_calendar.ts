import { type Kysely, sql } from 'kysely'

// The event catalog (事项清单) with its admission list, and the working-day calendar.
// An item's rules live in versions: a case records the version it started with
// (issue 6), so editing an item never changes the rules of cases already open.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalog_bodies (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
      name_en text NOT NULL DEFAULT '',
      kind text NOT NULL CHECK (kind IN ('department', 'platform')),
      sort integer NOT NULL DEFAULT 0
    )`.execute(db)

  await sql`
    CREATE TABLE catalog_majors (
      code text PRIMARY KEY CHECK (code ~ '^[0-9A-Z]{2,12}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
      description text NOT NULL DEFAULT '',
      domain text NOT NULL,
      standard text NOT NULL,
      sort integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)

  await sql`
    CREATE TABLE catalog_items (
      code text PRIMARY KEY CHECK (code ~ '^[0-9A-Z]{2,12}$'),
      major_code text NOT NULL REFERENCES catalog_majors (code),
      standard text NOT NULL,
      sort integer NOT NULL DEFAULT 0,
      current_version integer NOT NULL DEFAULT 1,
      retired boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX catalog_items_major_idx ON catalog_items (major_code, sort)`.execute(db)

  await sql`
    CREATE TABLE catalog_item_versions (
      id bigserial PRIMARY KEY,
      item_code text NOT NULL REFERENCES catalog_items (code),
      version integer NOT NULL CHECK (version > 0),
      name text NOT NULL,
      admitted boolean NOT NULL,
      rules jsonb NOT NULL,
      valid_from timestamptz NOT NULL,
      changed_by bigint REFERENCES users (id),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
      UNIQUE (item_code, version)
    )`.execute(db)

  // 回绝: every refused report, so admins see which refused categories people keep asking for.
  await sql`
    CREATE TABLE catalog_refusals (
      id bigserial PRIMARY KEY,
      item_code text NOT NULL REFERENCES catalog_items (code),
      item_version_id bigint NOT NULL REFERENCES catalog_item_versions (id),
      channel text NOT NULL,
      area_code text,
      actor_id bigint REFERENCES users (id),
      refused_at timestamptz NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX catalog_refusals_at_idx ON catalog_refusals (refused_at, item_code)`.execute(db)

  await sql`
    CREATE TABLE calendar_years (
      year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
      source text NOT NULL CHECK (source IN ('state_council', 'admin')),
      reason text NOT NULL DEFAULT '',
      updated_by bigint REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)

  await sql`
    CREATE TABLE calendar_days (
      date date PRIMARY KEY,
      year integer NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
      name text NOT NULL DEFAULT '' CHECK (length(name) <= 20),
      CHECK (extract(year FROM date) = year)
    )`.execute(db)
  await sql`CREATE INDEX calendar_days_year_idx ON calendar_days (year)`.execute(db)
}
