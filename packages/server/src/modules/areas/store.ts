import type { AreaLevel } from '@onegrid/core/codes/area-code'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type AreaWrite = {
  code: string
  name: string
  level: AreaLevel
  parentCode: string | null
  path: string
  /** GeoJSON MultiPolygon in WGS84, or null when the boundary is not drawn yet. */
  geometry: unknown
}

/** Writes of the area tree. */
export class AreaStore {
  constructor(private readonly db: Db) {}

  /** Inserts or updates a batch in one statement per row, inside the caller's transaction. */
  async upsertMany(executor: Db, areas: AreaWrite[], now: Date): Promise<void> {
    for (const a of areas) {
      const geom = a.geometry
        ? sql<string>`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(a.geometry)}), 4326))`
        : null
      await executor
        .insertInto('areas')
        .values({
          code: a.code,
          name: a.name,
          level: a.level,
          parent_code: a.parentCode,
          path: a.path,
          geom,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            geom: eb.ref('excluded.geom'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute()
    }
  }

  async transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work)
  }
}
