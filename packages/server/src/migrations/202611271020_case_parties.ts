import { type Kysely, sql } from 'kysely'

// Who and what a case is about (当事人, the place, the component): links from a
// case to records of the registry, so a person's page lists their cases and a
// case names its parties without copying their personal data.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_parties (
      id bigserial PRIMARY KEY,
      case_id bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
      entity_type text NOT NULL CHECK (entity_type IN ('person', 'household')),
      entity_id bigint NOT NULL,
      role text NOT NULL CHECK (role IN ('involved', 'reporter', 'victim', 'responsible', 'location')),
      note text CHECK (length(note) <= 200),
      added_by bigint REFERENCES users (id),
      added_at timestamptz NOT NULL,
      UNIQUE (case_id, entity_type, entity_id)
    )`.execute(db)
  await sql`CREATE INDEX case_parties_entity_idx ON case_parties (entity_type, entity_id, case_id)`.execute(
    db,
  )
}
