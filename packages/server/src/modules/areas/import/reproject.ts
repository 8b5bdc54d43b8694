import proj4 from 'proj4'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import { gcj02ToWgs84 } from './gcj02.ts'

/**
 * Coordinate reference systems an import may arrive in, and the conversion of
 * their coordinates to WGS84 lng/lat (EPSG:4326, what the database stores).
 *
 * Chinese survey offices deliver CGCS2000 (EPSG:4490 geographic, or one of its
 * Gauss-Krüger projections EPSG:4491–4554); web tools deliver Web Mercator.
 * CGCS2000 and WGS84 differ by a few centimetres, far below a grid boundary's
 * precision, so CGCS2000 lng/lat is taken as it is.
 */

export type Position = [number, number]
export type SourceCrs = {
  /** Human-readable, for the report: `EPSG:4326`, `CGCS2000 / 3-degree Gauss-Kruger zone 39`... */
  label: string
  /** null when the coordinates already are lng/lat on a WGS84-compatible datum. */
  toWgs84: ((p: Position) => Position) | null
}

export const wgs84: SourceCrs = { label: 'EPSG:4326 (WGS84)', toWgs84: null }

const grs80 = '+ellps=GRS80 +units=m +no_defs'
const tmerc = (lon0: number, x0: number) =>
  `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 ${grs80}`

/** proj4 definition and label of an EPSG code we know; undefined for the rest. */
export function epsgDefinition(code: number): { def: string | null; label: string } | undefined {
  if (code === 4326 || code === 4490)
    return { def: null, label: code === 4326 ? 'EPSG:4326 (WGS84)' : 'EPSG:4490 (CGCS2000)' }
  if (code === 3857 || code === 900913)
    return {
      def: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
      label: 'EPSG:3857 (Web Mercator)',
    }
  // CGCS2000 / Gauss-Kruger, 6-degree zones 13–23 with the zone number in the false easting.
  if (code >= 4491 && code <= 4501) {
    const zone = 13 + code - 4491
    return {
      def: tmerc(zone * 6 - 3, zone * 1_000_000 + 500_000),
      label: `EPSG:${code} (CGCS2000 / Gauss-Kruger zone ${zone})`,
    }
  }
  // CGCS2000 / Gauss-Kruger CM 75E–135E, 6-degree, no zone prefix.
  if (code >= 4502 && code <= 4512) {
    const cm = 75 + 6 * (code - 4502)
    return { def: tmerc(cm, 500_000), label: `EPSG:${code} (CGCS2000 / Gauss-Kruger CM ${cm}E)` }
  }
  // CGCS2000 / 3-degree Gauss-Kruger zones 25–45 with the zone number in the false easting.
  if (code >= 4513 && code <= 4533) {
    const zone = 25 + code - 4513
    return {
      def: tmerc(zone * 3, zone * 1_000_000 + 500_000),
      label: `EPSG:${code} (CGCS2000 / 3-degree Gauss-Kruger zone ${zone})`,
    }
  }
  // CGCS2000 / 3-degree Gauss-Kruger CM 75E–135E, no zone prefix.
  if (code >= 4534 && code <= 4554) {
    const cm = 75 + 3 * (code - 4534)
    return { def: tmerc(cm, 500_000), label: `EPSG:${code} (CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E)` }
  }
  return undefined
}

function fromDefinition(def: string, label: string): SourceCrs {
  const converter = proj4(def, 'EPSG:4326')
  return { label, toWgs84: (p) => converter.forward(p) as Position }
}

const unknownCrs = (what: string) =>
  new ValidationError({
    file: text(
      `无法识别坐标系「${what.slice(0, 80)}」，请转换为 WGS84 (EPSG:4326) 或 CGCS2000 后再导入`,
      `unknown coordinate reference system "${what.slice(0, 80)}"; convert the file to WGS84 (EPSG:4326) or CGCS2000`,
    ),
  })

/**
 * The CRS of a GeoJSON `crs` member (GeoJSON 2008; RFC 7946 dropped it and
 * means WGS84): `{type: "name", properties: {name: "urn:ogc:def:crs:EPSG::4527"}}`.
 */
export function crsOfGeojsonMember(member: unknown): SourceCrs | null {
  if (member === undefined || member === null) return null
  const name =
    typeof member === 'object' && 'properties' in member
      ? (member.properties as { name?: unknown } | null)?.name
      : undefined
  if (typeof name !== 'string') throw unknownCrs(JSON.stringify(member))
  if (/CRS84$/i.test(name)) return wgs84
  const epsg = /EPSG:{1,2}(?:[\d.]*:)?(\d+)$/i.exec(name)
  const known = epsg ? epsgDefinition(Number(epsg[1])) : undefined
  if (!known) throw unknownCrs(name)
  return known.def ? fromDefinition(known.def, known.label) : { label: known.label, toWgs84: null }
}

/** The CRS of a Shapefile's .prj (OGC or ESRI WKT). */
export function crsOfPrj(wkt: string): SourceCrs {
  const trimmed = wkt.trim()
  // An OGC WKT names its EPSG code last; prefer our definition of it.
  const authority = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\]\s*$/i.exec(trimmed)
  const known = authority ? epsgDefinition(Number(authority[1])) : undefined
  if (known) return known.def ? fromDefinition(known.def, known.label) : { label: known.label, toWgs84: null }
  const head = /^(\w+)\[\s*"([^"]*)"/.exec(trimmed)
  const kind = head?.[1]?.toUpperCase()
  const label = head?.[2] || 'prj'
  // Geographic: lng/lat already; any datum shift to WGS84 is below a boundary's precision.
  if (kind === 'GEOGCS' || kind === 'GEOGCRS' || kind === 'GEODCRS') return { label, toWgs84: null }
  if (kind !== 'PROJCS' && kind !== 'PROJCRS') throw unknownCrs(trimmed)
  try {
    return fromDefinition(trimmed, label)
  } catch {
    throw unknownCrs(trimmed)
  }
}

/** True when every position could be lng/lat. */
export function looksLikeLngLat(positions: Iterable<Position>): boolean {
  for (const [x, y] of positions) {
    if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) return false
  }
  return true
}

export const noCrsNotLngLat = () =>
  new ValidationError({
    file: text(
      '文件未说明坐标系（缺少 .prj 或 crs），且坐标不是经纬度；请附上 .prj 文件或转换为 WGS84 经纬度',
      'the file names no coordinate reference system (no .prj or crs) and its coordinates are not longitude/latitude; include the .prj or convert to WGS84',
    ),
  })

const round = (n: number) => Math.round(n * 1e9) / 1e9

/**
 * Converts the features' coordinates to WGS84 lng/lat. A file that names no CRS
 * is taken as lng/lat when every coordinate fits, and refused otherwise.
 * GCJ-02 is lng/lat by definition, so the flag is refused with a projected CRS.
 */
export function convertToWgs84<T extends { coordinates: Position[][][] }>(
  features: T[],
  crs: SourceCrs | null,
  fromGcj02: boolean,
): { features: T[]; label: string; declared: boolean } {
  const positions = function* () {
    for (const f of features) for (const polygon of f.coordinates) for (const ring of polygon) yield* ring
  }
  let source = crs
  if (!source) {
    if (!looksLikeLngLat(positions())) throw noCrsNotLngLat()
    source = wgs84
  }
  if (fromGcj02 && source.toWgs84) {
    throw new ValidationError({
      crs: text(
        `GCJ-02 只适用于经纬度坐标，而文件的坐标系是 ${source.label}`,
        `GCJ-02 applies to longitude/latitude only; the file is in ${source.label}`,
      ),
    })
  }
  const project = source.toWgs84
  // Coordinates already in WGS84 stay bit for bit what the file says, so an exported
  // boundary imports back unchanged. Converted ones are rounded to 1e-9° (0.1 mm),
  // which brings a vertex shared with a neighbour back onto the neighbour's own value.
  const convert =
    project || fromGcj02
      ? (p: Position): Position => {
          const projected = project ? project(p) : p
          const [lng, lat] = fromGcj02 ? gcj02ToWgs84(projected) : projected
          return [round(lng), round(lat)]
        }
      : null
  const converted = convert
    ? features.map((f) => ({
        ...f,
        coordinates: f.coordinates.map((polygon) => polygon.map((ring) => ring.map(convert))),
      }))
    : features
  // Whether the file declared its CRS (or lng/lat was assumed) travels beside the label, for the reader's language.
  return {
    features: converted,
    label: `${source.label}${fromGcj02 ? ' ← GCJ-02' : ''}`,
    declared: Boolean(crs),
  }
}
