import { describe, expect, it } from 'vitest'
import { idCheckChar, parseIdNumber } from './id-number.ts'

const today = new Date('2025-06-15T04:00:00Z')
/** A valid number from its first 17 digits. */
const withCheck = (first17: string) => first17 + idCheckChar(first17)

describe('idCheckChar', () => {
  it('matches the standard examples and hand-computed values', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(idCheckChar('44052418800101001')).toBe('4')
    expect(idCheckChar('13050319670401001')).toBe('6')
    expect(idCheckChar('32050820240229003')).toBe('8')
  })

  it('agrees with the whole-number form of MOD 11-2: Σ over 18 chars (X = 10, weight 1) ≡ 1', () => {
    // Deterministic pseudo-random 17-digit bodies; the oracle below shares no code with idCheckChar.
    let seed = 20250615
    for (let n = 0; n < 500; n++) {
      let body = ''
      for (let i = 0; i < 17; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        body += String(seed % 10)
      }
      const check = idCheckChar(body)
      let sum = check === 'X' ? 10 : Number(check)
      for (let i = 0; i < 17; i++) sum += Number(body[i]) * 2 ** (17 - i)
      expect(sum % 11).toBe(1)
    }
  })

  it('refuses anything but 17 digits', () => {
    expect(() => idCheckChar('1101051949123100')).toThrow(RangeError)
    expect(() => idCheckChar('1101051949123100X')).toThrow(RangeError)
  })
})

describe('parseIdNumber', () => {
  it('parses the standard examples', () => {
    expect(parseIdNumber('11010519491231002X', today)).toEqual({
      ok: true,
      value: '11010519491231002X',
      region: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    })
    expect(parseIdNumber('440524188001010014', today)).toEqual({
      ok: true,
      value: '440524188001010014',
      region: '440524',
      birthDate: '1880-01-01',
      sex: 'male',
    })
  })

  it('accepts lower-case x and ignores surrounding and inner spaces', () => {
    const parsed = parseIdNumber(' 110105 19491231 002x ', today)
    expect(parsed.ok && parsed.value).toBe('11010519491231002X')
  })

  it('rejects a wrong check character', () => {
    expect(parseIdNumber('110105194912310021', today)).toEqual({ ok: false, reason: 'check_digit' })
    expect(parseIdNumber('440524188001010015', today)).toEqual({ ok: false, reason: 'check_digit' })
    // Two adjacent digits swapped: MOD 11-2 is designed to catch transpositions.
    expect(parseIdNumber('440524180801010014', today)).toEqual({ ok: false, reason: 'check_digit' })
  })

  it('rejects impossible dates even when the check character is right', () => {
    expect(parseIdNumber(withCheck('11010519990230001'), today)).toEqual({ ok: false, reason: 'birth_date' })
    expect(parseIdNumber(withCheck('32050820230229003'), today)).toEqual({ ok: false, reason: 'birth_date' })
    expect(parseIdNumber(withCheck('32050820241301003'), today)).toEqual({ ok: false, reason: 'birth_date' })
    expect(parseIdNumber(withCheck('32050820240229003'), today).ok).toBe(true)
  })

  it('rejects births in the future and before 1880', () => {
    expect(parseIdNumber(withCheck('11010520991231001'), today)).toEqual({ ok: false, reason: 'birth_date' })
    expect(parseIdNumber(withCheck('11010520250616001'), today)).toEqual({ ok: false, reason: 'birth_date' })
    expect(parseIdNumber(withCheck('11010520250615001'), today).ok).toBe(true)
    expect(parseIdNumber(withCheck('11010518791231001'), today)).toEqual({ ok: false, reason: 'birth_date' })
  })

  it('judges "today" by the Beijing calendar', () => {
    // 17:00 UTC on 30 June is already 01:00 on 1 July in Beijing.
    const lateUtc = new Date('2024-06-30T17:00:00Z')
    expect(parseIdNumber(withCheck('11010520240701001'), lateUtc).ok).toBe(true)
    expect(parseIdNumber(withCheck('11010520240702001'), lateUtc)).toEqual({
      ok: false,
      reason: 'birth_date',
    })
  })

  it('converts a 15-digit 1989 number to 18 characters', () => {
    expect(parseIdNumber('130503670401001', today)).toEqual({
      ok: true,
      value: '130503196704010016',
      region: '130503',
      birthDate: '1967-04-01',
      sex: 'male',
    })
    const female = parseIdNumber('130503 670401 002', today)
    expect(female.ok && female.sex).toBe('female')
    expect(parseIdNumber('130503670231001', today)).toEqual({ ok: false, reason: 'birth_date' })
  })

  it('takes sex from the 17th character', () => {
    const woman = parseIdNumber(withCheck('11010519490101002'), today)
    const man = parseIdNumber(withCheck('11010519490101009'), today)
    expect(woman.ok && woman.sex).toBe('female')
    expect(man.ok && man.sex).toBe('male')
  })

  it('rejects malformed input', () => {
    for (const bad of [
      '',
      '11010519491231002',
      '1101051949123100200',
      '11010519491231X02X',
      '1301036704010',
      'abc',
    ]) {
      expect(parseIdNumber(bad, today)).toEqual({ ok: false, reason: 'format' })
    }
    // X only as a check character, never in a 15-digit number.
    expect(parseIdNumber('13050367040100X', today)).toEqual({ ok: false, reason: 'format' })
  })
})
