import { createI18n } from 'vue-i18n'
import { type AppLocale, defaultLocale, readStoredLocale, storeLocale } from './locale.ts'
import type { MessageSchema } from './zh-CN.ts'

export { type AppLocale, appLocales } from './locale.ts'
export type { MessageSchema }

declare module 'vue-i18n' {
  // Makes t('...') keys type-checked against the Chinese messages of all apps.
  export interface DefineLocaleMessage extends MessageSchema {}
}

/** Language names are shown in their own language, so they are not translated. */
export const localeNames: Record<AppLocale, string> = { 'zh-CN': '中文', en: 'English' }

/** Some top-level sections of the message tree: the common ones and an app's own. */
export type MessageParts = Partial<MessageSchema>

/**
 * The messages an app loads (`<app>.messages.ts`): Chinese, the default, comes with the app's code and
 * shows from the first paint; English is fetched the first time the app is shown in English.
 */
export interface AppMessages<T extends MessageParts = MessageParts> {
  'zh-CN': T
  en: () => Promise<T>
}

function build(locale: AppLocale, messages: Partial<Record<AppLocale, MessageParts>>) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: defaultLocale,
    // An app holds only its own parts (and English only once asked for); its pages use only those keys
    // (i18n.test.ts checks it), the types know every app's.
    messages: messages as Record<AppLocale, MessageSchema>,
  })
}
export type AppI18n = ReturnType<typeof build>

interface Active {
  i18n: AppI18n
  /** How to fetch a locale not loaded yet; none when every locale was given at once. */
  loaders: Partial<Record<AppLocale, () => Promise<MessageParts>>>
  loading: Partial<Record<AppLocale, Promise<void>>>
}

let active: Active | undefined

function activate(
  locale: AppLocale,
  messages: Partial<Record<AppLocale, MessageParts>>,
  loaders: Active['loaders'],
): Active {
  active = { i18n: build(locale, messages), loaders, loading: {} }
  setDocumentLanguage(locale)
  return active
}

function isLoaded(target: Active, locale: AppLocale): boolean {
  return target.i18n.global.availableLocales.includes(locale)
}

function load(target: Active, locale: AppLocale): Promise<void> {
  if (isLoaded(target, locale)) return Promise.resolve()
  const loader = target.loaders[locale]
  if (!loader) return Promise.reject(new Error(`no messages for ${locale}`))
  target.loading[locale] ??= loader().then(
    (messages) => target.i18n.global.setLocaleMessage(locale, messages as MessageSchema),
    (error: unknown) => {
      delete target.loading[locale]
      throw error
    },
  )
  return target.loading[locale]
}

/**
 * The i18n of an app, in the remembered language (Chinese unless English was chosen). Chinese is at hand;
 * English is fetched first when it was chosen, and if it cannot be (offline, not cached) the app opens in
 * Chinese.
 */
export async function createAppI18n(
  messages: AppMessages,
  locale: AppLocale = readStoredLocale(),
): Promise<AppI18n> {
  const target = activate(defaultLocale, { [defaultLocale]: messages[defaultLocale] }, { en: messages.en })
  if (locale !== defaultLocale) {
    try {
      await load(target, locale)
      target.i18n.global.locale.value = locale
      setDocumentLanguage(locale)
    } catch {
      // Shown in Chinese, the choice stays remembered for the next start.
    }
  }
  return target.i18n
}

/** An i18n with these messages at hand and nothing to fetch (unit tests: test-i18n.ts). */
export function createLoadedI18n(
  messages: Partial<Record<AppLocale, MessageParts>>,
  locale: AppLocale = readStoredLocale(),
): AppI18n {
  return activate(locale, messages, {}).i18n
}

/** The locale the page shows now; the API client sends it as Accept-Language. */
export function currentLocale(): AppLocale {
  return active?.i18n.global.locale.value ?? readStoredLocale()
}

/**
 * Switches the page's language and remembers it: at once when its messages are loaded, else once they
 * are fetched. Rejects (nothing changed) when they cannot be.
 */
export function setLocale(locale: AppLocale): Promise<void> {
  const target = active
  const apply = () => {
    if (target && active === target) target.i18n.global.locale.value = locale
    storeLocale(locale)
    setDocumentLanguage(locale)
  }
  if (!target || isLoaded(target, locale)) {
    apply()
    return Promise.resolve()
  }
  return load(target, locale).then(apply)
}

function setDocumentLanguage(locale: AppLocale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
