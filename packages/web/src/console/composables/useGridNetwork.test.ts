import { describe, expect, it } from 'vitest'
import { drillTarget } from './useGridNetwork.ts'

describe('drilling down by clicking a grid', () => {
  const grid = '110120001001003'

  it('goes one level down towards the clicked grid', () => {
    expect(drillTarget({ code: '110120', level: 'district' }, grid)).toBe('110120001')
    expect(drillTarget({ code: '110120001', level: 'street' }, grid)).toBe('110120001001')
    expect(drillTarget({ code: '110120001001', level: 'community' }, grid)).toBe(grid)
  })

  it('picks a sibling when a grid is selected', () => {
    expect(drillTarget({ code: '110120001001001', level: 'grid' }, grid)).toBe(grid)
  })

  it('ignores a grid outside the selection', () => {
    expect(drillTarget({ code: '110120002', level: 'street' }, grid)).toBeNull()
  })
})
