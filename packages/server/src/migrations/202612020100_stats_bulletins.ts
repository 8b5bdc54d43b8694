import { type Kysely, sql } from 'kysely'

// Bulletins (通报): every semi-monthly or monthly bulletin generated, kept as it was
// issued. The XLSX and the PDF are blobs of the file store (content-addressed, in
// `files`); the row names the area it covers (its path, so lists take the caller's
// jurisdiction like everything else), the period, who generated it and when.
// Generating the same period again adds a row: the archive keeps each issue.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE bulletins (
      id bigserial PRIMARY KEY,
      district_code text NOT NULL,
      area_code text NOT NULL,
      area_path ltree NOT NULL,
      area_name text NOT NULL,
      period_kind text NOT NULL CHECK (period_kind IN ('half_month', 'month')),
      period_from date NOT NULL,
      period_to date NOT NULL CHECK (period_to >= period_from),
      title text NOT NULL,
      generated_by bigint REFERENCES users (id),
      generated_by_name text NOT NULL,
      generated_at timestamptz NOT NULL,
      xlsx_sha256 char(64) NOT NULL REFERENCES files (sha256),
      xlsx_size bigint NOT NULL,
      pdf_sha256 char(64) NOT NULL REFERENCES files (sha256),
      pdf_size bigint NOT NULL
    )`.execute(db)
  await sql`CREATE INDEX bulletins_path_idx ON bulletins USING gist (area_path)`.execute(db)
  await sql`CREATE INDEX bulletins_recent_idx ON bulletins (district_code, period_from DESC, id DESC)`.execute(
    db,
  )
}
