import { describe, expect, it } from 'vitest'
import { nameSearchKeys, phraseSearchKeys } from './pinyin.ts'

describe('nameSearchKeys', () => {
  it('gives full pinyin and initials without tones or spaces', () => {
    expect(nameSearchKeys('张三丰')).toEqual({ full: 'zhangsanfeng', initials: 'zsf' })
    expect(nameSearchKeys(' 王 小明 ')).toEqual({ full: 'wangxiaoming', initials: 'wxm' })
  })

  it('reads polyphone surnames with their surname reading', () => {
    expect(nameSearchKeys('单雄信')).toEqual({ full: 'shanxiongxin', initials: 'sxx' })
    expect(nameSearchKeys('曾国藩')).toEqual({ full: 'zengguofan', initials: 'zgf' })
    expect(nameSearchKeys('解缙').full).toBe('xiejin')
    expect(nameSearchKeys('仇英').full).toBe('qiuying')
    expect(nameSearchKeys('尉迟恭').full).toBe('yuchigong')
    expect(nameSearchKeys('查良镛').full).toBe('zhaliangyong')
  })

  it('applies the local fixes where the library still reads the common sound', () => {
    expect(nameSearchKeys('长孙无忌')).toEqual({ full: 'changsunwuji', initials: 'cswj' })
    expect(nameSearchKeys('种师道').full).toBe('chongshidao')
    expect(nameSearchKeys('单于明').full).toBe('chanyuming')
  })

  it('only treats the head of the name as a surname', () => {
    // 曾 inside a given name keeps its ordinary reading; 单 as a given name is dān.
    expect(nameSearchKeys('李曾').full).toBe('liceng')
    expect(nameSearchKeys('王单').full).toBe('wangdan')
  })

  it('writes ü as v, the way it is typed', () => {
    expect(nameSearchKeys('吕女')).toEqual({ full: 'lvnv', initials: 'ln' })
  })

  it('passes non-Han text through lower-cased and drops name separators', () => {
    expect(nameSearchKeys('李Ming')).toEqual({ full: 'liming', initials: 'lm' })
    expect(nameSearchKeys('Tom 李')).toEqual({ full: 'tomli', initials: 'tl' })
    expect(nameSearchKeys('阿卜杜拉·买买提')).toEqual({ full: 'abudulamaimaiti', initials: 'abdlmmt' })
    expect(nameSearchKeys('ＡＢＣ')).toEqual({ full: 'abc', initials: 'a' })
    expect(nameSearchKeys('')).toEqual({ full: '', initials: '' })
  })

  it('reads a phrase (a catalog item) without a surname at its head', () => {
    // 单 at the head of a name is shàn; in 单车乱停放 it is dān.
    expect(nameSearchKeys('单车').initials).toBe('sc')
    expect(phraseSearchKeys('单车乱停放').initials).toBe('dcltf')
    expect(phraseSearchKeys('暴露垃圾')).toEqual({ full: 'baolulaji', initials: 'bllj' })
  })
})
