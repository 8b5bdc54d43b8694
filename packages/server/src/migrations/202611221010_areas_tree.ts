import { type Kysely, sql } from 'kysely'

// The area tree every jurisdiction scope hangs on. Codes are natural-length
// (6/9/12/15 digits) so a parent's code prefixes its children's; `path` is the
// ltree of codes from the root, queried with <@ for "within my jurisdiction".
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE areas (
      code text PRIMARY KEY CHECK (code ~ '^[0-9]{6,15}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      level text NOT NULL CHECK (level IN ('province', 'city', 'district', 'street', 'community', 'grid')),
      parent_code text REFERENCES areas (code),
      path ltree NOT NULL UNIQUE,
      geom geometry(MultiPolygon, 4326),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX areas_path_gist ON areas USING gist (path)`.execute(db)
  await sql`CREATE INDEX areas_parent_idx ON areas (parent_code)`.execute(db)
  await sql`CREATE INDEX areas_geom_gist ON areas USING gist (geom)`.execute(db)
  await sql`CREATE INDEX areas_name_trgm ON areas USING gin (name gin_trgm_ops)`.execute(db)
}
