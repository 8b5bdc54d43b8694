import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../platform/http/errors.ts'
import { readAreaFile } from './area-file.ts'
import { checkFeatures } from './check-features.ts'
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.ts'
import { convertToWgs84, crsOfPrj, type Position } from './reproject.ts'
import { featureCollection, gaussKrugerZone39Prj, projectTo, shapefileZip } from './test-files.ts'
import { wgs84Prj } from './write-shapefile.ts'

// A 1 km square with a 200 m hole, near 116.7°E 39.8°N (inside the demo district).
const square: Position[][][] = [
  [
    [
      [116.7, 39.8],
      [116.7117, 39.8],
      [116.7117, 39.809],
      [116.7, 39.809],
      [116.7, 39.8],
    ],
    [
      [116.704, 39.803],
      [116.704, 39.805],
      [116.706, 39.805],
      [116.706, 39.803],
      [116.704, 39.803],
    ],
  ],
]

const metres = ([a, b]: Position, [c, d]: Position) => {
  const dy = (d - b) * 111_320
  const dx = (c - a) * 111_320 * Math.cos((b * Math.PI) / 180)
  return Math.hypot(dx, dy)
}

function validationFields(fn: () => unknown): Record<string, string> {
  try {
    fn()
  } catch (err) {
    if (err instanceof ValidationError)
      return Object.fromEntries(Object.entries(err.fields ?? {}).map(([k, v]) => [k, v.en]))
    throw err
  }
  throw new Error('expected a ValidationError')
}

function read(bytes: Uint8Array, level: 'street' | 'community' | 'grid' = 'grid', gcj = false) {
  const file = readAreaFile(bytes)
  const { candidates, issues } = checkFeatures(file.features, { level })
  const { features, label, declared } = convertToWgs84(candidates, file.crs, gcj)
  return { file, features, issues, label, declared }
}

describe('reading boundary files', () => {
  it('reads a GeoJSON FeatureCollection in WGS84 and keeps the hole', () => {
    const { file, features, issues, label } = read(
      featureCollection([{ properties: { code: '110120001001001', name: '一网格' }, coordinates: square }]),
    )
    expect(file.format).toBe('geojson')
    expect(issues).toEqual([])
    expect(label).toContain('4326')
    expect(features[0]?.coordinates).toEqual(square)
  })

  it('reprojects a GeoJSON whose crs member names CGCS2000 3-degree Gauss-Kruger zone 39', () => {
    const projected = projectTo(4527, square)
    expect(projected[0]?.[0]?.[0]?.[0]).toBeGreaterThan(39_000_000)
    const { features, label } = read(
      featureCollection(
        [{ properties: { code: '110120001001001', name: '一网格' }, coordinates: projected }],
        'urn:ogc:def:crs:EPSG::4527',
      ),
    )
    expect(label).toContain('zone 39')
    const back = features[0]?.coordinates[0]?.[0] ?? []
    back.forEach((p, i) => {
      expect(metres(p, square[0]?.[0]?.[i] as Position)).toBeLessThan(0.01)
    })
  })

  it('refuses a file without a CRS whose coordinates are not lng/lat, and a CRS it does not know', () => {
    const projected = projectTo(4527, square)
    const fields = validationFields(() =>
      read(
        featureCollection([{ properties: { code: '110120001001001', name: 'x' }, coordinates: projected }]),
      ),
    )
    expect(fields.file).toMatch(/not longitude\/latitude/)
    expect(validationFields(() => read(featureCollection([], 'urn:ogc:def:crs:EPSG::2437'))).file).toMatch(
      /unknown coordinate reference system/,
    )
    expect(validationFields(() => read(new TextEncoder().encode('{"type": "Feat'))).file).toMatch(
      /not a valid GeoJSON/,
    )
  })

  it('reads a zipped Shapefile in Gauss-Kruger zone 39 with UTF-8 attributes and lands where it was drawn', () => {
    const zip = shapefileZip(
      [
        {
          properties: { CODE: '110120001001001', NAME: '东湖第一网格' },
          coordinates: projectTo(4527, square),
        },
      ],
      { prj: gaussKrugerZone39Prj },
    )
    const { file, features, issues, label } = read(zip)
    expect(file.format).toBe('shapefile')
    expect(issues).toEqual([])
    expect(label).toBe('CGCS2000_3_Degree_GK_Zone_39')
    expect(features[0]?.name).toBe('东湖第一网格')
    const rings = features[0]?.coordinates[0] ?? []
    expect(rings).toHaveLength(2)
    // The writer turned the outer ring clockwise and shpjs read it back as GeoJSON: compare as point sets.
    for (const [k, ring] of rings.entries()) {
      for (const p of square[0]?.[k] ?? []) {
        expect(Math.min(...ring.map((q) => metres(p, q)))).toBeLessThan(0.01)
      }
    }
  })

  it('reads GBK attributes of a Shapefile that has no .cpg', () => {
    // 东湖 in GBK is B6AB BAFE; write a 4-byte placeholder and patch the bytes in.
    const zipUtf8 = shapefileZip(
      [{ properties: { CODE: '110120001001001', NAME: 'QQQQ' }, coordinates: square }],
      { prj: wgs84Prj, cpg: false },
    )
    const files = unzipSync(zipUtf8)
    const dbf = files['grids.dbf'] as Uint8Array
    const at = Buffer.from(dbf).indexOf('QQQQ')
    dbf.set([0xb6, 0xab, 0xba, 0xfe], at)
    const { features } = read(zipSync(files))
    expect(features[0]?.name).toBe('东湖')
  })

  it('takes a Shapefile without .prj as WGS84 when its coordinates are lng/lat, and refuses it otherwise', () => {
    const lngLat = shapefileZip(
      [{ properties: { CODE: '110120001001001', NAME: 'a' }, coordinates: square }],
      {
        prj: null,
      },
    )
    expect(read(lngLat)).toMatchObject({ label: 'EPSG:4326 (WGS84)', declared: false })
    const projected = shapefileZip(
      [{ properties: { CODE: '110120001001001', NAME: 'a' }, coordinates: projectTo(4527, square) }],
      { prj: null },
    )
    expect(validationFields(() => read(projected)).file).toMatch(/\.prj/)
  })

  it('understands a Web Mercator .prj and an OGC WKT with an EPSG authority', () => {
    const merc = crsOfPrj(
      'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]',
    )
    const [lng, lat] = merc.toWgs84?.([12_990_000, 4_838_000]) ?? [0, 0]
    expect(lng).toBeCloseTo(116.6912, 3)
    expect(lat).toBeCloseTo(39.8074, 3)
    const ogc = crsOfPrj(
      'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 117E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",117],PARAMETER["false_easting",500000],UNIT["metre",1],AUTHORITY["EPSG","4548"]]',
    )
    expect(ogc.label).toBe('EPSG:4548 (CGCS2000 / 3-degree Gauss-Kruger CM 117E)')
    expect(crsOfPrj(wgs84Prj).toWgs84).toBeNull()
  })

  it('converts GCJ-02 back to WGS84: a few hundred metres near Beijing, within a metre of the original', () => {
    const p: Position = [116.75, 39.82]
    const mars = wgs84ToGcj02(p)
    const shift = metres(p, mars)
    expect(shift).toBeGreaterThan(200)
    expect(shift).toBeLessThan(800)
    expect(metres(gcj02ToWgs84(mars), p)).toBeLessThan(1)
    const { features, label } = read(
      featureCollection([
        {
          properties: { code: '110120001001001', name: 'a' },
          coordinates: square.map((poly) => poly.map((ring) => ring.map(wgs84ToGcj02))),
        },
      ]),
      'grid',
      true,
    )
    expect(label).toContain('GCJ-02')
    expect(metres(features[0]?.coordinates[0]?.[0]?.[0] as Position, [116.7, 39.8])).toBeLessThan(1)
  })
})

describe('checking features without a database', () => {
  it('names each problem with its feature index and code', () => {
    const file = readAreaFile(
      new TextEncoder().encode(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { code: '110120001001001', name: '好' },
              geometry: { type: 'Polygon', coordinates: square[0] },
            },
            {
              type: 'Feature',
              properties: { code: '11012000100100X', name: '坏码' },
              geometry: { type: 'Polygon', coordinates: square[0] },
            },
            {
              type: 'Feature',
              properties: { code: '110120001001', name: '社区码' },
              geometry: { type: 'Polygon', coordinates: square[0] },
            },
            {
              type: 'Feature',
              properties: { code: '110120001001001', name: '重复' },
              geometry: { type: 'Polygon', coordinates: square[0] },
            },
            {
              type: 'Feature',
              properties: { CODE: 110120001001002 },
              geometry: { type: 'Polygon', coordinates: square[0] },
            },
            {
              type: 'Feature',
              properties: { code: '110120001001003', name: '点' },
              geometry: { type: 'Point', coordinates: [116.7, 39.8] },
            },
            { type: 'Feature', properties: { code: '110120001001004', name: '空' }, geometry: null },
            {
              type: 'Feature',
              properties: { code: '110120001001005', name: '未闭合' },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [116.7, 39.8],
                    [116.71, 39.8],
                    [116.71, 39.81],
                  ],
                ],
              },
            },
            {
              type: 'Feature',
              properties: { code: '110120001001006', name: '两点' },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [116.7, 39.8],
                    [116.71, 39.8],
                  ],
                ],
              },
            },
          ],
        }),
      ),
    )
    const { candidates, issues } = checkFeatures(file.features, { level: 'grid' })
    expect(issues.map((i) => [i.index, i.kind, i.code])).toEqual([
      [1, 'invalid_code', '11012000100100X'],
      [2, 'wrong_level', '110120001001'],
      [3, 'duplicate_code', '110120001001001'],
      [4, 'missing_name', '110120001001002'],
      [5, 'not_polygon', '110120001001003'],
      [6, 'empty_geometry', '110120001001004'],
      [8, 'invalid_geometry', '110120001001006'],
    ])
    expect(issues[2]?.message.en).toBe('code "110120001001001" repeats feature #1')
    expect(candidates.map((c) => c.index)).toEqual([0, 7])
    expect(candidates[1]?.coordinates[0]?.[0]).toHaveLength(4)
  })
})
