import { describe, expect, it } from 'vitest'
import { checkAreaCode, checkAreaParent, impliedParentCode, townKind, villageKind } from './area-code.ts'

describe('area codes', () => {
  it('accepts well-formed codes at each level', () => {
    expect(checkAreaCode('320000', 'province')).toEqual({ ok: true })
    expect(checkAreaCode('320500', 'city')).toEqual({ ok: true })
    expect(checkAreaCode('320508', 'district')).toEqual({ ok: true })
    expect(checkAreaCode('320508019', 'street')).toEqual({ ok: true })
    expect(checkAreaCode('320508019044', 'community')).toEqual({ ok: true })
    expect(checkAreaCode('320508019044001', 'grid')).toEqual({ ok: true })
  })

  it('names what is wrong with a bad code', () => {
    expect(checkAreaCode('32050801904', 'community')).toEqual({ ok: false, problem: 'wrong_length' })
    expect(checkAreaCode('32a508', 'district')).toEqual({ ok: false, problem: 'not_digits' })
    expect(checkAreaCode('990508', 'district')).toEqual({ ok: false, problem: 'unknown_province' })
    expect(checkAreaCode('320500', 'district')).toEqual({ ok: false, problem: 'bad_segment' })
    expect(checkAreaCode('320508700', 'street')).toEqual({ ok: false, problem: 'bad_segment' })
    expect(checkAreaCode('320508019000', 'community')).toEqual({ ok: false, problem: 'bad_segment' })
    expect(checkAreaCode('320508019044000', 'grid')).toEqual({ ok: false, problem: 'bad_segment' })
  })

  it('checks the prefix and level against the parent', () => {
    const street = { code: '320508019', level: 'street' as const }
    expect(checkAreaParent({ code: '320508019044', level: 'community' }, street)).toEqual({ ok: true })
    expect(checkAreaParent({ code: '320508020044', level: 'community' }, street)).toEqual({
      ok: false,
      problem: 'parent_mismatch',
    })
    expect(checkAreaParent({ code: '320508019044001', level: 'grid' }, street)).toEqual({
      ok: false,
      problem: 'parent_level',
    })
    expect(impliedParentCode('320508', 'district')).toBe('320500')
    expect(impliedParentCode('320500', 'city')).toBe('320000')
  })

  it('classifies town and village segments', () => {
    expect(townKind(19)).toBe('subdistrict')
    expect(townKind(102)).toBe('town')
    expect(townKind(250)).toBe('township')
    expect(townKind(650)).toBeNull()
    expect(villageKind(44)).toBe('community')
    expect(villageKind(210)).toBe('village')
  })
})
