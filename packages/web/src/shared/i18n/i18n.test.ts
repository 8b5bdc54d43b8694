import { beforeEach, describe, expect, it } from 'vitest'
import en from './en.ts'
import { createAppI18n, currentLocale, setLocale } from './index.ts'
import { acceptLanguage, localeStorageKey, readStoredLocale, storeLocale } from './locale.ts'
import zhCN from './zh-CN.ts'

/** Every key path of a message tree, e.g. 'common.live.connected'. */
function keyPaths(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keyPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

describe('language choice', () => {
  beforeEach(() => localStorage.clear())

  it('is Chinese when nothing was chosen, whatever the browser prefers', () => {
    expect(readStoredLocale()).toBe('zh-CN')
    expect(createAppI18n().global.locale.value).toBe('zh-CN')
  })

  it('ignores a stored value that is not a supported locale', () => {
    localStorage.setItem(localeStorageKey, 'fr')
    expect(readStoredLocale()).toBe('zh-CN')
  })

  it('is remembered across page loads', () => {
    const i18n = createAppI18n()
    setLocale('en')
    expect(i18n.global.locale.value).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem(localeStorageKey)).toBe('en')

    const reloaded = createAppI18n()
    expect(reloaded.global.locale.value).toBe('en')
    expect(currentLocale()).toBe('en')
    expect(reloaded.global.t('common.tagline')).toBe('Grid-based social governance')
  })

  it('still switches when storage refuses writes', () => {
    const refusing = {
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    expect(() => storeLocale('en', refusing)).not.toThrow()
  })

  it('maps locales to Accept-Language values', () => {
    expect(acceptLanguage('zh-CN')).toBe('zh-CN')
    expect(acceptLanguage('en')).toBe('en')
  })
})

describe('messages', () => {
  it('has every Chinese key in English and nothing more', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(zhCN).sort())
  })

  it('formats named and plural messages', () => {
    const i18n = createAppI18n('en')
    expect(i18n.global.t('field.areas.communities', 1)).toBe('1 community')
    expect(i18n.global.t('field.areas.communities', 4)).toBe('4 communities')
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('field.areas.communities', 4)).toBe('4 个村（社区）')
  })
})
