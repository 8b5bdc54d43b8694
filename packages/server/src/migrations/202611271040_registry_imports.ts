import { type Kysely, sql } from 'kysely'

// Registry imports: the upload (sealed with the personal-data key in the blob
// store, never in clear), the column mapping, and a staging table of validated
// rows — ciphertexts, masks and indexes ready to insert — that one statement
// moves into place when the importer commits.
export async function up(db: Kysely<unknown>): Promise<void> {
  // 户号: a household's number in the source register, kept so imports group members by it.
  await sql`ALTER TABLE registry_households ADD COLUMN number text`.execute(db)

  await sql`
    CREATE TABLE registry_imports (
      id bigserial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('persons')),
      file_name text NOT NULL,
      format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
      blob_sha256 text NOT NULL,
      headers jsonb NOT NULL,
      mapping jsonb,
      default_grid_code text,
      status text NOT NULL CHECK (status IN ('uploaded', 'validating', 'validated', 'committing', 'committed', 'failed')),
      total_rows integer,
      valid_rows integer,
      invalid_rows integer,
      committed_rows integer,
      households integer,
      error_report_sha256 text,
      failure text,
      job_id bigint,
      scope jsonb NOT NULL,
      created_by bigint NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db)

  await sql`
    CREATE TABLE registry_import_rows (
      import_id bigint NOT NULL REFERENCES registry_imports (id) ON DELETE CASCADE,
      row_no integer NOT NULL,
      errors jsonb,
      name text COLLATE "C",
      name_pinyin text COLLATE "C",
      name_initials text COLLATE "C",
      document_kind text,
      document_cipher text,
      document_masked text,
      document_index text,
      sex text,
      birth_date date,
      ethnicity text,
      education text,
      phone_cipher text,
      phone_masked text,
      phone_index text,
      address_cipher text,
      address_masked text,
      hukou_region text,
      hukou_address_cipher text,
      hukou_address_masked text,
      non_local boolean,
      tags text[],
      relation text,
      note text,
      household_number text,
      grid_code text,
      area_path ltree,
      PRIMARY KEY (import_id, row_no)
    )`.execute(db)
}
