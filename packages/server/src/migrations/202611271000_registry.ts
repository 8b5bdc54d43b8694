import { type Kysely, sql } from 'kysely'

// The registry (人、地、事、物、组织), first part: persons, households and the
// special groups. Every record belongs to a grid (area_path for scope checks);
// ID numbers, phones and addresses are stored only as ciphertext, a masked copy
// for display and, where people search by them, a keyed blind index. Names are
// kept in clear (people are found by name) with their pinyin for search.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE registry_households (
      id bigserial PRIMARY KEY,
      kind text NOT NULL DEFAULT 'family' CHECK (kind IN ('family', 'collective')),
      grid_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      address_cipher text,
      address_masked text,
      non_local boolean NOT NULL DEFAULT false,
      note text CHECK (length(note) <= 500),
      version integer NOT NULL DEFAULT 1,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX registry_households_path_idx ON registry_households USING gist (area_path)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_households_grid_idx ON registry_households (grid_code)`.execute(db)

  // COLLATE "C": a name prefix (LIKE '张%') and the list order both use the plain b-tree.
  await sql`
    CREATE TABLE registry_persons (
      id bigserial PRIMARY KEY,
      name text COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      name_pinyin text COLLATE "C" NOT NULL,
      name_initials text COLLATE "C" NOT NULL,
      document_kind text NOT NULL,
      document_cipher text,
      document_masked text,
      document_index text,
      sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('male', 'female', 'unknown')),
      birth_date date,
      ethnicity text,
      education text,
      phone_cipher text,
      phone_masked text,
      phone_index text,
      address_cipher text,
      address_masked text,
      hukou_region text,
      hukou_address_cipher text,
      hukou_address_masked text,
      non_local boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'deceased')),
      tags text[] NOT NULL DEFAULT '{}',
      household_id bigint REFERENCES registry_households (id),
      relation text,
      grid_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      note text CHECK (length(note) <= 500),
      version integer NOT NULL DEFAULT 1,
      created_by bigint REFERENCES users (id),
      updated_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db)
  // The prefix indexes carry area_path, so counting a common surname inside a jurisdiction reads
  // the index only (the bench's 1,000,000 persons: 395 ms p95 without it).
  // One record per document district-wide: a second one is a duplicate to be merged, not a new person.
  await sql`CREATE UNIQUE INDEX registry_persons_document_idx ON registry_persons (document_index) WHERE document_index IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX registry_persons_phone_idx ON registry_persons (phone_index) WHERE phone_index IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX registry_persons_name_idx ON registry_persons (name, id) INCLUDE (area_path)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_persons_pinyin_idx ON registry_persons (name_pinyin, id) INCLUDE (area_path)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_persons_initials_idx ON registry_persons (name_initials, id) INCLUDE (area_path)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_persons_path_idx ON registry_persons USING gist (area_path)`.execute(db)
  await sql`CREATE INDEX registry_persons_grid_idx ON registry_persons (grid_code, id)`.execute(db)
  await sql`CREATE INDEX registry_persons_household_idx ON registry_persons (household_id) WHERE household_id IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX registry_persons_tags_idx ON registry_persons USING gin (tags)`.execute(db)

  // A special group's record is a typed extension of a person; its fields are
  // sensitive (convictions, diagnoses), so they are stored encrypted as one JSON.
  await sql`
    CREATE TABLE registry_group_members (
      id bigserial PRIMARY KEY,
      person_id bigint NOT NULL REFERENCES registry_persons (id) ON DELETE CASCADE,
      group_key text NOT NULL,
      fields_cipher text NOT NULL,
      risk_level text NOT NULL DEFAULT 'green' CHECK (risk_level IN ('green', 'yellow', 'red')),
      risk_reason text CHECK (length(risk_reason) <= 500),
      risk_set_by bigint REFERENCES users (id),
      risk_set_at timestamptz,
      helper_ids bigint[] NOT NULL DEFAULT '{}',
      visit_every_days integer NOT NULL CHECK (visit_every_days BETWEEN 1 AND 366),
      since date,
      ended_on date,
      grid_code text NOT NULL,
      area_path ltree NOT NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (person_id, group_key)
    )`.execute(db)
  await sql`CREATE INDEX registry_group_members_group_idx ON registry_group_members (group_key, risk_level)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_group_members_path_idx ON registry_group_members USING gist (area_path)`.execute(
    db,
  )

  // A record's history: who changed what, when. Personal fields appear masked only.
  await sql`
    CREATE TABLE registry_history (
      id bigserial PRIMARY KEY,
      entity_type text NOT NULL,
      entity_id bigint NOT NULL,
      action text NOT NULL,
      changes jsonb NOT NULL DEFAULT '{}',
      reason text,
      actor_id bigint REFERENCES users (id),
      actor_name text NOT NULL,
      at timestamptz NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX registry_history_entity_idx ON registry_history (entity_type, entity_id, at)`.execute(
    db,
  )
}
