import { type Kysely, sql } from 'kysely'

// Staff on grids. Who is posted to a grid is a role assignment of the identity
// module (role_assignments at the grid's area code; see docs/adr/0004-grid-staff.md);
// this module keeps what is particular to grid workers: employment, training
// records and qualifications.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE grid_worker_profiles (
      user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      employment text CHECK (employment IN ('full_time', 'part_time')),
      hired_on date,
      note text CHECK (length(note) <= 500),
      updated_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)

  await sql`
    CREATE TABLE grid_worker_trainings (
      id bigserial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      course text NOT NULL CHECK (length(course) BETWEEN 1 AND 100),
      hours double precision NOT NULL CHECK (hours > 0 AND hours <= 200),
      completed_on date NOT NULL,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
  await sql`CREATE INDEX grid_worker_trainings_user_idx ON grid_worker_trainings (user_id, completed_on)`.execute(
    db,
  )

  await sql`
    CREATE TABLE grid_worker_qualifications (
      id bigserial PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      certificate_no text NOT NULL CHECK (length(certificate_no) BETWEEN 1 AND 50),
      issued_on date NOT NULL,
      expires_on date,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (expires_on IS NULL OR expires_on > issued_on),
      UNIQUE (user_id, certificate_no)
    )`.execute(db)
  await sql`CREATE INDEX grid_worker_qualifications_user_idx ON grid_worker_qualifications (user_id, expires_on)`.execute(
    db,
  )

  // A grid's staff is looked up by the grid's code (the staffing map reads all 1,809 at once).
  await sql`CREATE INDEX role_assignments_area_code_idx ON role_assignments (area_code, role) WHERE area_code IS NOT NULL`.execute(
    db,
  )
}
