import { type Kysely, sql } from 'kysely'

// Assessment (考核, docs/KPI.md and ADR 0016). A district's settings per kind of object
// (weights, count bands, grade bands, the small-sample minimum: what it changes of core's
// default schemes), versioned; its grid worker pay settings; and the published months:
// one snapshot per district, month and kind with the scheme it followed, and its rows
// frozen (the scores as published, ranks and grades, and the area paths that say who may
// read each). A published snapshot is never recomputed: triggers refuse updating or
// deleting it. Verifications, intake and dispatch steps are counted from the timeline by
// action and time: a partial index on case_events for exactly those actions.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assessment_schemes (
      district_code text NOT NULL,
      kind text NOT NULL,
      settings jsonb NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      updated_at timestamptz NOT NULL,
      updated_by bigint REFERENCES users (id),
      updated_by_name text NOT NULL,
      PRIMARY KEY (district_code, kind)
    )`.execute(db)

  await sql`
    CREATE TABLE assessment_pay_settings (
      district_code text PRIMARY KEY,
      base numeric(12, 2) NOT NULL CHECK (base >= 0),
      per_household numeric(10, 2) NOT NULL CHECK (per_household >= 0),
      factors jsonb NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      updated_at timestamptz NOT NULL,
      updated_by bigint REFERENCES users (id),
      updated_by_name text NOT NULL
    )`.execute(db)

  await sql`
    CREATE TABLE assessment_snapshots (
      id bigserial PRIMARY KEY,
      district_code text NOT NULL,
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      kind text NOT NULL,
      scheme jsonb NOT NULL,
      published_at timestamptz NOT NULL,
      published_by bigint REFERENCES users (id),
      published_by_name text NOT NULL,
      UNIQUE (district_code, month, kind)
    )`.execute(db)

  // level: the area level of an area row ('' for the other kinds); area_paths: where the object
  // works (a worker's grids, a posting's area, a department's, the area itself), for jurisdiction.
  await sql`
    CREATE TABLE assessment_snapshot_rows (
      snapshot_id bigint NOT NULL REFERENCES assessment_snapshots (id),
      level text NOT NULL,
      object_key text NOT NULL,
      rank integer,
      grade text CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
      name text NOT NULL,
      area_paths ltree[] NOT NULL,
      unit_id bigint,
      row jsonb NOT NULL,
      PRIMARY KEY (snapshot_id, level, object_key)
    )`.execute(db)
  await sql`CREATE INDEX assessment_snapshot_rows_paths_idx ON assessment_snapshot_rows USING gist (area_paths)`.execute(
    db,
  )

  await sql`
    CREATE FUNCTION assessment_is_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'a published assessment is never changed';
    END $$`.execute(db)
  await sql`
    CREATE TRIGGER assessment_snapshots_frozen BEFORE UPDATE OR DELETE ON assessment_snapshots
    FOR EACH ROW EXECUTE FUNCTION assessment_is_frozen()`.execute(db)
  await sql`
    CREATE TRIGGER assessment_snapshot_rows_frozen BEFORE UPDATE OR DELETE ON assessment_snapshot_rows
    FOR EACH ROW EXECUTE FUNCTION assessment_is_frozen()`.execute(db)

  await sql`
    CREATE INDEX case_events_assessed_idx ON case_events (at)
    WHERE action IN ('accept', 'reject', 'dispatch', 'rule_return', 'verify')`.execute(db)
}
