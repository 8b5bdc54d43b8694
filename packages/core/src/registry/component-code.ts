/**
 * 部件标识码, standards.md §2.2.
 *
 * Two schemes are in use and both must be read, because cities that built their
 * component census under the old standard keep those codes:
 *   GB/T 47678.5 (new): 6 admin + 2 大类 + 3 小类 + 6 顺序码 = 17 digits
 *   CJ/T 214 / GB/T 30428.2 (old): 6 admin + 2 大类 + 2 小类 + 6 顺序码 = 16 digits
 * The length alone tells them apart.
 */

export type ComponentScheme = 'gbt47678' | 'cjt214'

export type ParsedComponentCode =
  | {
      ok: true
      value: string
      scheme: ComponentScheme
      /** 6-digit county-level 行政区划代码. */
      region: string
      /** 2-digit 大类. */
      major: string
      /** 小类: 3 digits under GB/T 47678, 2 under CJ/T 214. */
      minor: string
      /** 6-digit 顺序码. */
      sequence: string
    }
  | { ok: false; reason: 'format' }

/**
 * Parses a 部件标识码. Spaces are ignored. All-zero 大类, 小类 or 顺序码 are refused:
 * no class or sequence is numbered 0 in either standard, and such codes come from
 * padding or placeholder data.
 */
export function parseComponentCode(raw: string): ParsedComponentCode {
  const value = raw.replace(/\s+/g, '')
  const scheme: ComponentScheme | null = /^\d{17}$/.test(value)
    ? 'gbt47678'
    : /^\d{16}$/.test(value)
      ? 'cjt214'
      : null
  if (scheme === null) return { ok: false, reason: 'format' }
  const minorEnd = scheme === 'gbt47678' ? 11 : 10
  const parts = {
    region: value.slice(0, 6),
    major: value.slice(6, 8),
    minor: value.slice(8, minorEnd),
    sequence: value.slice(minorEnd),
  }
  if ([parts.major, parts.minor, parts.sequence].some((p) => /^0+$/.test(p)))
    return { ok: false, reason: 'format' }
  return { ok: true, value, scheme, ...parts }
}

/** 部件状态 (ObjState). */
export const componentStates = ['intact', 'damaged', 'lost', 'abandoned', 'removed'] as const
export type ComponentState = (typeof componentStates)[number]

export const componentStateLabels: Readonly<Record<ComponentState, string>> = {
  intact: '完好',
  damaged: '破损',
  lost: '丢失',
  abandoned: '废弃',
  removed: '移除',
}
