import type { PlaceKind } from '@onegrid/core/registry/places'
import { type RawBuilder, sql } from 'kysely'
import type { UserPrincipal } from '../../../platform/auth/principal.ts'
import type { LocalText } from '../../../platform/http/errors.ts'

export type PlaceTable =
  | 'registry_buildings'
  | 'registry_houses'
  | 'registry_organizations'
  | 'registry_components'
  | 'registry_cameras'

/** What every place row is read with (the table is aliased `t`, its grid `g`). */
export type PlaceRowBase = {
  id: number
  gridCode: string
  gridName: string
  areaPath: string
  lng: number | null
  lat: number | null
  tags: string[]
  note: string | null
  version: number
  createdAt: Date
  updatedAt: Date
}

export const baseColumns = sql`
  t.id, t.grid_code AS "gridCode", coalesce(g.name, t.grid_code) AS "gridName",
  t.area_path::text AS "areaPath", ST_X(t.location) AS lng, ST_Y(t.location) AS lat,
  t.tags, t.note, t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt"`

/** The part of a summary every place shares. */
export function presentBase(row: PlaceRowBase) {
  return {
    id: row.id,
    gridCode: row.gridCode,
    gridName: row.gridName,
    areaPath: row.areaPath,
    location: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    tags: row.tags,
    note: row.note,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** Who reads and on which day (Asia/Shanghai): what a presenter may depend on. */
export type PresentContext = { p: UserPrincipal; today: string }

/** A filter of `searchPlaces` a kind understands: the column and the values it may hold. */
type FilterColumn = { column: string; values: readonly string[] }

/**
 * One kind of place, declared: its table, what it reads, what a search
 * matches and how it is presented. The generic reads and writes (queries,
 * store, records) work from this; the kind's own file adds its checks.
 */
export type PlaceSpec<R extends PlaceRowBase, S extends object> = {
  kind: PlaceKind
  table: PlaceTable
  word: LocalText
  /** The kind's columns, read as the row type's camelCase names. */
  select: RawBuilder<unknown>
  /** Joins the select needs (aliases other than t and g). */
  joins?: RawBuilder<unknown>
  /** Columns a free-text search matches anywhere in. */
  searchable: readonly string[]
  filters: Partial<Record<'use' | 'kind' | 'state', FilterColumn>>
  order: RawBuilder<unknown>
  /** The label a case party or a map marker shows, and the marker's state. */
  label: RawBuilder<unknown>
  mapState: RawBuilder<unknown>
  // Method syntax on purpose: a kind's spec is used where any spec is (the map's layers).
  present(row: R, ctx: PresentContext): S
  /** Unique constraints → the field a duplicate is reported on. */
  uniques: Readonly<Record<string, { field: string; message: LocalText }>>
  /** Fields kept encrypted that `revealPlaceField` may return: their column and cipher context. */
  secrets?: Readonly<Record<string, { column: string; context: string }>>
}
