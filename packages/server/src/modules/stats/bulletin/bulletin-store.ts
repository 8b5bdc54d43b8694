import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../../platform/auth/principal.ts'
import { inAreaScope } from '../../../platform/auth/scope-sql.ts'
import type { Db } from '../../../platform/db/database.ts'
import type { BulletinPeriodKind } from './bulletin-model.ts'

/** A bulletin as archived: its area and period, who issued it, and its two files by hash. */
export type BulletinRow = {
  id: number
  districtCode: string
  areaCode: string
  areaPath: string
  areaName: string
  periodKind: BulletinPeriodKind
  periodFrom: string
  periodTo: string
  title: string
  generatedBy: number | null
  generatedByName: string
  generatedAt: Date
  xlsxSha256: string
  xlsxSize: number
  pdfSha256: string
  pdfSize: number
}

export type NewBulletin = Omit<BulletinRow, 'id'>

type DbRow = {
  id: string | number
  district_code: string
  area_code: string
  area_path: string
  area_name: string
  period_kind: BulletinPeriodKind
  period_from: string
  period_to: string
  title: string
  generated_by: string | number | null
  generated_by_name: string
  generated_at: Date | string
  xlsx_sha256: string
  xlsx_size: string | number
  pdf_sha256: string
  pdf_size: string | number
}

const columns = sql`b.id, b.district_code, b.area_code, CAST(b.area_path AS text) AS area_path, b.area_name,
  b.period_kind, CAST(b.period_from AS text) AS period_from, CAST(b.period_to AS text) AS period_to, b.title,
  b.generated_by, b.generated_by_name, b.generated_at, b.xlsx_sha256, b.xlsx_size, b.pdf_sha256, b.pdf_size`

/**
 * The bulletins a scope sees: those of its areas and the areas under them, and a
 * department's those of the area it sits at (a street's platform, its street's).
 */
function visible(scope: Scope): RawBuilder<boolean> {
  const units = scope.unitIds.length
    ? sql`EXISTS (SELECT 1 FROM units u WHERE u.id IN (${sql.join(scope.unitIds.map((id) => sql`${id}`))})
        AND b.area_path <@ u.area_path)`
    : sql`false`
  return sql<boolean>`(${inAreaScope('b.area_path', scope)} OR ${units})`
}

function rowOf(r: DbRow): BulletinRow {
  return {
    id: Number(r.id),
    districtCode: r.district_code,
    areaCode: r.area_code,
    areaPath: r.area_path,
    areaName: r.area_name,
    periodKind: r.period_kind,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    title: r.title,
    generatedBy: r.generated_by === null ? null : Number(r.generated_by),
    generatedByName: r.generated_by_name,
    generatedAt: new Date(r.generated_at),
    xlsxSha256: r.xlsx_sha256,
    xlsxSize: Number(r.xlsx_size),
    pdfSha256: r.pdf_sha256,
    pdfSize: Number(r.pdf_size),
  }
}

/** The archive of bulletins (table `bulletins`): insert, list and read within a jurisdiction. */
export class BulletinStore {
  constructor(private readonly db: Db) {}

  async insert(executor: Db, b: NewBulletin): Promise<number> {
    const r = await sql<{ id: string | number }>`
      INSERT INTO bulletins (district_code, area_code, area_path, area_name, period_kind, period_from, period_to,
        title, generated_by, generated_by_name, generated_at, xlsx_sha256, xlsx_size, pdf_sha256, pdf_size)
      VALUES (${b.districtCode}, ${b.areaCode}, CAST(${b.areaPath} AS ltree), ${b.areaName}, ${b.periodKind},
        CAST(${b.periodFrom} AS date), CAST(${b.periodTo} AS date), ${b.title}, ${b.generatedBy},
        ${b.generatedByName}, ${b.generatedAt}, ${b.xlsxSha256}, ${b.xlsxSize}, ${b.pdfSha256}, ${b.pdfSize})
      RETURNING id`.execute(executor)
    const row = r.rows[0]
    if (!row) throw new Error('bulletin not inserted')
    return Number(row.id)
  }

  /** Newest period first, then newest issue; only what the scope sees (a street its own, not the district's). */
  async list(
    scope: Scope,
    filter: { areaPath?: string | undefined; periodKind?: BulletinPeriodKind | undefined },
    limit: number,
    offset: number,
  ): Promise<{ rows: BulletinRow[]; total: number }> {
    const where = sql`${visible(scope)}
      ${filter.areaPath ? sql`AND b.area_path = CAST(${filter.areaPath} AS ltree)` : sql``}
      ${filter.periodKind ? sql`AND b.period_kind = ${filter.periodKind}` : sql``}`
    const [rows, count] = await Promise.all([
      sql<DbRow>`SELECT ${columns} FROM bulletins b WHERE ${where}
        ORDER BY b.period_from DESC, b.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(this.db),
      sql<{ n: string | number }>`SELECT count(*) AS n FROM bulletins b WHERE ${where}`.execute(this.db),
    ])
    return { rows: rows.rows.map(rowOf), total: Number(count.rows[0]?.n ?? 0) }
  }

  async get(scope: Scope, id: number): Promise<BulletinRow | null> {
    const r = await sql<DbRow>`
      SELECT ${columns} FROM bulletins b WHERE b.id = ${id} AND ${visible(scope)}`.execute(this.db)
    const row = r.rows[0]
    return row ? rowOf(row) : null
  }
}
