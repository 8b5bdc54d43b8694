import { describe, expect, it } from 'vitest'
import { creditCheckChar, creditKindLabel, creditRegistrars, parseCreditCode } from './credit-code.ts'

const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY'

describe('creditCheckChar', () => {
  it('reproduces the check character of published codes', () => {
    expect(creditCheckChar('91350100M000100Y4')).toBe('3')
    // 深圳市腾讯计算机系统有限公司 as published on its licence: 91440300708461136T.
    expect(creditCheckChar('91440300708461136')).toBe('T')
  })

  it('makes the whole code sum to 0 mod 31 when the check character is weighted 3^17 mod 31', () => {
    // An oracle with its own weights: 3^17 mod 31 = 22, and 3^i is computed here, not copied.
    let seed = 32100
    for (let n = 0; n < 300; n++) {
      let body = ''
      for (let i = 0; i < 17; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        body += charset[seed % 31]
      }
      const full = body + creditCheckChar(body)
      let sum = 0
      let weight = 1
      for (let i = 0; i < 17; i++) {
        sum += charset.indexOf(full[i] ?? '') * weight
        weight = (weight * 3) % 31
      }
      expect((sum + charset.indexOf(full[17] ?? '')) % 31).toBe(0)
    }
  })

  it('refuses characters outside the set and wrong lengths', () => {
    expect(() => creditCheckChar('91350100M000100I4')).toThrow(RangeError)
    expect(() => creditCheckChar('91350100M000100Y')).toThrow(RangeError)
  })
})

describe('parseCreditCode', () => {
  it('parses a published code into its parts', () => {
    expect(parseCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      registrar: '9',
      kind: '1',
      region: '350100',
    })
  })

  it('round-trips codes built with creditCheckChar', () => {
    for (const body of ['51110000500000034', '12100000400000625', 'Y1320508MA1XYW123', 'N2320508MA0000001']) {
      const code = body + creditCheckChar(body)
      const parsed = parseCreditCode(code)
      expect(parsed.ok && parsed.value).toBe(code)
    }
    const social = parseCreditCode(`51110000500000034${creditCheckChar('51110000500000034')}`)
    expect(social.ok && [social.registrar, social.kind, social.region]).toEqual(['5', '1', '110000'])
  })

  it('rejects a changed last character and a changed body character', () => {
    expect(parseCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check_char' })
    expect(parseCreditCode('91350100M000100Y53')).toEqual({ ok: false, reason: 'check_char' })
  })

  it('normalises lower case and spaces', () => {
    const parsed = parseCreditCode(' 91350100m000100y43 ')
    expect(parsed.ok && parsed.value).toBe('91350100M000100Y43')
    expect(parseCreditCode('9135 0100 M000 100Y 43').ok).toBe(true)
  })

  it('rejects I, O, S, V, Z, a non-digit region and wrong lengths', () => {
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) {
      expect(parseCreditCode(`91350100M000100${letter}43`)).toEqual({ ok: false, reason: 'format' })
    }
    expect(parseCreditCode('9135A100M000100Y43')).toEqual({ ok: false, reason: 'format' })
    expect(parseCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'format' })
    expect(parseCreditCode('91350100M000100Y433')).toEqual({ ok: false, reason: 'format' })
    expect(parseCreditCode('')).toEqual({ ok: false, reason: 'format' })
  })
})

describe('registrars and kinds', () => {
  it('labels the common registrar/kind pairs', () => {
    expect(creditKindLabel('9', '1')).toBe('企业')
    expect(creditKindLabel('9', '2')).toBe('个体工商户')
    expect(creditKindLabel('5', '3')).toBe('基金会')
    expect(creditKindLabel('9', '9')).toBeNull()
    expect(creditRegistrars.find((r) => r.code === '9')?.zh).toContain('市场监管')
  })

  it('uses only characters of the code set for registrars', () => {
    for (const r of creditRegistrars) expect(charset).toContain(r.code)
  })
})
