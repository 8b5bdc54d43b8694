import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import citizenMessages from './citizen.messages.ts'
import citizenZhCN from './citizen.zh-CN.ts'
import commonZhCN from './common.zh-CN.ts'
import consoleMessages from './console.messages.ts'
import consoleZhCN from './console.zh-CN.ts'
import en from './en.ts'
import fieldMessages from './field.messages.ts'
import fieldZhCN from './field.zh-CN.ts'
import { type AppMessages, createAppI18n, currentLocale, type MessageParts, setLocale } from './index.ts'
import { acceptLanguage, localeStorageKey, readStoredLocale, storeLocale } from './locale.ts'
import screenMessages from './screen.messages.ts'
import screenZhCN from './screen.zh-CN.ts'
import { createTestI18n } from './test-i18n.ts'
import zhCN from './zh-CN.ts'

/** Every key path of a message tree, e.g. 'common.live.connected'. */
function keyPaths(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keyPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

/** The app's messages with English fetched through a counted loader. */
function counted(messages: AppMessages, fail = false) {
  const loads = vi.fn(() => (fail ? Promise.reject(new Error('offline')) : messages.en()))
  return { messages: { 'zh-CN': messages['zh-CN'], en: loads }, loads }
}

describe('language choice', () => {
  beforeEach(() => localStorage.clear())

  it('is Chinese when nothing was chosen, whatever the browser prefers, and English is not fetched', async () => {
    const { messages, loads } = counted(fieldMessages)
    expect(readStoredLocale()).toBe('zh-CN')
    const i18n = await createAppI18n(messages)
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(i18n.global.availableLocales).toEqual(['zh-CN'])
    expect(loads).not.toHaveBeenCalled()
  })

  it('ignores a stored value that is not a supported locale', () => {
    localStorage.setItem(localeStorageKey, 'fr')
    expect(readStoredLocale()).toBe('zh-CN')
  })

  it('fetches English once, when it is first chosen, and is remembered across page loads', async () => {
    const { messages, loads } = counted(fieldMessages)
    const i18n = await createAppI18n(messages)
    await setLocale('en')
    expect(loads).toHaveBeenCalledTimes(1)
    expect(i18n.global.locale.value).toBe('en')
    expect(i18n.global.t('field.tabs.home')).toBe('Home')
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem(localeStorageKey)).toBe('en')
    await setLocale('zh-CN')
    await setLocale('en')
    expect(loads).toHaveBeenCalledTimes(1)

    const reloaded = await createAppI18n(messages)
    expect(loads).toHaveBeenCalledTimes(2)
    expect(reloaded.global.locale.value).toBe('en')
    expect(currentLocale()).toBe('en')
    expect(reloaded.global.t('common.tagline')).toBe('Grid-based social governance')
  })

  it('opens in Chinese when English cannot be fetched, and a switch that fails changes nothing', async () => {
    storeLocale('en')
    const { messages } = counted(fieldMessages, true)
    const i18n = await createAppI18n(messages)
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(i18n.global.t('field.tabs.home')).toBe('首页')
    await expect(setLocale('en')).rejects.toThrow('offline')
    expect(i18n.global.locale.value).toBe('zh-CN')
  })

  it('switches at once when the messages are at hand', () => {
    const i18n = createTestI18n('zh-CN')
    void setLocale('en')
    expect(i18n.global.locale.value).toBe('en')
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

const apps: Record<string, { messages: AppMessages; own: MessageParts }> = {
  console: { messages: consoleMessages, own: consoleZhCN },
  field: { messages: fieldMessages, own: fieldZhCN },
  citizen: { messages: citizenMessages, own: citizenZhCN },
  screen: { messages: screenMessages, own: screenZhCN },
}

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** The files an app's entry reaches through relative imports, lazy pages included. */
function appFiles(app: string): string[] {
  const seen = new Set<string>()
  const stack = [resolve(src, app, 'main.ts')]
  while (stack.length > 0) {
    const file = stack.pop() as string
    if (seen.has(file) || !existsSync(file)) continue
    seen.add(file)
    const code = readFileSync(file, 'utf8')
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+\.(?:ts|vue))['"]/g))
      stack.push(resolve(dirname(file), m[1] as string))
  }
  return [...seen].filter((file) => !file.includes('/shared/i18n/'))
}

/** What a key (or a key's static start, `field.cases.status.` of a template) names in a tree. */
function lookUp(tree: object, key: string): unknown {
  let node: unknown = tree
  for (const part of key.replace(/\.$/, '').split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

describe('messages', () => {
  it('has every Chinese key in English and nothing more', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(zhCN).sort())
  })

  it('puts each section in one part: common, or one app', () => {
    const parts = [commonZhCN, ...Object.values(apps).map((a) => a.own)].flatMap((p) => Object.keys(p))
    expect(new Set(parts).size).toBe(parts.length)
    expect(parts.sort()).toEqual(Object.keys(zhCN).sort())
  })

  for (const [app, { messages }] of Object.entries(apps)) {
    it(`gives the ${app} the common messages and its own, every key in both languages`, async () => {
      const chinese = messages['zh-CN']
      expect(Object.keys(chinese).sort()).toEqual(Object.keys({ ...commonZhCN, ...apps[app]?.own }).sort())
      expect(keyPaths(await messages.en()).sort()).toEqual(keyPaths(chinese).sort())
    })

    it(`has every key the ${app}'s pages use in the ${app}'s messages`, () => {
      const sections = Object.keys(zhCN).join('|')
      const missing = new Set<string>()
      for (const file of appFiles(app)) {
        for (const m of readFileSync(file, 'utf8').matchAll(
          new RegExp(`['"\`]((?:${sections})\\.[\\w.]*)`, 'g'),
        )) {
          const key = m[1] as string
          // Strings that only look like keys (an event topic 'system.heartbeat', a v-model "field.key") name none.
          if (lookUp(zhCN, key) !== undefined && lookUp(messages['zh-CN'], key) === undefined)
            missing.add(`${key} (${file.slice(src.length + 1)})`)
        }
      }
      expect(appFiles(app).length).toBeGreaterThan(5)
      expect([...missing]).toEqual([])
    })
  }

  it('formats named and plural messages', () => {
    const i18n = createTestI18n('en')
    expect(i18n.global.t('field.areas.communities', 1)).toBe('1 community')
    expect(i18n.global.t('field.areas.communities', 4)).toBe('4 communities')
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t('field.areas.communities', 4)).toBe('4 个村（社区）')
  })
})
