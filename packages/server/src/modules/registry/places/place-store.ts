import type { TPoint } from '@onegrid/core/api/cases'
import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { PlaceTable } from './place-spec.ts'

/** A kind's own columns, snake_case as in its table; `undefined` means "leave as it is". */
export type PlaceColumns = Record<string, string | number | boolean | string[] | null | undefined>

/** Arrays go in as text[] literals: pg and PGlite do not serialise array parameters alike. */
function columnValue(v: string | number | boolean | string[] | null): RawBuilder<unknown> {
  if (Array.isArray(v)) return sql`CAST(${`{${v.map((x) => JSON.stringify(x)).join(',')}}`} AS text[])`
  return sql`${v}`
}

function pointOf(location: TPoint | null): RawBuilder<unknown> {
  return location ? sql`ST_SetSRID(ST_MakePoint(${location.lng}, ${location.lat}), 4326)` : sql`NULL`
}

function defined(columns: PlaceColumns): Array<[string, string | number | boolean | string[] | null]> {
  return Object.entries(columns).filter(
    (e): e is [string, string | number | boolean | string[] | null] => e[1] !== undefined,
  )
}

/**
 * Writes of places, generic over the table: the kind's service has checked
 * every value. Callers pass the transaction; every update bumps `version`.
 */
export class PlaceStore {
  async insert(
    trx: Db,
    table: PlaceTable,
    columns: PlaceColumns,
    placed: { gridCode: string; areaPath: string; location: TPoint | null },
    by: number | null,
    at: Date,
  ): Promise<number> {
    const entries = defined(columns)
    const names = [
      ...entries.map(([k]) => sql.ref(k)),
      sql.ref('grid_code'),
      sql.ref('area_path'),
      sql.ref('location'),
      sql.ref('created_by'),
      sql.ref('updated_by'),
      sql.ref('created_at'),
      sql.ref('updated_at'),
    ]
    const values = [
      ...entries.map(([, v]) => columnValue(v)),
      sql`${placed.gridCode}`,
      sql`CAST(${placed.areaPath} AS ltree)`,
      pointOf(placed.location),
      sql`${by}`,
      sql`${by}`,
      sql`${at}`,
      sql`${at}`,
    ]
    const { rows } = await sql<{ id: number }>`
      INSERT INTO ${sql.table(table)} (${sql.join(names)}) VALUES (${sql.join(values)})
      RETURNING id`.execute(trx)
    const id = rows[0]?.id
    if (id === undefined) throw new Error(`insert into ${table} returned no id`)
    return id
  }

  /** An update at the version the caller read; undefined when somebody else changed it first. */
  async update(
    trx: Db,
    table: PlaceTable,
    id: number,
    version: number,
    columns: PlaceColumns,
    placed: { gridCode: string; areaPath: string; location: TPoint | null } | null,
    by: number | null,
    at: Date,
  ): Promise<number | undefined> {
    const sets = defined(columns).map(([k, v]) => sql`${sql.ref(k)} = ${columnValue(v)}`)
    if (placed)
      sets.push(
        sql`grid_code = ${placed.gridCode}`,
        sql`area_path = CAST(${placed.areaPath} AS ltree)`,
        sql`location = ${pointOf(placed.location)}`,
      )
    sets.push(sql`updated_by = ${by}`, sql`updated_at = ${at}`, sql`version = version + 1`)
    const { rows } = await sql<{ version: number }>`
      UPDATE ${sql.table(table)} SET ${sql.join(sets)}
      WHERE id = ${id} AND version = ${version} RETURNING version`.execute(trx)
    return rows[0]?.version
  }

  async currentVersion(trx: Db, table: PlaceTable, id: number): Promise<number | null> {
    const { rows } = await sql<{
      version: number
    }>`SELECT version FROM ${sql.table(table)} WHERE id = ${id}`.execute(trx)
    return rows[0]?.version ?? null
  }
}
