import type { TBatchLocation, TLocateBatchResult, TLocation } from '@onegrid/core/api/grids'
import { sql } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import { inAreaScope } from '../../platform/auth/scope-sql.ts'
import type { Db } from '../../platform/db/database.ts'
import { NotFound, text } from '../../platform/http/errors.ts'

const gridAtPoint = text('该位置所在的网格', 'Grid at this point')

/**
 * Point → grid (locateGrid). Today's lookups read the current boundaries of
 * `areas`; a lookup "at" a past time reads the boundary versions valid then.
 * A point on a shared edge belongs to the grid with the lower code, so the
 * answer never depends on plan order. Only grids in the caller's jurisdiction
 * count: elsewhere is "not found", never a foreign grid.
 */
export class GridLocator {
  constructor(private readonly db: Db) {}

  async locate(scope: Scope, lng: number, lat: number, at: Date | null): Promise<TLocation> {
    const point = sql`ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326)`
    const grid = at
      ? sql`SELECT b.area_code AS code, b.version FROM area_boundaries b JOIN areas g ON g.code = b.area_code
          WHERE g.level = 'grid' AND ST_Intersects(b.geom, ${point}) AND ${inAreaScope('g.path', scope)}
            AND b.valid_from <= ${at} AND (b.valid_to IS NULL OR b.valid_to > ${at})
          ORDER BY b.area_code LIMIT 1`
      : sql`SELECT g.code, g.boundary_version AS version FROM areas g
          WHERE g.level = 'grid' AND ST_Intersects(g.geom, ${point}) AND ${inAreaScope('g.path', scope)}
          ORDER BY g.code LIMIT 1`
    const { rows } = await sql<{
      code: string
      version: number
      name: string
      c_code: string
      c_name: string
      s_code: string
      s_name: string
      d_code: string
      d_name: string
    }>`
      SELECT hit.code, hit.version, g.name, c.code AS c_code, c.name AS c_name,
             s.code AS s_code, s.name AS s_name, d.code AS d_code, d.name AS d_name
      FROM (${grid}) hit
      JOIN areas g ON g.code = hit.code
      JOIN areas c ON c.code = g.parent_code
      JOIN areas s ON s.code = c.parent_code
      JOIN areas d ON d.code = s.parent_code`.execute(this.db)
    const r = rows[0]
    if (!r) throw new NotFound(gridAtPoint, `${lng},${lat}`)
    return {
      grid: { code: r.code, name: r.name, version: r.version },
      community: { code: r.c_code, name: r.c_name, level: 'community' },
      street: { code: r.s_code, name: r.s_name, level: 'street' },
      district: { code: r.d_code, name: r.d_name, level: 'district' },
    }
  }

  /**
   * Many points in one statement: the points travel as one MULTIPOINT text
   * (parsed in C; array parameters differ between pg and PGlite), and each
   * probes the grids' partial GiST index.
   */
  async locateMany(
    scope: Scope,
    points: readonly (readonly [number, number])[],
    at: Date | null,
  ): Promise<TLocateBatchResult> {
    const probe = at
      ? sql`SELECT b.area_code AS code, b.version, g.name FROM area_boundaries b JOIN areas g ON g.code = b.area_code
          WHERE g.level = 'grid' AND ST_Intersects(b.geom, p.geom) AND ${inAreaScope('g.path', scope)}
            AND b.valid_from <= ${at} AND (b.valid_to IS NULL OR b.valid_to > ${at})
          ORDER BY b.area_code LIMIT 1`
      : sql`SELECT g.code, g.boundary_version AS version, g.name FROM areas g
          WHERE g.level = 'grid' AND ST_Intersects(g.geom, p.geom) AND ${inAreaScope('g.path', scope)}
          ORDER BY g.code LIMIT 1`
    const multipoint = `MULTIPOINT(${points.map(([lng, lat]) => `${lng} ${lat}`).join(',')})`
    const { rows } = await sql<{
      i: number
      code: string | null
      version: number | null
      name: string | null
    }>`
      SELECT p.path[1] AS i, hit.code, hit.version, hit.name
      FROM ST_Dump(ST_GeomFromText(${multipoint}, 4326)) AS p
      LEFT JOIN LATERAL (${probe}) hit ON true
      ORDER BY 1`.execute(this.db)
    const items: (TBatchLocation | null)[] = rows.map((r) =>
      r.code === null
        ? null
        : {
            gridCode: r.code,
            gridName: r.name ?? '',
            version: r.version ?? 1,
            // Codes nest by prefix: 12 digits of the community, 9 of the street, 6 of the district.
            communityCode: r.code.slice(0, 12),
            streetCode: r.code.slice(0, 9),
            districtCode: r.code.slice(0, 6),
          },
    )
    const located = items.filter((i) => i !== null).length
    return { items, located, missed: items.length - located }
  }
}
