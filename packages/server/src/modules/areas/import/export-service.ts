import type { TAreaExportQuery } from '@onegrid/core/api/area-import'
import type { Scope } from '../../../platform/auth/principal.ts'
import type { AreaService } from '../service.ts'
import type { ImportQueries } from './import-queries.ts'
import type { Position } from './reproject.ts'
import { wgs84Prj, writeShapefile, zipShapefile } from './write-shapefile.ts'

export type ExportFile = { bytes: Uint8Array; contentType: string; filename: string }

type Geometry = { type: 'MultiPolygon'; coordinates: Position[][][] }

/**
 * exportAreas: the boundaries of one level within the caller's jurisdiction,
 * as GeoJSON (RFC 7946, WGS84) or a zipped Shapefile with a WGS84 .prj and a
 * UTF-8 .cpg: what the import reads back.
 */
export class AreaExportService {
  constructor(
    private readonly areas: AreaService,
    private readonly queries: ImportQueries,
  ) {}

  async exportAreas(scope: Scope, query: TAreaExportQuery): Promise<ExportFile> {
    const path = query.under ? (await this.areas.inScope(scope, query.under)).path : null
    const rows = await this.queries.boundaries(scope, query.level, path)
    const base = `${query.level}-${query.under ?? path?.split('.').at(-1) ?? 'all'}`
    if (query.format === 'geojson') {
      const doc = {
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          properties: { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode },
          geometry: JSON.parse(r.geometry) as Geometry,
        })),
      }
      return {
        bytes: new TextEncoder().encode(JSON.stringify(doc)),
        contentType: 'application/geo+json; charset=utf-8',
        filename: `${base}.geojson`,
      }
    }
    const files = writeShapefile(
      rows.map((r) => ({
        properties: { CODE: r.code, NAME: r.name, LEVEL: r.level, PARENT: r.parentCode },
        coordinates: (JSON.parse(r.geometry) as Geometry).coordinates,
      })),
      [
        { name: 'CODE', type: 'C', length: 15 },
        { name: 'NAME', type: 'C', length: 254 },
        { name: 'LEVEL', type: 'C', length: 10 },
        { name: 'PARENT', type: 'C', length: 15 },
      ],
      wgs84Prj,
    )
    return { bytes: zipShapefile(base, files), contentType: 'application/zip', filename: `${base}.zip` }
  }
}
