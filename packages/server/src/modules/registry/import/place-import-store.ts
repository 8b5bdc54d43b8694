import { sql } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { CommitActor } from './import-kind.ts'

/** A list of keys as one parameter: both drivers pass a JSON text alike (arrays they do not). */
const keys = (values: readonly string[]) =>
  sql`(SELECT value FROM jsonb_array_elements_text(CAST(${JSON.stringify(values)} AS jsonb)))`

export type BuildingRef = {
  id: number
  code: string
  gridCode: string
  address: string
  lng: number | null
  lat: number | null
}

/** A record another row points at: its id and where it is (for the importer's jurisdiction). */
export type RecordRef = { id: number; key: string; areaPath: string }

/**
 * What the dry run of a houses or organizations sheet looks up, a batch at a
 * time, and the statement that moves the checked rows into place.
 */
export class PlaceImportStore {
  constructor(readonly db: Db) {}

  /** Buildings by their code (community code + 5-digit number). */
  async buildings(codes: readonly string[]): Promise<Map<string, BuildingRef>> {
    if (codes.length === 0) return new Map()
    const { rows } = await sql<BuildingRef>`
      SELECT b.id, b.community_code || b.number AS code, b.grid_code AS "gridCode", b.address,
        ST_X(b.location) AS lng, ST_Y(b.location) AS lat
      FROM registry_buildings b
      JOIN ${keys(codes)} k ON b.community_code = left(k.value, -5) AND b.number = right(k.value, 5)`.execute(
      this.db,
    )
    return new Map(rows.map((r) => [r.code, r]))
  }

  /** Rooms recorded already: `building id|unit|room` of those among the keys. */
  async rooms(roomKeys: readonly string[]): Promise<Set<string>> {
    if (roomKeys.length === 0) return new Set()
    const { rows } = await sql<{ key: string }>`
      SELECT h.building_id || '|' || coalesce(h.unit, '') || '|' || h.room_no AS key
      FROM registry_houses h
      JOIN ${keys(roomKeys)} k ON h.building_id = CAST(split_part(k.value, '|', 1) AS bigint)
        AND coalesce(h.unit, '') = split_part(k.value, '|', 2) AND h.room_no = split_part(k.value, '|', 3)`.execute(
      this.db,
    )
    return new Set(rows.map((r) => r.key))
  }

  /** Organizations by credit code. */
  async organizations(codes: readonly string[]): Promise<Map<string, RecordRef>> {
    if (codes.length === 0) return new Map()
    const { rows } = await sql<RecordRef>`
      SELECT o.id, o.credit_code AS key, o.area_path::text AS "areaPath"
      FROM registry_organizations o WHERE o.credit_code IN ${keys(codes)}`.execute(this.db)
    return new Map(rows.map((r) => [r.key, r]))
  }

  /** Active persons by document blind index. */
  async persons(indexes: readonly string[]): Promise<Map<string, RecordRef>> {
    if (indexes.length === 0) return new Map()
    const { rows } = await sql<RecordRef>`
      SELECT p.id, p.document_index AS key, p.area_path::text AS "areaPath"
      FROM registry_persons p WHERE p.document_index IN ${keys(indexes)}`.execute(this.db)
    return new Map(rows.map((r) => [r.key, r]))
  }

  /**
   * The commit of a places sheet: the staged payloads, read as rows of the
   * target table itself (so every value is typed by its column), inserted in
   * sheet order with a history row each, in one statement. A duplicate
   * recorded meanwhile fails it whole (the table's unique indexes). Each new
   * record's id is drawn from its sequence first, so a houses sheet's tenants
   * become tenancies of the house their row made, in the same statement.
   */
  async commit(
    trx: Db,
    table: 'registry_houses' | 'registry_organizations',
    columns: readonly string[],
    entityType: string,
    importId: number,
    actor: CommitActor,
    at: Date,
    options: { tenancies?: boolean } = {},
  ): Promise<number> {
    const names = sql.join(columns.map((c) => sql.ref(c)))
    const values = sql.join(columns.map((c) => sql.ref(`r.${c}`)))
    const tenancies = options.tenancies
      ? sql`, leases AS (
          INSERT INTO registry_tenancies (house_id, person_id, start_date, end_date, contract_no, registered,
            area_path, created_by, created_at, updated_at)
          SELECT src.new_id, t.person_id, t.start_date, t.end_date, t.contract_no, coalesce(t.registered, false),
            CAST(src.payload->>'area_path' AS ltree), ${actor.userId}, ${at}, ${at}
          FROM src CROSS JOIN LATERAL jsonb_populate_record(CAST(NULL AS registry_tenancies), src.payload->'tenancy') t
          WHERE src.payload ? 'tenancy'
          RETURNING 1
        )`
      : sql``
    const { rows } = await sql<{ moved: number }>`
      WITH src AS (
        SELECT s.row_no, s.payload, nextval(pg_get_serial_sequence(${table}, 'id')) AS new_id
        FROM registry_import_rows s
        WHERE s.import_id = ${importId} AND s.errors IS NULL
        ORDER BY s.row_no
      ), moved AS (
        INSERT INTO ${sql.table(table)} (id, ${names}, grid_code, area_path, location, tags,
          created_by, updated_by, created_at, updated_at)
        SELECT src.new_id, ${values}, r.grid_code, r.area_path, r.location, coalesce(r.tags, CAST('{}' AS text[])),
          ${actor.userId}, ${actor.userId}, ${at}, ${at}
        FROM src CROSS JOIN LATERAL jsonb_populate_record(CAST(NULL AS ${sql.table(table)}), src.payload) r
        ORDER BY src.row_no
        RETURNING id
      ), hist AS (
        INSERT INTO registry_history (entity_type, entity_id, action, changes, actor_id, actor_name, at)
        SELECT ${entityType}, moved.id, 'import', ${JSON.stringify({ import: [null, importId] })}::jsonb,
          ${actor.userId}, ${actor.name}, ${at}
        FROM moved
        RETURNING 1
      )${tenancies}
      SELECT count(*)::int AS moved FROM hist`.execute(trx)
    return rows[0]?.moved ?? 0
  }
}
