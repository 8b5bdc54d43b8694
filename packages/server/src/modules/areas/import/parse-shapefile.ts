/// <reference path="./shpjs.d.ts" />
import { unzipSync } from 'fflate'
import { parseDbf, parseShp } from 'shpjs'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import type { AreaFile, RawFeature } from './area-file.ts'
import { crsOfPrj } from './reproject.ts'

const bad = (zh: string, en: string) => new ValidationError({ file: text(zh, en) })

/**
 * A zipped Shapefile: one layer (.shp + .dbf, with .prj for its coordinate
 * system and .cpg for the attributes' encoding). Without a .cpg the attributes
 * are read as UTF-8 when they are valid UTF-8 and as GBK otherwise, which is
 * what Chinese desktop GIS writes.
 */
export function parseShapefileZip(bytes: Uint8Array): AreaFile {
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes, { filter: (f) => !f.name.includes('__MACOSX') && !f.name.endsWith('/') })
  } catch {
    throw bad('无法解压 zip 文件', 'the zip file cannot be read')
  }
  const byExt = new Map<string, Map<string, Uint8Array>>()
  for (const [name, data] of Object.entries(entries)) {
    const dot = name.lastIndexOf('.')
    if (dot < 0) continue
    const base = name.slice(0, dot)
    const ext = name.slice(dot + 1).toLowerCase()
    const files = byExt.get(base) ?? new Map<string, Uint8Array>()
    files.set(ext, data)
    byExt.set(base, files)
  }
  const layers = [...byExt.entries()].filter(([, files]) => files.has('shp'))
  if (layers.length === 0) throw bad('zip 中没有 .shp 文件', 'the zip holds no .shp file')
  if (layers.length > 1) {
    const names = layers.map(([base]) => base).join(', ')
    throw bad(
      `zip 中有多个图层（${names}），每次只导入一个`,
      `the zip holds several layers (${names}); import one at a time`,
    )
  }
  const [base, files] = layers[0] as [string, Map<string, Uint8Array>]
  const shp = files.get('shp') as Uint8Array
  const dbf = files.get('dbf')
  if (!dbf)
    throw bad(`缺少 ${base}.dbf（编码和名称在其中）`, `${base}.dbf is missing (it holds the codes and names)`)
  const prj = files.get('prj')
  const cpg = files.get('cpg')

  let geometries: ReturnType<typeof parseShp>
  let rows: ReturnType<typeof parseDbf>
  try {
    geometries = parseShp(shp)
    rows = parseDbf(dbf, cpg ? new TextDecoder().decode(cpg).trim() : encodingOf(dbf))
  } catch (err) {
    const detail = err instanceof Error ? err.message.slice(0, 120) : ''
    throw bad(`无法读取 Shapefile（${detail}）`, `the Shapefile cannot be read (${detail})`)
  }
  if (rows.length !== geometries.length) {
    throw bad(
      `.shp 有 ${geometries.length} 个图形而 .dbf 有 ${rows.length} 行`,
      `the .shp has ${geometries.length} shapes but the .dbf ${rows.length} rows`,
    )
  }
  const features: RawFeature[] = geometries.map((geometry, index) => ({
    index,
    properties: rows[index] ?? {},
    geometry,
  }))
  return {
    format: 'shapefile',
    crs: prj ? crsOfPrj(new TextDecoder().decode(prj)) : null,
    features,
  }
}

/** UTF-8 when the field names and the records decode as UTF-8, GBK otherwise. */
function encodingOf(dbf: Uint8Array): string {
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength)
  if (dbf.length < 32) return 'utf-8'
  const headerLength = view.getUint16(8, true)
  const texts = [dbf.subarray(headerLength)]
  for (let offset = 32; offset + 32 <= headerLength && dbf[offset] !== 0x0d; offset += 32) {
    const name = dbf.subarray(offset, offset + 11)
    const end = name.indexOf(0)
    texts.push(end < 0 ? name : name.subarray(0, end))
  }
  const strict = new TextDecoder('utf-8', { fatal: true })
  try {
    for (const t of texts) strict.decode(t)
    return 'utf-8'
  } catch {
    return 'gbk'
  }
}
