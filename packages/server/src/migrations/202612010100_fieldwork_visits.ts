import { type Kysely, sql } from 'kysely'

// Visits (走访): a grid worker's visit to a household or a person of the registry, with
// what it found (flags with notes, as jsonb, and the flags alone as text[] for filters),
// photos (case attachments taken by the visit) and where the visitor stood. The target
// is kept as kind + id (the registry's record) with the grid and area path it was in
// when visited, so a visit stays in the jurisdiction it happened in. The plan's rates
// live in `settings` (key fieldwork.visit_plan); what is due is computed from the last
// visit per target (visits_target_idx) when asked.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE visits (
      id bigserial PRIMARY KEY,
      district_code text NOT NULL,
      area_path ltree NOT NULL,
      grid_code text NOT NULL REFERENCES areas (code),
      visitor_id bigint NOT NULL REFERENCES users (id),
      target_kind text NOT NULL CHECK (target_kind IN ('household', 'person')),
      target_id bigint NOT NULL,
      -- The household the visit reached: the target, or the visited person's household then.
      household_id bigint,
      visited_at timestamptz NOT NULL,
      method text NOT NULL CHECK (method IN ('door', 'phone', 'other')),
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
      findings jsonb NOT NULL DEFAULT '[]',
      flags text[] NOT NULL DEFAULT '{}',
      location geometry(Point, 4326),
      location_accuracy real CHECK (location_accuracy >= 0),
      created_at timestamptz NOT NULL,
      CHECK (target_kind <> 'household' OR household_id = target_id)
    )`.execute(db)
  await sql`CREATE INDEX visits_target_idx ON visits (target_kind, target_id, visited_at DESC)`.execute(db)
  await sql`CREATE INDEX visits_household_idx ON visits (household_id, visited_at DESC) WHERE household_id IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX visits_visitor_idx ON visits (visitor_id, visited_at DESC)`.execute(db)
  await sql`CREATE INDEX visits_grid_idx ON visits (grid_code, visited_at)`.execute(db)
  await sql`CREATE INDEX visits_path_idx ON visits USING gist (area_path)`.execute(db)

  await sql`
    CREATE TABLE visit_attachments (
      visit_id bigint NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
      attachment_id bigint NOT NULL REFERENCES case_attachments (id),
      position smallint NOT NULL,
      PRIMARY KEY (visit_id, attachment_id),
      -- A photo belongs to one visit.
      UNIQUE (attachment_id)
    )`.execute(db)
}
