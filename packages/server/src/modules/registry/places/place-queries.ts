import type { PlaceKind } from '@onegrid/core/registry/places'
import { type RawBuilder, sql } from 'kysely'
import type { Scope } from '../../../platform/auth/principal.ts'
import { inAreaScope } from '../../../platform/auth/scope-sql.ts'
import type { Db } from '../../../platform/db/database.ts'
import { escapeLike } from '../../../platform/db/sql-text.ts'
import { baseColumns, type PlaceRowBase, type PlaceSpec, type PlaceTable } from './place-spec.ts'

/** What a search of one kind filters on, resolved (the area to its path, filter values checked). */
export type PlaceFilter = {
  scope: Scope
  areaPath?: string
  q?: string
  tag?: string
  /** Column → value, from the kind's declared filters. */
  equals: Array<{ column: string; value: string }>
  /** Extra conditions of the kind (houses of a building, rented houses). */
  where: RawBuilder<boolean>[]
  limit: number
  offset: number
}

/** Counting stops here: "more than 1,000" is what a list needs to say. */
const countCap = 1000

/** Reads of places, generic over the kind's declaration. */
export class PlaceQueries {
  constructor(readonly db: Db) {}

  private from<R extends PlaceRowBase, S extends object>(spec: PlaceSpec<R, S>) {
    return sql`FROM ${sql.table(spec.table)} t LEFT JOIN areas g ON g.code = t.grid_code ${spec.joins ?? sql``}`
  }

  /** One row, read with the caller's handle (inside a transaction, the transaction's: PGlite has one connection). */
  async row<R extends PlaceRowBase, S extends object>(
    spec: PlaceSpec<R, S>,
    id: number,
    executor: Db = this.db,
  ) {
    const { rows } =
      await sql<R>`SELECT ${baseColumns}, ${spec.select} ${this.from(spec)} WHERE t.id = ${id}`.execute(
        executor,
      )
    return rows[0]
  }

  async rows<R extends PlaceRowBase, S extends object>(
    spec: PlaceSpec<R, S>,
    where: RawBuilder<boolean>,
    limit = 500,
  ) {
    const { rows } = await sql<R>`
      SELECT ${baseColumns}, ${spec.select} ${this.from(spec)}
      WHERE ${where} ORDER BY ${spec.order} LIMIT ${limit}`.execute(this.db)
    return rows
  }

  async search<R extends PlaceRowBase, S extends object>(
    spec: PlaceSpec<R, S>,
    f: PlaceFilter,
  ): Promise<{ rows: R[]; total: number; capped: boolean }> {
    const conditions: RawBuilder<boolean>[] = [inAreaScope('t.area_path', f.scope), ...f.where]
    if (f.areaPath) conditions.push(sql<boolean>`t.area_path <@ CAST(${f.areaPath} AS ltree)`)
    if (f.tag) conditions.push(sql<boolean>`${f.tag} = ANY (t.tags)`)
    for (const e of f.equals) conditions.push(sql<boolean>`${sql.ref(`t.${e.column}`)} = ${e.value}`)
    if (f.q) {
      const pattern = `%${escapeLike(f.q)}%`
      const arms = spec.searchable.map((c) => sql`${sql.ref(`t.${c}`)} ILIKE ${pattern}`)
      conditions.push(sql<boolean>`(${sql.join(arms, sql` OR `)})`)
    }
    const where = sql.join(conditions, sql` AND `)
    const [page, count] = await Promise.all([
      sql<R>`
        SELECT ${baseColumns}, ${spec.select} ${this.from(spec)}
        WHERE ${where} ORDER BY ${spec.order} LIMIT ${f.limit} OFFSET ${f.offset}`.execute(this.db),
      sql<{ n: number }>`
        SELECT count(*)::int AS n FROM (SELECT 1 FROM ${sql.table(spec.table)} t WHERE ${where} LIMIT ${countCap + 1}) c`.execute(
        this.db,
      ),
    ])
    const n = count.rows[0]?.n ?? 0
    return { rows: page.rows, total: Math.min(n, countCap), capped: n > countCap }
  }

  /** Labels of records of one kind (case parties), with their grid and area. */
  async labels<R extends PlaceRowBase, S extends object>(spec: PlaceSpec<R, S>, ids: readonly number[]) {
    if (ids.length === 0) return []
    const { rows } = await sql<{ id: number; label: string; gridCode: string; areaPath: string }>`
      SELECT t.id, ${spec.label} AS label, t.grid_code AS "gridCode", t.area_path::text AS "areaPath"
      ${this.from(spec)} WHERE t.id IN (${sql.join(ids.map((id) => sql`${id}`))})`.execute(this.db)
    return rows
  }

  /** Points of several kinds inside an area, for the map; at most `cap`. */
  async points(
    specs: ReadonlyArray<PlaceSpec<PlaceRowBase, object>>,
    scope: Scope,
    areaPath: string,
    cap: number,
  ): Promise<{
    items: Array<{ kind: PlaceKind; id: number; label: string; state: string; lng: number; lat: number }>
    capped: boolean
  }> {
    if (specs.length === 0) return { items: [], capped: false }
    const parts = specs.map(
      (spec) => sql`
        SELECT ${spec.kind} AS kind, t.id, ${spec.label} AS label, (${spec.mapState})::text AS state,
          ST_X(t.location) AS lng, ST_Y(t.location) AS lat
        ${this.from(spec)}
        WHERE t.location IS NOT NULL AND t.area_path <@ CAST(${areaPath} AS ltree)
          AND ${inAreaScope('t.area_path', scope)}`,
    )
    const { rows } = await sql<{
      kind: PlaceKind
      id: number
      label: string
      state: string
      lng: number
      lat: number
    }>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) p LIMIT ${cap + 1}`.execute(this.db)
    return { items: rows.slice(0, cap), capped: rows.length > cap }
  }

  /** A record's ciphertext in one column, for a reveal. */
  async secret(table: PlaceTable, id: number, column: string): Promise<string | null | undefined> {
    const { rows } = await sql<{ value: string | null }>`
      SELECT ${sql.ref(column)} AS value FROM ${sql.table(table)} WHERE id = ${id}`.execute(this.db)
    return rows[0] ? rows[0].value : undefined
  }
}
