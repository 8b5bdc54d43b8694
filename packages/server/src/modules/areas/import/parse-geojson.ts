import { text, ValidationError } from '../../../platform/http/errors.ts'
import type { AreaFile, RawFeature } from './area-file.ts'
import { crsOfGeojsonMember } from './reproject.ts'

const notGeojson = (why: string, whyEn: string) =>
  new ValidationError({
    file: text(`不是有效的 GeoJSON：${why}`, `not a valid GeoJSON file: ${whyEn}`),
  })

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** A GeoJSON FeatureCollection (or a single Feature), UTF-8 with or without a BOM. */
export function parseGeojson(bytes: Uint8Array): AreaFile {
  let doc: unknown
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    const detail = err instanceof Error ? err.message.slice(0, 120) : ''
    throw notGeojson(`无法解析（${detail}）`, `cannot be parsed (${detail})`)
  }
  if (!isObject(doc)) throw notGeojson('顶层不是对象', 'the top level is not an object')
  let items: unknown[]
  if (doc.type === 'FeatureCollection' && Array.isArray(doc.features)) items = doc.features
  else if (doc.type === 'Feature') items = [doc]
  else throw notGeojson('应为 FeatureCollection', 'a FeatureCollection is expected')

  const features: RawFeature[] = items.map((item, index) => ({
    index,
    properties: isObject(item) && isObject(item.properties) ? item.properties : {},
    geometry: isObject(item) ? (item.geometry ?? null) : null,
  }))
  return { format: 'geojson', crs: crsOfGeojsonMember(doc.crs), features }
}
