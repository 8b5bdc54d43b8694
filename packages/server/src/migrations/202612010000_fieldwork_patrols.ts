import { type Kysely, sql } from 'kysely'

// Patrols (巡查), their points, the coverage per grid per day, and attendance check-ins (签到).
//
// A patrol's id is chosen by the field app (a UUID), so points recorded offline can be
// appended before the server has seen the start. Points are unique per (patrol, at): a
// point sent again is ignored. Each point carries the flags of the distance rule
// (core/fieldwork/patrol-track.ts) and, when it is joined to the previous kept point, that
// walked segment (`seg` from the point at `seg_from`, `seg_s` seconds): the grid-day figures are sums and unions of
// segments, found through a GiST index. `patrol_grid_days` is recomputed for the grids and
// days a patrol touches when it ends, on late points, and for open patrols when read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE patrols (
      id uuid PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id),
      district_code text NOT NULL,
      area_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      end_reason text CHECK (end_reason IN ('app', 'auto')),
      last_point_at timestamptz,
      point_count integer NOT NULL DEFAULT 0,
      usable_point_count integer NOT NULL DEFAULT 0,
      distance_m double precision NOT NULL DEFAULT 0,
      track geometry(LineString, 4326),
      grid_days_stale boolean NOT NULL DEFAULT false,
      grid_days_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
      CHECK (ended_at IS NULL OR ended_at >= started_at)
    )`.execute(db)
  await sql`CREATE INDEX patrols_user_idx ON patrols (user_id, started_at DESC)`.execute(db)
  await sql`CREATE INDEX patrols_started_idx ON patrols (district_code, started_at DESC)`.execute(db)
  await sql`CREATE INDEX patrols_path_idx ON patrols USING gist (area_path)`.execute(db)
  await sql`CREATE INDEX patrols_open_idx ON patrols (last_point_at) WHERE ended_at IS NULL`.execute(db)
  await sql`CREATE INDEX patrols_stale_idx ON patrols (last_point_at) WHERE grid_days_stale`.execute(db)

  await sql`
    CREATE TABLE patrol_points (
      patrol_id uuid NOT NULL REFERENCES patrols (id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      day date NOT NULL,
      district_code text NOT NULL,
      geom geometry(Point, 4326) NOT NULL,
      accuracy real NOT NULL CHECK (accuracy >= 0),
      speed real,
      heading real,
      kept boolean NOT NULL DEFAULT false,
      seg geometry(LineString, 4326),
      seg_from timestamptz,
      seg_s real,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (patrol_id, at),
      CHECK ((seg IS NULL) = (seg_s IS NULL) AND (seg IS NULL) = (seg_from IS NULL))
    )`.execute(db)
  await sql`CREATE INDEX patrol_points_seg_idx ON patrol_points USING gist (seg) WHERE seg IS NOT NULL`.execute(
    db,
  )
  await sql`CREATE INDEX patrol_points_day_idx ON patrol_points (day) WHERE seg IS NOT NULL`.execute(db)

  await sql`
    CREATE TABLE patrol_grid_days (
      grid_code text NOT NULL REFERENCES areas (code),
      day date NOT NULL,
      district_code text NOT NULL,
      area_path ltree NOT NULL,
      patrolled boolean NOT NULL,
      distance_m double precision NOT NULL,
      duration_s integer NOT NULL,
      coverage double precision NOT NULL CHECK (coverage BETWEEN 0 AND 1),
      workers integer NOT NULL,
      patrol_ids uuid[] NOT NULL,
      computed_at timestamptz NOT NULL,
      PRIMARY KEY (grid_code, day)
    )`.execute(db)
  await sql`CREATE INDEX patrol_grid_days_path_idx ON patrol_grid_days USING gist (area_path)`.execute(db)
  await sql`CREATE INDEX patrol_grid_days_day_idx ON patrol_grid_days (district_code, day)`.execute(db)
  await sql`CREATE INDEX patrol_grid_days_patrols_idx ON patrol_grid_days USING gin (patrol_ids)`.execute(db)

  await sql`
    CREATE TABLE check_ins (
      id bigserial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id),
      district_code text NOT NULL,
      area_path ltree NOT NULL,
      kind text NOT NULL CHECK (kind IN ('on', 'off')),
      at timestamptz NOT NULL,
      day date NOT NULL,
      received_at timestamptz NOT NULL,
      geom geometry(Point, 4326) NOT NULL,
      accuracy real NOT NULL CHECK (accuracy >= 0),
      inside boolean NOT NULL,
      grid_code text REFERENCES areas (code),
      distance_m double precision NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX check_ins_user_idx ON check_ins (user_id, at DESC)`.execute(db)
  await sql`CREATE INDEX check_ins_day_idx ON check_ins (district_code, day)`.execute(db)
  await sql`CREATE INDEX check_ins_path_idx ON check_ins USING gist (area_path)`.execute(db)
}
