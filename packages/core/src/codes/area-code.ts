/**
 * Area and grid codes (standards.md §2.1, §5).
 *
 * Codes are stored at their natural length so that a parent's code is a prefix
 * of its children's, which is what the ltree jurisdiction path is built from:
 *   province 6 (GB/T 2260, `320000`) → city 6 (`320500`) → district/county 6 (`320508`)
 *   → street/town 9 (`320508019`) → community/village 12 (`320508019044`) → grid 15.
 */
export const areaLevels = ['province', 'city', 'district', 'street', 'community', 'grid'] as const
export type AreaLevel = (typeof areaLevels)[number]

export type AreaCodeProblem =
  | 'not_digits'
  | 'wrong_length'
  | 'unknown_province'
  | 'bad_segment'
  | 'parent_mismatch'
  | 'parent_level'

export type AreaCodeCheck = { ok: true } | { ok: false; problem: AreaCodeProblem }

const provinces = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
])

const lengths: Record<AreaLevel, number> = {
  province: 6,
  city: 6,
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
}

const parentLevel: Record<AreaLevel, AreaLevel | null> = {
  province: null,
  city: 'province',
  district: 'city',
  street: 'district',
  community: 'street',
  grid: 'community',
}

/** Which kind of 乡级 unit a 3-digit street/town segment denotes (统计用区划代码 rules). */
export function townKind(segment: number): 'subdistrict' | 'town' | 'township' | 'enterprise' | null {
  if (segment >= 1 && segment <= 99) return 'subdistrict'
  if (segment >= 100 && segment <= 199) return 'town'
  if (segment >= 200 && segment <= 399) return 'township'
  if (segment >= 400 && segment <= 599) return 'enterprise'
  return null
}

/** 居委会/社区 (001–199) or 村委会 (200–399); 400–599 are the corps' community units. */
export function villageKind(segment: number): 'community' | 'village' | 'other' | null {
  if (segment >= 1 && segment <= 199) return 'community'
  if (segment >= 200 && segment <= 399) return 'village'
  if (segment >= 400 && segment <= 599) return 'other'
  return null
}

export function expectedLength(level: AreaLevel): number {
  return lengths[level]
}

export function parentLevelOf(level: AreaLevel): AreaLevel | null {
  return parentLevel[level]
}

/** Checks a code's own shape for the given level. */
export function checkAreaCode(code: string, level: AreaLevel): AreaCodeCheck {
  if (!/^\d+$/.test(code)) return { ok: false, problem: 'not_digits' }
  if (code.length !== lengths[level]) return { ok: false, problem: 'wrong_length' }
  if (!provinces.has(Number(code.slice(0, 2)))) return { ok: false, problem: 'unknown_province' }
  const seg = (from: number, to: number) => Number(code.slice(from, to))
  const fail = { ok: false, problem: 'bad_segment' } as const
  switch (level) {
    case 'province':
      return seg(2, 6) === 0 ? { ok: true } : fail
    case 'city':
      return seg(2, 4) !== 0 && seg(4, 6) === 0 ? { ok: true } : fail
    case 'district':
      return seg(2, 4) !== 0 && seg(4, 6) !== 0 ? { ok: true } : fail
    case 'street':
      return checkAreaCode(code.slice(0, 6), 'district').ok && townKind(seg(6, 9)) ? { ok: true } : fail
    case 'community':
      return checkAreaCode(code.slice(0, 9), 'street').ok && villageKind(seg(9, 12)) ? { ok: true } : fail
    case 'grid':
      return checkAreaCode(code.slice(0, 12), 'community').ok && seg(12, 15) >= 1 ? { ok: true } : fail
  }
}

/** The code a parent at `parentLevel` must have for `code` at `level`. */
export function impliedParentCode(code: string, level: AreaLevel): string | null {
  switch (level) {
    case 'province':
      return null
    case 'city':
      return `${code.slice(0, 2)}0000`
    case 'district':
      return `${code.slice(0, 4)}00`
    case 'street':
      return code.slice(0, 6)
    case 'community':
      return code.slice(0, 9)
    case 'grid':
      return code.slice(0, 12)
  }
}

/**
 * Checks a child against its parent: the level must be the next one down and the
 * code must carry the parent's prefix. Municipalities (直辖市) have 市辖区 roll-ups
 * whose city segment is 01/02, which the same prefix rule covers.
 */
export function checkAreaParent(
  child: { code: string; level: AreaLevel },
  parent: { code: string; level: AreaLevel } | null,
): AreaCodeCheck {
  const own = checkAreaCode(child.code, child.level)
  if (!own.ok) return own
  const wanted = parentLevel[child.level]
  if (parent === null) return { ok: true }
  if (wanted !== parent.level) return { ok: false, problem: 'parent_level' }
  return impliedParentCode(child.code, child.level) === parent.code
    ? { ok: true }
    : { ok: false, problem: 'parent_mismatch' }
}

/** The ltree path of an area: its ancestors' codes and its own, root first. */
export function areaPath(ancestorsAndSelf: readonly string[]): string {
  return ancestorsAndSelf.join('.')
}
