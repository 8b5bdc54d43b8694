import type { TAssessmentScheme } from '@onegrid/core/api/assessment'
import type { AssessmentKind } from '@onegrid/core/stats/assessment'
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import type { AssessedRow } from './compute-assessment.ts'

export type SnapshotHeader = {
  id: number
  district: string
  month: string
  kind: AssessmentKind
  scheme: TAssessmentScheme
  publishedAt: Date
  publishedBy: number | null
  publishedByName: string
}

/** Who may read a row: one of its areas inside these paths, or its unit among these. */
export type Visibility = { paths: readonly string[]; unitIds: readonly number[] }

/** Rows per INSERT when freezing a month (each batch one JSON parameter). */
const batch = 1_000

/** Published months (assessment_snapshots) and their frozen rows; written once, never changed. */
export class SnapshotStore {
  constructor(private readonly db: Db) {}

  async header(district: string, month: string, kind: AssessmentKind): Promise<SnapshotHeader | null> {
    const { rows } = await sql<{
      id: number
      scheme: TAssessmentScheme
      published_at: Date
      published_by: number | null
      published_by_name: string
    }>`
      SELECT id, scheme, published_at, published_by, published_by_name FROM assessment_snapshots
      WHERE district_code = ${district} AND month = ${month} AND kind = ${kind}`.execute(this.db)
    const r = rows[0]
    return r
      ? {
          id: Number(r.id),
          district,
          month,
          kind,
          scheme: r.scheme,
          publishedAt: new Date(r.published_at),
          publishedBy: r.published_by === null ? null : Number(r.published_by),
          publishedByName: r.published_by_name,
        }
      : null
  }

  /** Freezes a month: the header and every row, inside the caller's transaction. Null when it was published already. */
  async insert(
    trx: Db,
    header: Omit<SnapshotHeader, 'id'>,
    rows: readonly AssessedRow[],
  ): Promise<number | null> {
    const { rows: made } = await sql<{ id: number }>`
      INSERT INTO assessment_snapshots (district_code, month, kind, scheme, published_at, published_by, published_by_name)
      VALUES (${header.district}, ${header.month}, ${header.kind}, CAST(${JSON.stringify(header.scheme)} AS jsonb),
        ${header.publishedAt}, ${header.publishedBy}, ${header.publishedByName})
      ON CONFLICT (district_code, month, kind) DO NOTHING
      RETURNING id`.execute(trx)
    const id = made[0] ? Number(made[0].id) : null
    if (id === null) return null
    for (let i = 0; i < rows.length; i += batch) {
      const json = JSON.stringify(rows.slice(i, i + batch))
      await sql`
        INSERT INTO assessment_snapshot_rows (snapshot_id, level, object_key, rank, grade, name, area_paths, unit_id, row)
        SELECT ${id}, r->>'level', r->>'key', CAST(r->>'rank' AS int), r->>'grade', r->>'name',
          ARRAY(SELECT CAST(p AS ltree) FROM jsonb_array_elements_text(r->'paths') p),
          CAST(r->>'unitId' AS bigint), r
        FROM jsonb_array_elements(CAST(${json} AS jsonb)) r`.execute(trx)
    }
    return id
  }

  /** The frozen rows of one level a caller may read, in rank order. */
  async rows(id: number, level: string, visible: Visibility): Promise<AssessedRow[]> {
    const arms: RawBuilder<unknown>[] = visible.paths.map((p) => sql`r.area_paths <@ CAST(${p} AS ltree)`)
    if (visible.unitIds.length > 0)
      arms.push(sql`r.unit_id IN (${sql.join(visible.unitIds.map((u) => sql`${u}`))})`)
    if (arms.length === 0) return []
    const { rows } = await sql<{ row: AssessedRow }>`
      SELECT r.row FROM assessment_snapshot_rows r
      WHERE r.snapshot_id = ${id} AND r.level = ${level} AND (${sql.join(arms, sql` OR `)})
      ORDER BY r.rank NULLS LAST, r.object_key`.execute(this.db)
    return rows.map((r) => r.row)
  }

  /** How many rows of the level were graded (the district's ranking). */
  async ranked(id: number, level: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM assessment_snapshot_rows
      WHERE snapshot_id = ${id} AND level = ${level} AND rank IS NOT NULL`.execute(this.db)
    return Number(rows[0]?.n ?? 0)
  }

  /** How many rows a month froze. */
  async count(id: number): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM assessment_snapshot_rows WHERE snapshot_id = ${id}`.execute(this.db)
    return Number(rows[0]?.n ?? 0)
  }
}
