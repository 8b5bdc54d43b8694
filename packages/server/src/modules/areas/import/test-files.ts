import proj4 from 'proj4'
import { epsgDefinition, type Position } from './reproject.ts'
import { type ShapefileField, writeShapefile, zipShapefile } from './write-shapefile.ts'

/** Builders of upload fixtures for the import tests: nothing here is downloaded. */

export type FixtureFeature = {
  properties: Record<string, string | number | null>
  coordinates: Position[][][]
}

/** CGCS2000 / 3-degree Gauss-Kruger zone 39 (CM 117°E), as ArcGIS writes its .prj. */
export const gaussKrugerZone39Prj =
  'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'

/** Projects lng/lat coordinates into an EPSG CRS we know (computed with proj4). */
export function projectTo(epsg: number, coordinates: Position[][][]): Position[][][] {
  const def = epsgDefinition(epsg)?.def
  if (!def) throw new Error(`no definition for EPSG:${epsg}`)
  const converter = proj4('EPSG:4326', def)
  return coordinates.map((polygon) =>
    polygon.map((ring) => ring.map((p) => converter.forward(p) as Position)),
  )
}

export function shapefileZip(
  features: FixtureFeature[],
  options: { fields?: ShapefileField[]; prj?: string | null; base?: string; cpg?: boolean } = {},
): Uint8Array {
  const fields = options.fields ?? [
    { name: 'CODE', type: 'C', length: 15 },
    { name: 'NAME', type: 'C', length: 60 },
  ]
  const files: Record<string, Uint8Array> = writeShapefile(features, fields, options.prj ?? '')
  if (options.prj === null) delete files.prj
  if (options.cpg === false) delete files.cpg
  return zipShapefile(options.base ?? 'grids', files)
}

export function featureCollection(features: FixtureFeature[], crs?: string): Uint8Array {
  const doc = {
    type: 'FeatureCollection',
    ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features: features.map((f) => ({
      type: 'Feature',
      properties: f.properties,
      geometry: { type: 'MultiPolygon', coordinates: f.coordinates },
    })),
  }
  return new TextEncoder().encode(JSON.stringify(doc))
}
