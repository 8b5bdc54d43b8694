import { type Selectable, sql } from 'kysely'
import type { Scope } from '../../../platform/auth/principal.ts'
import { inAreaScope } from '../../../platform/auth/scope-sql.ts'
import type { Db } from '../../../platform/db/database.ts'
import type { RegistryImportsTable } from '../tables.ts'
import type { RowError, StagedRow } from './import-kind.ts'

export type ImportRow = Selectable<RegistryImportsTable>

/** Columns moved from staging into registry_persons, in this order on both sides. */
const personColumns = [
  'name',
  'name_pinyin',
  'name_initials',
  'document_kind',
  'document_cipher',
  'document_masked',
  'document_index',
  'sex',
  'birth_date',
  'ethnicity',
  'education',
  'phone_cipher',
  'phone_masked',
  'phone_index',
  'address_cipher',
  'address_masked',
  'hukou_region',
  'hukou_address_cipher',
  'hukou_address_masked',
  'non_local',
  'tags',
  'relation',
  'note',
  'grid_code',
  'area_path',
] as const

/** The imports table, the staging rows, and the one statement that moves them into place. */
export class ImportStore {
  constructor(readonly db: Db) {}

  async create(row: Omit<ImportRow, 'id'>): Promise<number> {
    const r = await this.db
      .insertInto('registry_imports')
      .values({
        ...row,
        headers: JSON.stringify(row.headers),
        scope: JSON.stringify(row.scope),
        mapping: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return r.id
  }

  async get(id: number): Promise<ImportRow | undefined> {
    return this.db.selectFrom('registry_imports').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async update(
    id: number,
    set: Partial<Omit<ImportRow, 'id' | 'headers' | 'scope' | 'mapping'>> & {
      mapping?: Record<string, number>
    },
    at: Date,
  ): Promise<void> {
    const { mapping, ...rest } = set
    await this.db
      .updateTable('registry_imports')
      .set({ ...rest, ...(mapping ? { mapping: JSON.stringify(mapping) } : {}), updated_at: at })
      .where('id', '=', id)
      .execute()
  }

  /** A user's imports, newest first, and how many there are. */
  async listOf(
    userId: number,
    filter: { kind?: string | undefined; limit: number; offset: number },
  ): Promise<{ rows: ImportRow[]; total: number }> {
    let q = this.db.selectFrom('registry_imports').where('created_by', '=', userId)
    if (filter.kind) q = q.where('kind', '=', filter.kind)
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { rows, total: Number(count.n) }
  }

  /** Moves an import to `to` only from one of `from`: two clicks never start two runs. */
  async claim(id: number, from: readonly string[], to: string, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('registry_imports')
      .set({ status: to, updated_at: at, failure: null })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst()
    return Number(r.numUpdatedRows) === 1
  }

  /** The grids an importer may write to: code → path. */
  async grids(scope: Scope): Promise<Map<string, string>> {
    const { rows } = await sql<{ code: string; path: string }>`
      SELECT code, path::text AS path FROM areas WHERE level = 'grid' AND ${inAreaScope('path', scope)}`.execute(
      this.db,
    )
    return new Map(rows.map((r) => [r.code, r.path]))
  }

  async clearStaging(importId: number): Promise<void> {
    await this.db.deleteFrom('registry_import_rows').where('import_id', '=', importId).execute()
  }

  /**
   * A batch of staging rows as one JSON parameter read back as the table's own
   * row type: a thousand rows of thirty columns bind as one value, not 30,000.
   */
  async stage(rows: readonly StagedRow[]): Promise<void> {
    if (rows.length > 0)
      await sql`
        INSERT INTO registry_import_rows
        SELECT * FROM jsonb_populate_recordset(CAST(NULL AS registry_import_rows), CAST(${JSON.stringify(rows)} AS jsonb))`.execute(
        this.db,
      )
  }

  /** Valid staged rows whose document an earlier row of the same file has (valid or not). */
  async repeatedDocuments(
    importId: number,
  ): Promise<{ rowNo: number; first: number; masked: string | null }[]> {
    const { rows } = await sql<{ rowNo: number; first: number; masked: string | null }>`
      SELECT s.row_no AS "rowNo", f.first, s.document_masked AS masked
      FROM registry_import_rows s
      JOIN (
        SELECT document_index, min(row_no) AS first FROM registry_import_rows
        WHERE import_id = ${importId} AND document_index IS NOT NULL
        GROUP BY document_index HAVING count(*) > 1
      ) f ON f.document_index = s.document_index
      WHERE s.import_id = ${importId} AND s.errors IS NULL AND s.row_no > f.first
      ORDER BY s.row_no`.execute(this.db)
    return rows
  }

  /** Turns staged valid rows into error rows: their problems in, their ciphertexts out. */
  async reject(importId: number, rows: readonly { rowNo: number; errors: RowError[] }[]): Promise<void> {
    if (rows.length === 0) return
    const wiped = sql.join(personColumns.filter((c) => c !== 'name').map((c) => sql`${sql.ref(c)} = NULL`))
    await sql`
      UPDATE registry_import_rows s SET errors = v.errors, ${wiped}, household_number = NULL
      FROM jsonb_to_recordset(CAST(${JSON.stringify(rows)} AS jsonb)) AS v("rowNo" integer, errors jsonb)
      WHERE s.import_id = ${importId} AND s.row_no = v."rowNo"`.execute(this.db)
  }

  /** Which of these document indexes the registry holds already. */
  async recorded(indexes: readonly string[]): Promise<Set<string>> {
    if (indexes.length === 0) return new Set()
    const rows = await this.db
      .selectFrom('registry_persons')
      .select('document_index')
      .where('document_index', 'in', [...indexes])
      .execute()
    return new Set(rows.flatMap((r) => (r.document_index ? [r.document_index] : [])))
  }

  async errorRows(importId: number, limit: number | null) {
    let q = this.db
      .selectFrom('registry_import_rows')
      .select(['row_no', 'errors'])
      .where('import_id', '=', importId)
      .where('errors', 'is not', null)
      .orderBy('row_no')
    if (limit !== null) q = q.limit(limit)
    return q.execute()
  }

  /** The grids an import's households went to. */
  async householdGrids(executor: Db, importId: number): Promise<string[]> {
    const rows = await executor
      .selectFrom('registry_import_rows')
      .select('grid_code')
      .distinct()
      .where('import_id', '=', importId)
      .where('errors', 'is', null)
      .where('household_number', 'is not', null)
      .execute()
    return rows.flatMap((r) => (r.grid_code ? [r.grid_code] : []))
  }

  async analyzeStaging(): Promise<void> {
    await sql`ANALYZE registry_import_rows`.execute(this.db)
  }

  async counts(importId: number): Promise<{ total: number; valid: number }> {
    const { rows } = await sql<{ total: number; valid: number }>`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE errors IS NULL)::int AS valid
      FROM registry_import_rows WHERE import_id = ${importId}`.execute(this.db)
    return rows[0] ?? { total: 0, valid: 0 }
  }

  /**
   * The commit: households by their number (户号) first, then the valid rows
   * joined to them, then a history row per person, in one statement. A
   * document recorded meanwhile by somebody else fails it whole (unique index).
   */
  async commit(
    trx: Db,
    importId: number,
    actor: { userId: number | null; name: string },
    at: Date,
  ): Promise<{ persons: number; households: number }> {
    const cols = sql.join(personColumns.map((c) => sql.ref(c)))
    const staged = sql.join(personColumns.map((c) => sql.ref(`s.${c}`)))
    const { rows } = await sql<{ persons: number; households: number }>`
      WITH h AS (
        INSERT INTO registry_households (grid_code, area_path, address_cipher, address_masked, non_local, number,
          created_by, created_at, updated_at)
        SELECT DISTINCT ON (s.household_number) s.grid_code, s.area_path, s.address_cipher, s.address_masked,
          s.non_local, s.household_number, ${actor.userId}, ${at}, ${at}
        FROM registry_import_rows s
        WHERE s.import_id = ${importId} AND s.errors IS NULL AND s.household_number IS NOT NULL
        ORDER BY s.household_number, s.row_no
        RETURNING id, number
      ), p AS (
        INSERT INTO registry_persons (${cols}, household_id, created_by, updated_by, created_at, updated_at)
        SELECT ${staged}, h.id, ${actor.userId}, ${actor.userId}, ${at}, ${at}
        FROM registry_import_rows s LEFT JOIN h ON h.number = s.household_number
        WHERE s.import_id = ${importId} AND s.errors IS NULL
        ORDER BY s.row_no
        RETURNING id
      ), hist AS (
        INSERT INTO registry_history (entity_type, entity_id, action, changes, actor_id, actor_name, at)
        SELECT 'person', p.id, 'import', ${JSON.stringify({ import: [null, importId] })}::jsonb,
          ${actor.userId}, ${actor.name}, ${at}
        FROM p
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM hist)::int AS persons, (SELECT count(*) FROM h)::int AS households`.execute(
      trx,
    )
    return rows[0] ?? { persons: 0, households: 0 }
  }
}
