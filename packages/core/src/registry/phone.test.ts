import { describe, expect, it } from 'vitest'
import { normalizeLandline, normalizeMobile, normalizePhone } from './phone.ts'

describe('normalizeMobile', () => {
  it('keeps the 11 digits and drops grouping and country prefixes', () => {
    for (const raw of [
      '13800138000',
      '138 0013 8000',
      '138-0013-8000',
      '+8613800138000',
      '+86 138 0013 8000',
      '008613800138000',
      '8613800138000',
      '１３８００１３８０００',
    ]) {
      expect(normalizeMobile(raw)).toBe('13800138000')
    }
    expect(normalizeMobile('19912345678')).toBe('19912345678')
  })

  it('rejects numbers outside 13–19 and wrong lengths', () => {
    for (const raw of [
      '12800138000',
      '10086',
      '1380013800',
      '138001380001',
      '+8512800138000',
      '+85213800138000',
      '',
    ]) {
      expect(normalizeMobile(raw)).toBeNull()
    }
    // A bare 86 prefix is only a prefix when 11 digits follow it.
    expect(normalizeMobile('86138001380')).toBeNull()
  })
})

describe('normalizeLandline', () => {
  it('splits 3- and 4-digit area codes by the numbering plan', () => {
    expect(normalizeLandline('010-12345678')).toBe('010-12345678')
    expect(normalizeLandline('01012345678')).toBe('010-12345678')
    expect(normalizeLandline('021 6432 1234')).toBe('021-64321234')
    expect(normalizeLandline('075512345678')).toBe('0755-12345678')
    expect(normalizeLandline('0512-6522-1234')).toBe('0512-65221234')
    expect(normalizeLandline('03111234567')).toBe('0311-1234567')
    expect(normalizeLandline('0201234567')).toBe('020-1234567')
  })

  it('rejects numbers that do not fit an area code and a 7–8 digit subscriber', () => {
    for (const raw of ['12345678', '010-123456', '0755-123456789', '0311123456', '13800138000', '']) {
      expect(normalizeLandline(raw)).toBeNull()
    }
  })
})

describe('normalizePhone', () => {
  it('tells mobiles from landlines', () => {
    expect(normalizePhone('+86 138 0013 8000')).toEqual({ kind: 'mobile', value: '13800138000' })
    expect(normalizePhone('0086 13800138000')).toEqual({ kind: 'mobile', value: '13800138000' })
    expect(normalizePhone('0755-12345678')).toEqual({ kind: 'landline', value: '0755-12345678' })
    expect(normalizePhone('110')).toBeNull()
  })
})
