import { sql } from 'kysely'
import type { MatrixContext, ModuleFixtures, Target } from '../../../test/access-matrix.ts'

type GridSample = { code: string; lng: number; lat: number; geometry: unknown }

/** The first grid of the target street, a point inside it and its boundary, read once. */
function gridSampler(ctx: MatrixContext) {
  const cache = new Map<Target, GridSample>()
  return async (t: Target): Promise<GridSample> => {
    const known = cache.get(t)
    if (known) return known
    const { rows } = await sql<{ code: string; lng: number; lat: number; geometry: string }>`
      SELECT code, ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat,
             ST_AsGeoJSON(geom, 15) AS geometry
      FROM areas WHERE level = 'grid' AND code LIKE ${`${ctx.areaOf(t)}%`} ORDER BY code LIMIT 1`.execute(
      ctx.app().database.db,
    )
    const row = rows[0]
    if (!row) throw new Error(`the demo has no grid under ${ctx.areaOf(t)}`)
    const sample = { code: row.code, lng: row.lng, lat: row.lat, geometry: JSON.parse(row.geometry) }
    cache.set(t, sample)
    return sample
  }
}

/** The authorization matrix's requests for the grid network's operations. */
export const areaAccessFixtures: ModuleFixtures = (ctx) => {
  const grid = gridSampler(ctx)
  return {
    listAreas: {
      targeted: false,
      showsForeignAreas: true,
      call: async () => ({ method: 'GET', url: '/api/areas' }),
    },
    getAreasGeojson: {
      targeted: false,
      showsForeignAreas: true,
      call: async () => ({ method: 'GET', url: '/api/areas/geojson?level=street&zoom=10' }),
    },
    getArea: {
      targeted: false,
      showsForeignAreas: true,
      call: async () => ({ method: 'GET', url: `/api/areas/${ctx.inside}` }),
    },
    getAreaTree: {
      targeted: false,
      showsForeignAreas: true,
      call: async () => ({ method: 'GET', url: '/api/areas/tree?depth=2' }),
    },
    getGridGeometry: {
      targeted: false,
      call: async () => ({ method: 'GET', url: `/api/grids/${(await grid('in')).code}/geometry` }),
    },
    listGrids: { targeted: false, call: async () => ({ method: 'GET', url: '/api/grids?limit=500' }) },
    locateGrid: {
      targeted: true,
      call: async (_c, t) => {
        const g = await grid(t)
        return { method: 'GET', url: `/api/grids/locate?lng=${g.lng}&lat=${g.lat}` }
      },
    },
    locateGridsBatch: {
      targeted: false,
      call: async () => {
        const [a, b] = [await grid('in'), await grid('out')]
        return {
          method: 'POST',
          url: '/api/grids/locate-batch',
          payload: {
            points: [
              [a.lng, a.lat],
              [b.lng, b.lat],
            ],
          },
        }
      },
    },
    validateGrids: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/grids/topology?under=${ctx.areaOf(t, '001')}` }),
    },
    listGridHistory: {
      targeted: true,
      call: async (_c, t) => ({ method: 'GET', url: `/api/grids/${(await grid(t)).code}/history` }),
    },
    redrawGrid: {
      targeted: true,
      call: async (_c, t) => {
        const g = await grid(t)
        return {
          method: 'POST',
          url: `/api/grids/${g.code}/redraw`,
          payload: {
            geometry: g.geometry,
            reason: '权限矩阵试算',
            effectiveFrom: new Date().toISOString(),
            dryRun: true,
          },
        }
      },
    },
  }
}
