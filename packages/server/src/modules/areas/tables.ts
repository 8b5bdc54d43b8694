import type { AreaLevel } from '@onegrid/core/codes/area-code'
import type { ColumnType } from 'kysely'
import type { NullableTimestamp, Timestamp } from '../../platform/db/schema.ts'

/** geometry(MultiPolygon, 4326); written and read through PostGIS functions. */
type Geometry = ColumnType<string | null, string | null | undefined, string | null>

export interface AreasTable {
  code: string
  name: string
  level: AreaLevel
  parent_code: string | null
  /** ltree of codes, root first: the jurisdiction path every scope hangs on. */
  path: string
  /** The current boundary; earlier ones are in area_boundaries. */
  geom: Geometry
  grid_type: 'basic' | 'dedicated' | null
  served_unit: string | null
  /** A planning figure from the attribute import until the registry's households exist. */
  households: number | null
  population: number | null
  responsible_party: string | null
  /** Geodesic area of the current boundary, m². */
  area_m2: number | null
  boundary_version: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface AreaBoundariesTable {
  area_code: string
  version: number
  geom: ColumnType<string, string, string>
  area_m2: number
  valid_from: ColumnType<Date, Date | string, Date | string>
  valid_to: NullableTimestamp
  reason: string
  created_by: number | null
  created_at: Timestamp
}

export interface AreaTables {
  areas: AreasTable
  area_boundaries: AreaBoundariesTable
}
