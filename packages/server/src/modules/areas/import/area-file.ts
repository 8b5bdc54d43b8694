import { text, ValidationError } from '../../../platform/http/errors.ts'
import { parseGeojson } from './parse-geojson.ts'
import { parseShapefileZip } from './parse-shapefile.ts'
import type { SourceCrs } from './reproject.ts'

/** A feature as read from the file, before any check. */
export type RawFeature = {
  /** 0-based position in the file. */
  index: number
  properties: Record<string, unknown>
  geometry: unknown
}

export type AreaFile = {
  format: 'geojson' | 'shapefile'
  /** null when the file says nothing (a Shapefile without .prj): lng/lat is assumed if the coordinates fit. */
  crs: SourceCrs | null
  features: RawFeature[]
}

const zipMagic = [0x50, 0x4b, 0x03, 0x04]

/** Reads an uploaded boundary file, judged by its bytes: a zip is a Shapefile, anything else must be GeoJSON. */
export function readAreaFile(bytes: Uint8Array): AreaFile {
  if (bytes.length === 0) throw new ValidationError({ file: text('文件为空', 'the file is empty') })
  if (zipMagic.every((b, i) => bytes[i] === b)) return parseShapefileZip(bytes)
  return parseGeojson(bytes)
}
