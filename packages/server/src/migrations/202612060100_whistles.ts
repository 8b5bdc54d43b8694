import { type Kysely, sql } from 'kysely'

// The whistle (吹哨报到, core/src/api/whistles.ts, ADR 0023): a grid worker or the center
// summons departments to a place of its jurisdiction, usually about a case. One row per
// whistle (its code CS + day + a number, unique in the district; where it is: the point, the
// grid and its area path, which scope every read and write) and one per summoned unit with
// its limits (ack_due_at, arrive_due_at, fixed when raised), its acknowledgement (报到), its
// arrival (checked in by position, with the distance, or recorded by the raiser) and its
// status. The sweep takes responses past their arrival limit (whistle_responses_due_idx,
// FOR UPDATE SKIP LOCKED) and marks them missed; the department's waiting list reads
// whistle_responses_waiting_idx; the monthly assessment counts a unit's responses by their
// arrival limit (whistle_responses_unit_month_idx).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE whistle_code_seq`.execute(db)
  await sql`
    CREATE TABLE whistles (
      id bigserial PRIMARY KEY,
      district_code text NOT NULL,
      code text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 80),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
      case_id bigint REFERENCES cases (id),
      location geometry(Point, 4326) NOT NULL,
      address text CHECK (length(address) <= 200),
      grid_code text NOT NULL REFERENCES areas (code),
      area_path ltree NOT NULL,
      raised_by bigint NOT NULL REFERENCES users (id),
      raised_at timestamptz NOT NULL,
      ack_minutes integer NOT NULL CHECK (ack_minutes > 0),
      arrive_minutes integer NOT NULL CHECK (arrive_minutes >= ack_minutes),
      check_in_radius_m integer NOT NULL CHECK (check_in_radius_m > 0),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      escalated_at timestamptz,
      escalated_by bigint REFERENCES users (id),
      escalation_note text CHECK (length(escalation_note) <= 500),
      outcome text CHECK (length(outcome) <= 2000),
      closed_at timestamptz,
      closed_by bigint REFERENCES users (id),
      version integer NOT NULL DEFAULT 1 CHECK (version > 0),
      updated_at timestamptz NOT NULL,
      UNIQUE (district_code, code),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
      CHECK ((escalated_at IS NULL) = (escalated_by IS NULL))
    )`.execute(db)
  await sql`CREATE INDEX whistles_path_idx ON whistles USING gist (area_path)`.execute(db)
  await sql`CREATE INDEX whistles_raised_idx ON whistles (district_code, raised_at DESC)`.execute(db)
  await sql`CREATE INDEX whistles_case_idx ON whistles (case_id) WHERE case_id IS NOT NULL`.execute(db)
  await sql`CREATE INDEX whistles_raiser_idx ON whistles (raised_by, raised_at DESC)`.execute(db)

  await sql`
    CREATE TABLE whistle_responses (
      whistle_id bigint NOT NULL REFERENCES whistles (id),
      unit_id bigint NOT NULL REFERENCES units (id),
      district_code text NOT NULL,
      ack_due_at timestamptz NOT NULL,
      arrive_due_at timestamptz NOT NULL CHECK (arrive_due_at >= ack_due_at),
      acknowledged_at timestamptz,
      acknowledged_by bigint REFERENCES users (id),
      ack_note text CHECK (length(ack_note) <= 500),
      arrived_at timestamptz,
      arrived_by bigint REFERENCES users (id),
      arrival_source text CHECK (arrival_source IN ('check_in', 'recorded')),
      arrival_note text CHECK (length(arrival_note) <= 500),
      distance_m real CHECK (distance_m >= 0),
      status text NOT NULL DEFAULT 'summoned'
        CHECK (status IN ('summoned', 'acknowledged', 'arrived', 'missed')),
      -- When the sweep (or the close) marked it missed; a late arrival keeps it.
      missed_at timestamptz,
      PRIMARY KEY (whistle_id, unit_id),
      CHECK ((status = 'arrived') = (arrived_at IS NOT NULL)),
      CHECK (arrived_at IS NULL OR arrival_source IS NOT NULL),
      CHECK (status <> 'missed' OR missed_at IS NOT NULL)
    )`.execute(db)
  await sql`
    CREATE INDEX whistle_responses_waiting_idx ON whistle_responses (unit_id, whistle_id)
    WHERE status IN ('summoned', 'acknowledged')`.execute(db)
  await sql`
    CREATE INDEX whistle_responses_due_idx ON whistle_responses (arrive_due_at)
    WHERE status IN ('summoned', 'acknowledged')`.execute(db)
  await sql`
    CREATE INDEX whistle_responses_unit_month_idx ON whistle_responses (district_code, unit_id, arrive_due_at)
  `.execute(db)
}
