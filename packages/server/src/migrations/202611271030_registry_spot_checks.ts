import { type Kysely, sql } from 'kysely'

// Spot checks of the registry (抽查): a random, reproducible sample of active persons
// per grid under an area, each item assigned to a grid worker of its grid, who checks
// the record by phone or visit and records the result. The sample is drawn once, in
// one INSERT … SELECT ordered by md5(seed || person id) per grid: the same seed over
// the same records draws the same persons.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE registry_spot_checks (
      id bigserial PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      area_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      sample_per_grid integer NOT NULL CHECK (sample_per_grid BETWEEN 1 AND 100),
      method text NOT NULL CHECK (method IN ('phone', 'visit', 'either')),
      due_on date,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      seed bigint NOT NULL,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX registry_spot_checks_path_idx ON registry_spot_checks USING gist (area_path)`.execute(
    db,
  )

  await sql`
    CREATE TABLE registry_spot_check_items (
      id bigserial PRIMARY KEY,
      spot_check_id bigint NOT NULL REFERENCES registry_spot_checks (id) ON DELETE CASCADE,
      person_id bigint NOT NULL REFERENCES registry_persons (id),
      grid_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      assignee_id bigint REFERENCES users (id),
      result text CHECK (result IN ('correct', 'corrected', 'wrong', 'unreachable')),
      method_used text CHECK (method_used IN ('phone', 'visit')),
      fields_wrong text[] NOT NULL DEFAULT '{}',
      note text CHECK (length(note) <= 500),
      checked_by bigint REFERENCES users (id),
      checked_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      UNIQUE (spot_check_id, person_id),
      -- A record found wrong (or corrected on the spot) names what was wrong.
      CHECK (result IS NULL OR result IN ('correct', 'unreachable') OR cardinality(fields_wrong) > 0),
      CHECK ((result IS NULL) = (checked_at IS NULL))
    )`.execute(db)
  await sql`CREATE INDEX registry_spot_check_items_check_idx ON registry_spot_check_items (spot_check_id, grid_code, id)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_spot_check_items_path_idx ON registry_spot_check_items USING gist (area_path)`.execute(
    db,
  )
  await sql`CREATE INDEX registry_spot_check_items_assignee_idx ON registry_spot_check_items (assignee_id) WHERE result IS NULL`.execute(
    db,
  )
}
