import { zipSync } from 'fflate'
import type { Position } from './reproject.ts'

/**
 * Writes polygons as an ESRI Shapefile (.shp, .shx, .dbf, plus .prj and a
 * UTF-8 .cpg) and zips them: what desktop GIS (ArcGIS, QGIS, SuperMap) opens.
 * Outer rings are written clockwise and holes counter-clockwise, as the
 * format requires (GeoJSON's orientation is the opposite).
 */

export type ShapefileField = { name: string; type: 'C' | 'N'; length: number }
export type ShapefileFeature = {
  properties: Record<string, string | number | null>
  /** MultiPolygon coordinates. */
  coordinates: Position[][][]
}

/** WGS84 geographic, as ESRI writes it. */
export const wgs84Prj =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'

const polygonType = 5

function signedArea(ring: Position[]): number {
  let sum = 0
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1] as Position
    const b = ring[i] as Position
    sum += (b[0] - a[0]) * (b[1] + a[1])
  }
  return sum // > 0: clockwise
}

function oriented(polygon: Position[][]): Position[][] {
  return polygon.map((ring, i) => {
    const clockwise = signedArea(ring) > 0
    const wantClockwise = i === 0
    return clockwise === wantClockwise ? ring : [...ring].reverse()
  })
}

type Box = [number, number, number, number]
function boxOf(points: Iterable<Position>, into: Box = [Infinity, Infinity, -Infinity, -Infinity]): Box {
  for (const [x, y] of points) {
    into[0] = Math.min(into[0], x)
    into[1] = Math.min(into[1], y)
    into[2] = Math.max(into[2], x)
    into[3] = Math.max(into[3], y)
  }
  return into
}

function fileHeader(view: DataView, byteLength: number, box: Box): void {
  view.setInt32(0, 9994, false)
  view.setInt32(24, byteLength / 2, false)
  view.setInt32(28, 1000, true)
  view.setInt32(32, polygonType, true)
  box.forEach((v, i) => {
    view.setFloat64(36 + i * 8, Number.isFinite(v) ? v : 0, true)
  })
}

function writeShpShx(features: ShapefileFeature[]): { shp: Uint8Array; shx: Uint8Array } {
  const records = features.map((f) => {
    const rings = f.coordinates.flatMap(oriented)
    const points = rings.flat()
    return { rings, points, contentLength: 44 + 4 * rings.length + 16 * points.length }
  })
  const shpLength = 100 + records.reduce((n, r) => n + 8 + r.contentLength, 0)
  const shxLength = 100 + 8 * records.length
  const shp = new DataView(new ArrayBuffer(shpLength))
  const shx = new DataView(new ArrayBuffer(shxLength))
  const total = boxOf(records.flatMap((r) => r.points))
  fileHeader(shp, shpLength, total)
  fileHeader(shx, shxLength, total)
  let offset = 100
  records.forEach((r, i) => {
    shx.setInt32(100 + i * 8, offset / 2, false)
    shx.setInt32(104 + i * 8, r.contentLength / 2, false)
    shp.setInt32(offset, i + 1, false)
    shp.setInt32(offset + 4, r.contentLength / 2, false)
    let o = offset + 8
    shp.setInt32(o, polygonType, true)
    boxOf(r.points).forEach((v, k) => {
      shp.setFloat64(o + 4 + k * 8, v, true)
    })
    shp.setInt32(o + 36, r.rings.length, true)
    shp.setInt32(o + 40, r.points.length, true)
    o += 44
    let start = 0
    for (const ring of r.rings) {
      shp.setInt32(o, start, true)
      o += 4
      start += ring.length
    }
    for (const [x, y] of r.points) {
      shp.setFloat64(o, x, true)
      shp.setFloat64(o + 8, y, true)
      o += 16
    }
    offset += 8 + r.contentLength
  })
  return { shp: new Uint8Array(shp.buffer), shx: new Uint8Array(shx.buffer) }
}

const encoder = new TextEncoder()

/** UTF-8 bytes of `value`, cut at a character boundary to fit `length`. */
function fit(value: string, length: number): Uint8Array {
  let bytes = encoder.encode(value)
  let chars = [...value]
  while (bytes.length > length) {
    chars = chars.slice(0, -1)
    bytes = encoder.encode(chars.join(''))
  }
  return bytes
}

function writeDbf(features: ShapefileFeature[], fields: ShapefileField[], now: Date): Uint8Array {
  const headerLength = 32 + 32 * fields.length + 1
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0)
  const bytes = new Uint8Array(headerLength + recordLength * features.length + 1)
  const view = new DataView(bytes.buffer)
  view.setUint8(0, 0x03)
  view.setUint8(1, now.getUTCFullYear() - 1900)
  view.setUint8(2, now.getUTCMonth() + 1)
  view.setUint8(3, now.getUTCDate())
  view.setUint32(4, features.length, true)
  view.setUint16(8, headerLength, true)
  view.setUint16(10, recordLength, true)
  fields.forEach((field, i) => {
    const at = 32 + i * 32
    bytes.set(fit(field.name, 10), at)
    view.setUint8(at + 11, field.type.charCodeAt(0))
    view.setUint8(at + 16, field.length)
    view.setUint8(at + 17, 0)
  })
  bytes[headerLength - 1] = 0x0d
  features.forEach((feature, r) => {
    let at = headerLength + r * recordLength
    bytes.fill(0x20, at, at + recordLength)
    at += 1
    for (const field of fields) {
      const raw = feature.properties[field.name]
      const value = raw === null || raw === undefined ? '' : String(raw)
      const encoded = fit(value, field.length)
      // Numbers are right-aligned, text left-aligned, both padded with spaces.
      bytes.set(encoded, field.type === 'N' ? at + field.length - encoded.length : at)
      at += field.length
    }
  })
  bytes[bytes.length - 1] = 0x1a
  return bytes
}

export function writeShapefile(
  features: ShapefileFeature[],
  fields: ShapefileField[],
  prj: string,
  now = new Date(0),
): { shp: Uint8Array; shx: Uint8Array; dbf: Uint8Array; prj: Uint8Array; cpg: Uint8Array } {
  return {
    ...writeShpShx(features),
    dbf: writeDbf(features, fields, now),
    prj: encoder.encode(prj),
    cpg: encoder.encode('UTF-8'),
  }
}

/** The layer's files in one zip, named `<base>.shp`, `<base>.dbf`... */
export function zipShapefile(base: string, files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([ext, data]) => [`${base}.${ext}`, data])))
}
