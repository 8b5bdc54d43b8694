export const appLocales = ['zh-CN', 'en'] as const
export type AppLocale = (typeof appLocales)[number]

export const defaultLocale: AppLocale = 'zh-CN'
export const localeStorageKey = 'onegrid.locale'

type ReadableStorage = Pick<Storage, 'getItem'>
type WritableStorage = Pick<Storage, 'setItem'>

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (appLocales as readonly string[]).includes(value)
}

// localStorage throws in some privacy modes and does not exist outside the browser.
function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** The remembered choice, else Chinese: the product is Chinese first whatever the browser says. */
export function readStoredLocale(storage: ReadableStorage | undefined = browserStorage()): AppLocale {
  try {
    const stored = storage?.getItem(localeStorageKey)
    return isAppLocale(stored) ? stored : defaultLocale
  } catch {
    return defaultLocale
  }
}

export function storeLocale(
  locale: AppLocale,
  storage: WritableStorage | undefined = browserStorage(),
): void {
  try {
    storage?.setItem(localeStorageKey, locale)
  } catch {
    // Not remembering the choice is acceptable; failing the switch is not.
  }
}

/** The value sent as Accept-Language for a locale. */
export function acceptLanguage(locale: AppLocale): string {
  return locale === 'en' ? 'en' : 'zh-CN'
}
