import type { TArea, TAreaFeatureCollection } from '@onegrid/core/api/areas'
import type { AreaLevel } from '@onegrid/core/codes/area-code'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type AreaFilter = { code?: string; under?: string | undefined; level?: AreaLevel | undefined }

/** Reads of the area tree; `under` is resolved to an ltree path and matched with <@. */
export class AreaQueries {
  constructor(private readonly db: Db) {}

  private base(filter: AreaFilter) {
    let q = this.db.selectFrom('areas')
    if (filter.under) {
      q = q.where(sql<boolean>`path <@ (SELECT path FROM areas WHERE code = ${filter.under})`)
    }
    if (filter.level) q = q.where('level', '=', filter.level)
    if (filter.code) q = q.where('code', '=', filter.code)
    return q
  }

  async list(filter: AreaFilter): Promise<TArea[]> {
    const rows = await this.base(filter)
      .select([
        'code',
        'name',
        'level',
        'parent_code',
        sql<string>`path::text`.as('path'),
        sql<boolean>`geom IS NOT NULL`.as('has_geometry'),
      ])
      .orderBy('path')
      .execute()
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parent_code,
      path: r.path,
      hasGeometry: r.has_geometry,
    }))
  }

  async find(code: string): Promise<TArea | undefined> {
    const [area] = await this.list({ code })
    return area
  }

  async pathOf(code: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('areas')
      .select(sql<string>`path::text`.as('path'))
      .where('code', '=', code)
      .executeTakeFirst()
    return row?.path
  }

  async geojson(filter: AreaFilter): Promise<TAreaFeatureCollection> {
    const rows = await this.base(filter)
      .where('geom', 'is not', null)
      .select(['code', 'name', 'level', sql<string>`ST_AsGeoJSON(geom, 6)`.as('geometry')])
      .orderBy('path')
      .execute()
    return {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature',
        properties: { code: r.code, name: r.name, level: r.level },
        geometry: JSON.parse(r.geometry) as TAreaFeatureCollection['features'][number]['geometry'],
      })),
    }
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('areas')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  }
}
