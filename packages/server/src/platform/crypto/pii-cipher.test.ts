import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { maskAddress, maskIdNumber, maskName, maskPhone } from './mask.ts'
import { PiiCipher } from './pii-cipher.ts'

const key = randomBytes(32)

describe.each(['aes', 'sm4'] as const)('personal-data cipher (%s)', (name) => {
  const cipher = new PiiCipher(key, name)

  it('round-trips Chinese text and never returns the same ciphertext twice', () => {
    const a = cipher.encrypt('张三 110101199003077777', 'person.id_number')
    const b = cipher.encrypt('张三 110101199003077777', 'person.id_number')
    expect(a).not.toBe(b)
    expect(a).not.toContain('110101')
    expect(cipher.decrypt(a, 'person.id_number')).toBe('张三 110101199003077777')
  })

  it('uses a fresh IV for every field, across the refills of its pool of random bytes', () => {
    const ivBytes = name === 'aes' ? 12 : 16
    const ivs = new Set<string>()
    // Several 4 KiB pools' worth, each ciphertext still readable after later ones were made.
    const made = Array.from({ length: 2_000 }, (_, i) => cipher.encrypt(`13800${i}`, 'person.mobile'))
    for (const [i, c] of made.entries()) {
      ivs.add(Buffer.from(c.slice(5), 'base64url').subarray(0, ivBytes).toString('hex'))
      expect(cipher.decrypt(c, 'person.mobile')).toBe(`13800${i}`)
    }
    expect(ivs.size).toBe(made.length)
  })

  it('refuses a ciphertext moved to another column or tampered with', () => {
    const c = cipher.encrypt('13812345678', 'person.mobile')
    expect(() => cipher.decrypt(c, 'person.id_number')).toThrow()
    const raw = Buffer.from(c.slice(5), 'base64url')
    raw[raw.length - 20] = (raw[raw.length - 20] ?? 0) ^ 1
    expect(() => cipher.decrypt(`${c.slice(0, 5)}${raw.toString('base64url')}`, 'person.mobile')).toThrow()
  })

  it('gives a deterministic blind index that depends on the key and the purpose', () => {
    const other = new PiiCipher(randomBytes(32), name)
    expect(cipher.blindIndex('110101199003077777', 'id')).toBe(cipher.blindIndex('110101199003077777', 'id'))
    expect(cipher.blindIndex('110101199003077777', 'id')).not.toBe(
      other.blindIndex('110101199003077777', 'id'),
    )
    expect(cipher.blindIndex('110101199003077777', 'id')).not.toBe(
      cipher.blindIndex('110101199003077777', 'mobile'),
    )
  })
})

describe('cipher migration', () => {
  it('reads data written under the other cipher with the same key', () => {
    const aes = new PiiCipher(key, 'aes')
    const sm4 = new PiiCipher(key, 'sm4')
    expect(sm4.decrypt(aes.encrypt('王小明'))).toBe('王小明')
    expect(aes.decrypt(sm4.encrypt('王小明'))).toBe('王小明')
  })

  it('rejects a key of the wrong length', () => {
    expect(() => new PiiCipher(randomBytes(16), 'aes')).toThrow(/32 bytes/)
  })
})

describe('masking', () => {
  it('hides the birth date of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X')
    expect(maskIdNumber('E12345678')).toBe('E12**5678')
  })
  it('keeps the carrier prefix and last four of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+86 138 1234 5678')).toBe('138****5678')
    expect(maskPhone('0512-65551234')).toBe('051*******34')
  })
  it('keeps the family name and the last character of longer names', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('王小明')).toBe('王*明')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('Li Lei')).toBe('L* L**')
  })
  it('hides door numbers but keeps place names', () => {
    expect(maskAddress('云溪区东湖街道养育巷12号3栋501室')).toBe('云溪区东湖街道养育巷**号*栋***室')
  })
})

describe('sealed bytes', () => {
  it.each(['aes', 'sm4'] as const)(
    'round-trips a file and refuses another context or a flipped bit (%s)',
    (name) => {
      const cipher = new PiiCipher(Buffer.alloc(32, 7), name)
      const file = Buffer.from('姓名,公民身份号码\n张三,11010519491231002X\n', 'utf8')
      const sealed = cipher.sealBytes(file, 'registry.import')
      expect(sealed.includes(Buffer.from('11010519491231002X'))).toBe(false)
      expect(cipher.openBytes(sealed, 'registry.import').equals(file)).toBe(true)
      expect(() => cipher.openBytes(sealed, 'other')).toThrow()
      const flipped = Buffer.from(sealed)
      flipped[20] = (flipped[20] ?? 0) ^ 1
      expect(() => cipher.openBytes(flipped, 'registry.import')).toThrow()
    },
  )
})
