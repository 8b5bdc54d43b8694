import type { AreaLevel } from '@onegrid/core/codes/area-code'
import type { ColumnType } from 'kysely'
import type { Timestamp } from '../../platform/db/schema.ts'

export interface AreasTable {
  code: string
  name: string
  level: AreaLevel
  parent_code: string | null
  /** ltree of codes, root first: the jurisdiction path every scope hangs on. */
  path: string
  /** geometry(MultiPolygon, 4326); written and read through PostGIS functions. */
  geom: ColumnType<string | null, string | null | undefined, string | null>
  created_at: Timestamp
  updated_at: Timestamp
}
