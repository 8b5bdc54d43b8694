import { describe, expect, it } from 'vitest'
import { componentStateLabels, componentStates, parseComponentCode } from './component-code.ts'

describe('parseComponentCode', () => {
  it('reads the live CJ/T 214 example 3205080101000001 (上水井盖)', () => {
    expect(parseComponentCode('3205080101000001')).toEqual({
      ok: true,
      value: '3205080101000001',
      scheme: 'cjt214',
      region: '320508',
      major: '01',
      minor: '01',
      sequence: '000001',
    })
  })

  it('reads a GB/T 47678.5 code with a 3-digit 小类 (01037 路灯)', () => {
    expect(parseComponentCode('32050801037000123')).toEqual({
      ok: true,
      value: '32050801037000123',
      scheme: 'gbt47678',
      region: '320508',
      major: '01',
      minor: '037',
      sequence: '000123',
    })
  })

  it('ignores spaces', () => {
    const parsed = parseComponentCode(' 320508 01 037 000123 ')
    expect(parsed.ok && parsed.value).toBe('32050801037000123')
  })

  it('rejects other lengths, non-digits and zero segments', () => {
    for (const bad of [
      '',
      '320508010100001',
      '320508010370001234',
      '32050801037A00123',
      '32050800037000123',
      '32050801000000123',
      '32050801037000000',
      '3205080100000001',
    ]) {
      expect(parseComponentCode(bad)).toEqual({ ok: false, reason: 'format' })
    }
  })
})

describe('component states', () => {
  it('labels every state', () => {
    expect(componentStates.map((s) => componentStateLabels[s])).toEqual([
      '完好',
      '破损',
      '丢失',
      '废弃',
      '移除',
    ])
  })
})
