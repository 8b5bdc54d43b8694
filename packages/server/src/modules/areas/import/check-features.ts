import type { TFeatureProblemKind, TImportLevel } from '@onegrid/core/api/area-import'
import { type AreaCodeProblem, checkAreaCode, expectedLength } from '@onegrid/core/codes/area-code'
import { type LocalText, text } from '../../../platform/http/errors.ts'
import type { RawFeature } from './area-file.ts'
import type { Position } from './reproject.ts'

export type FeatureIssue = {
  kind: TFeatureProblemKind
  index: number
  code: string | null
  message: LocalText
  location: Position | null
}

export type MultiPolygonCoordinates = Position[][][]

/** A feature whose code, name and geometry passed the checks that need no database. */
export type CandidateFeature = {
  index: number
  code: string
  name: string
  /** Normalised to MultiPolygon, closed rings, 2D; still in the file's coordinates. */
  coordinates: MultiPolygonCoordinates
}

export const defaultCodeFields = [
  'code',
  'CODE',
  'Code',
  '编码',
  '网格编码',
  '区划代码',
  'GRID_CODE',
  'gridCode',
]
export const defaultNameFields = ['name', 'NAME', 'Name', '名称', '网格名称', 'GRID_NAME', 'gridName']

export const levelWord: Record<TImportLevel, LocalText> = {
  street: text('街道/乡镇', 'street/town'),
  community: text('社区/村', 'community/village'),
  grid: text('网格', 'grid'),
}

const codeProblemText: Record<AreaCodeProblem, LocalText> = {
  not_digits: text('代码只能由数字组成', 'the code must be digits only'),
  wrong_length: text('代码位数与层级不符', 'the code length does not match the level'),
  unknown_province: text('省级代码不存在', 'unknown province code'),
  bad_segment: text('代码分段不合规则', 'a segment of the code is out of range'),
  parent_mismatch: text('代码前缀与上级区域不符', 'the code does not start with its parent’s code'),
  parent_level: text('上级区域的层级不对', 'the parent is not one level up'),
}

function propertyValue(properties: Record<string, unknown>, wanted: string | undefined, defaults: string[]) {
  const keys = wanted ? [wanted] : defaults
  for (const key of keys) {
    const v = properties[key]
    if (typeof v === 'string' && v.trim() !== '') return v.trim()
    if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  }
  return null
}

type GeometryCheck =
  | { ok: true; coordinates: MultiPolygonCoordinates }
  | { ok: false; kind: TFeatureProblemKind; message: LocalText }

const isPosition = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])

function checkRing(ring: unknown): Position[] | LocalText {
  if (!Array.isArray(ring) || !ring.every(isPosition))
    return text('坐标格式不正确', 'coordinates are not [x, y] number pairs')
  const positions = ring.map((p) => [p[0], p[1]] as Position)
  const first = positions[0]
  const last = positions[positions.length - 1]
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) positions.push([first[0], first[1]])
  if (positions.length < 4) return text('多边形的环少于 3 个顶点', 'a ring has fewer than 3 corners')
  return positions
}

/** Structure only: (Multi)Polygon, number pairs, rings of at least three corners. Validity is PostGIS's job. */
export function checkGeometry(geometry: unknown): GeometryCheck {
  if (geometry === null || geometry === undefined || typeof geometry !== 'object')
    return { ok: false, kind: 'empty_geometry', message: text('没有图形', 'the feature has no geometry') }
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown }
  if (type !== 'Polygon' && type !== 'MultiPolygon')
    return {
      ok: false,
      kind: 'not_polygon',
      message: text(
        `图形是 ${String(type)}，应为面（Polygon/MultiPolygon）`,
        `the geometry is a ${String(type)}, not a (Multi)Polygon`,
      ),
    }
  if (!Array.isArray(coordinates) || coordinates.length === 0)
    return { ok: false, kind: 'empty_geometry', message: text('图形为空', 'the geometry is empty') }
  const polygons: unknown[] = type === 'Polygon' ? [coordinates] : coordinates
  const out: MultiPolygonCoordinates = []
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0)
      return { ok: false, kind: 'empty_geometry', message: text('多边形为空', 'a polygon is empty') }
    const rings: Position[][] = []
    for (const ring of polygon) {
      const checked = checkRing(ring)
      if (!Array.isArray(checked)) return { ok: false, kind: 'invalid_geometry', message: checked }
      rings.push(checked)
    }
    out.push(rings)
  }
  return { ok: true, coordinates: out }
}

function checkCode(
  code: string,
  level: TImportLevel,
): { kind: TFeatureProblemKind; message: LocalText } | null {
  const own = checkAreaCode(code, level)
  if (own.ok) return null
  if (own.problem === 'wrong_length' && /^\d+$/.test(code)) {
    const other = (['street', 'community', 'grid'] as const).find((l) => expectedLength(l) === code.length)
    if (other)
      return {
        kind: 'wrong_level',
        message: text(
          `「${code}」是${levelWord[other].zh}代码，本次导入的是${levelWord[level].zh}（${expectedLength(level)} 位）`,
          `"${code}" is a ${levelWord[other].en} code; this import is for ${levelWord[level].en} codes (${expectedLength(level)} digits)`,
        ),
      }
  }
  const why = codeProblemText[own.problem]
  return {
    kind: 'invalid_code',
    message: text(`代码「${code}」无效：${why.zh}`, `invalid code "${code}": ${why.en}`),
  }
}

/**
 * The checks that need no database: code shape and level, duplicates, name,
 * geometry structure. `codes` has each feature's code (or null), by index.
 */
export function checkFeatures(
  features: RawFeature[],
  options: { level: TImportLevel; codeField?: string | undefined; nameField?: string | undefined },
): { candidates: CandidateFeature[]; issues: FeatureIssue[]; codes: (string | null)[] } {
  const issues: FeatureIssue[] = []
  const codes: (string | null)[] = []
  const candidates: CandidateFeature[] = []
  const firstIndexOf = new Map<string, number>()
  for (const feature of features) {
    const { index } = feature
    const code = propertyValue(feature.properties, options.codeField, defaultCodeFields)
    const name = propertyValue(feature.properties, options.nameField, defaultNameFields)
    codes.push(code)
    const issue = (kind: TFeatureProblemKind, message: LocalText) =>
      issues.push({ kind, index, code, message, location: null })
    let ok = true
    if (code === null) {
      const looked = options.codeField ?? defaultCodeFields.join('/')
      issue('invalid_code', text(`没有编码（字段 ${looked}）`, `no code (property ${looked})`))
      ok = false
    } else {
      const problem = checkCode(code, options.level)
      if (problem) {
        issue(problem.kind, problem.message)
        ok = false
      }
      const first = firstIndexOf.get(code)
      if (first !== undefined) {
        issue(
          'duplicate_code',
          text(`编码「${code}」与第 ${first + 1} 个要素重复`, `code "${code}" repeats feature #${first + 1}`),
        )
        ok = false
      } else firstIndexOf.set(code, index)
    }
    if (name === null) {
      const looked = options.nameField ?? defaultNameFields.join('/')
      issue('missing_name', text(`没有名称（字段 ${looked}）`, `no name (property ${looked})`))
      ok = false
    } else if (name.length > 100) {
      issue('bad_name', text('名称超过 100 个字', 'the name is longer than 100 characters'))
      ok = false
    }
    const geometry = checkGeometry(feature.geometry)
    if (!geometry.ok) {
      issue(geometry.kind, geometry.message)
      ok = false
    }
    if (ok && code !== null && name !== null && geometry.ok)
      candidates.push({ index, code, name, coordinates: geometry.coordinates })
  }
  return { candidates, issues, codes }
}
