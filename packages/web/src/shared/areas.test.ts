import type { TArea } from '@onegrid/core/api/areas'
import { describe, expect, it } from 'vitest'
import { childLevelOf, groupByParent } from './areas.ts'

const area = (code: string, name: string, level: TArea['level'], parentCode: string | null): TArea => ({
  code,
  name,
  level,
  parentCode,
  path: code,
  hasGeometry: true,
})

describe('areas', () => {
  it('knows the level below each level', () => {
    expect(childLevelOf('district')).toBe('street')
    expect(childLevelOf('community')).toBe('grid')
    expect(childLevelOf('grid')).toBeNull()
  })

  it('groups communities under their streets in code order', () => {
    const streets = [
      area('320508002', '东街道', 'street', '320508'),
      area('320508001', '西街道', 'street', '320508'),
    ]
    const communities = [
      area('320508001002', '乙社区', 'community', '320508001'),
      area('320508002001', '丙社区', 'community', '320508002'),
      area('320508001001', '甲社区', 'community', '320508001'),
      area('320999001001', '外社区', 'community', '320999001'),
    ]
    const grouped = groupByParent(streets, communities)
    expect(grouped.map((g) => [g.area.name, g.children.map((c) => c.name)])).toEqual([
      ['西街道', ['甲社区', '乙社区']],
      ['东街道', ['丙社区']],
    ])
  })
})
