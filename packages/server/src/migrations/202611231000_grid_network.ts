import { type Kysely, sql } from 'kysely'

// The one grid network's attributes and its versioned boundaries.
// `areas.geom` stays the current boundary (what the map and today's lookups read);
// `area_boundaries` keeps every version with its validity interval, so a lookup
// "at" a past time uses the boundaries of that time and a case keeps the grid
// version it was attached to.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE areas
      ADD COLUMN grid_type text CHECK (grid_type IN ('basic', 'dedicated')),
      ADD COLUMN served_unit text CHECK (length(served_unit) BETWEEN 1 AND 100),
      ADD COLUMN households integer CHECK (households >= 0),
      ADD COLUMN population integer CHECK (population >= 0),
      ADD COLUMN responsible_party text CHECK (length(responsible_party) BETWEEN 1 AND 100),
      ADD COLUMN area_m2 double precision,
      ADD COLUMN boundary_version integer,
      ADD CONSTRAINT areas_grid_type_only_on_grids CHECK (grid_type IS NULL OR level = 'grid'),
      ADD CONSTRAINT areas_served_unit_only_dedicated CHECK (served_unit IS NULL OR grid_type = 'dedicated')`.execute(
    db,
  )

  // Point → grid lookups probe only grids: a partial index halves the work of a probe.
  await sql`CREATE INDEX areas_grid_geom_gist ON areas USING gist (geom) WHERE level = 'grid'`.execute(db)

  await sql`
    CREATE TABLE area_boundaries (
      area_code text NOT NULL REFERENCES areas (code),
      version integer NOT NULL CHECK (version >= 1),
      geom geometry(MultiPolygon, 4326) NOT NULL,
      area_m2 double precision NOT NULL,
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (area_code, version),
      CHECK (valid_to IS NULL OR valid_to > valid_from)
    )`.execute(db)
  await sql`CREATE INDEX area_boundaries_geom_gist ON area_boundaries USING gist (geom)`.execute(db)
  // At most one open (current) version per area.
  await sql`CREATE UNIQUE INDEX area_boundaries_current ON area_boundaries (area_code) WHERE valid_to IS NULL`.execute(
    db,
  )
}
