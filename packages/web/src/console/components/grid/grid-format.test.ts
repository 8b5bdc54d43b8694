import type { TTopologyProblem } from '@onegrid/core/api/grids'
import { describe, expect, it } from 'vitest'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import { beijingWallClock, formatArea, formatDay, problemText, sortProblems } from './grid-format.ts'

const problem = (
  kind: TTopologyProblem['kind'],
  codes: string[],
  areaM2: number | null,
): TTopologyProblem => ({
  kind,
  codes,
  areaM2,
  location: [116.7, 39.9],
  geometry: null,
  detail: null,
})

describe('grid texts', () => {
  it('writes areas in the reader’s language', () => {
    expect(formatArea(108_595, 'zh-CN')).toBe('108,595 m²')
    expect(formatArea(904_880_000, 'en')).toBe('904.88 km²')
  })

  it('names the day a boundary took effect in Beijing time', () => {
    // 23:30 UTC is already the next day in Beijing.
    expect(formatDay('2026-11-22T23:30:00Z', 'zh-CN')).toBe('2026/11/23')
  })

  it('describes each kind of topology problem in Chinese and in English, with names where known', () => {
    const i18n = createTestI18n('zh-CN')
    const names = new Map([
      ['110120001001001', '和湖社区第一网格'],
      ['110120001001002', '和湖社区第二网格'],
      ['110120001001', '和湖社区'],
    ])
    const text = (p: TTopologyProblem, locale: 'zh-CN' | 'en') => {
      i18n.global.locale.value = locale
      const { key, params } = problemText(p, (code) => names.get(code), locale)
      return i18n.global.t(key, params)
    }
    const overlap = problem('overlap', ['110120001001001', '110120001001002'], 1234.4)
    expect(text(overlap, 'zh-CN')).toBe('和湖社区第一网格 与 和湖社区第二网格 重叠 1,234 m²')
    expect(text(overlap, 'en')).toBe('和湖社区第一网格 and 和湖社区第二网格 overlap by 1,234 m²')
    expect(text(problem('gap', ['110120001001'], 56), 'zh-CN')).toBe(
      '和湖社区 内有 56 m² 未被任何下级区域覆盖',
    )
    expect(text(problem('invalid_geometry', ['110120001001009'], null), 'zh-CN')).toBe(
      '110120001001009 的边界自相交或无效',
    )
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('console.gridMap.topology.kind.outside_parent')).toBe('超出上级')
    expect(i18n.global.t('console.gridMap.topology.kind.sliver')).toBe('细碎多边形')
  })

  it('lists bad shapes and overlaps before gaps, larger ones first', () => {
    const sorted = sortProblems([
      problem('gap', ['a'], 500),
      problem('overlap', ['b', 'c'], 10),
      problem('overlap', ['d', 'e'], 90),
      problem('invalid_geometry', ['f'], null),
    ])
    expect(sorted.map((p) => p.codes[0])).toEqual(['f', 'd', 'b', 'a'])
  })

  it('starts the effective-date picker at Beijing’s wall clock', () => {
    const wall = beijingWallClock(new Date('2026-11-22T23:30:05Z'))
    expect([
      wall.getFullYear(),
      wall.getMonth() + 1,
      wall.getDate(),
      wall.getHours(),
      wall.getMinutes(),
    ]).toEqual([2026, 11, 23, 7, 30])
  })
})
