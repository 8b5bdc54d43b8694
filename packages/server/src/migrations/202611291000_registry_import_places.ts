import { type Kysely, sql } from 'kysely'

// Imports of houses and organizations beside persons. Their staged rows carry
// the target table's columns as one jsonb object (`payload`, read back with
// jsonb_populate_record of the table's own row type), so a new kind needs no
// new staging columns; persons keep their typed columns, which the million-row
// path is measured on.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE registry_imports DROP CONSTRAINT registry_imports_kind_check`.execute(db)
  await sql`ALTER TABLE registry_imports ADD CONSTRAINT registry_imports_kind_check
    CHECK (kind IN ('persons', 'houses', 'organizations'))`.execute(db)
  await sql`ALTER TABLE registry_import_rows ADD COLUMN payload jsonb`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM registry_imports WHERE kind <> 'persons'`.execute(db)
  await sql`ALTER TABLE registry_import_rows DROP COLUMN payload`.execute(db)
  await sql`ALTER TABLE registry_imports DROP CONSTRAINT registry_imports_kind_check`.execute(db)
  await sql`ALTER TABLE registry_imports ADD CONSTRAINT registry_imports_kind_check
    CHECK (kind IN ('persons'))`.execute(db)
}
