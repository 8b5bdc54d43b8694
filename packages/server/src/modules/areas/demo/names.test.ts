import { describe, expect, it } from 'vitest'
import { chineseNumeral, DistrictNames, ServedUnitNames } from './names.ts'
import { mulberry32 } from './random.ts'

describe('demo place names', () => {
  it('writes Chinese numerals for grid names', () => {
    expect([1, 2, 5, 10, 11, 20, 35, 99].map(chineseNumeral)).toEqual([
      '一',
      '二',
      '五',
      '十',
      '十一',
      '二十',
      '三十五',
      '九十九',
    ])
    expect(() => chineseNumeral(0)).toThrow(RangeError)
  })

  it('hands out 600 unique 社区 and 村 names, none of them a real Tongzhou street or town', () => {
    const names = new DistrictNames(mulberry32(1))
    const communities = Array.from({ length: 350 }, () => names.community())
    const villages = Array.from({ length: 250 }, () => names.village())
    const all = [...communities, ...villages]
    expect(new Set(all).size).toBe(all.length)
    expect(communities.every((n) => /^\p{Script=Han}{2}社区$/u.test(n))).toBe(true)
    expect(villages.every((n) => /^\p{Script=Han}{2,4}村$/u.test(n) && !n.endsWith('村村'))).toBe(true)
    expect(all.some((n) => ['张家湾', '宋庄', '梨园', '于家务'].some((real) => n.includes(real)))).toBe(false)
  })

  it('gives the same names for the same seed', () => {
    const draw = (seed: number) => {
      const names = new DistrictNames(mulberry32(seed))
      return [names.community(), names.village(), names.community()]
    }
    expect(draw(5)).toEqual(draw(5))
    expect(draw(5)).not.toEqual(draw(6))
  })

  it('never names two served units alike', () => {
    const units = new ServedUnitNames('云溪')
    const random = mulberry32(3)
    const names = Array.from({ length: 40 }, (_, i) => units.take(i % 2 ? 'school' : 'park', '柳园', random))
    expect(new Set(names).size).toBe(names.length)
    expect(names.some((n) => /^云溪第[一二三四五六七八九十]+(中学|小学)$/.test(n))).toBe(true)
  })
})
