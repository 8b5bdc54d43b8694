import { createI18n } from 'vue-i18n'
import en from './en.ts'
import { type AppLocale, defaultLocale, readStoredLocale, storeLocale } from './locale.ts'
import zhCN, { type MessageSchema } from './zh-CN.ts'

export { type AppLocale, appLocales } from './locale.ts'
export type { MessageSchema }

declare module 'vue-i18n' {
  // Makes t('...') keys type-checked against the Chinese messages.
  export interface DefineLocaleMessage extends MessageSchema {}
}

/** Language names are shown in their own language, so they are not translated. */
export const localeNames: Record<AppLocale, string> = { 'zh-CN': '中文', en: 'English' }

function build(locale: AppLocale) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: defaultLocale,
    messages: { 'zh-CN': zhCN, en },
  })
}
export type AppI18n = ReturnType<typeof build>

let active: AppI18n | undefined

export function createAppI18n(locale: AppLocale = readStoredLocale()): AppI18n {
  const i18n = build(locale)
  active = i18n
  setDocumentLanguage(locale)
  return i18n
}

/** The locale the page shows now; the API client sends it as Accept-Language. */
export function currentLocale(): AppLocale {
  return active?.global.locale.value ?? readStoredLocale()
}

export function setLocale(locale: AppLocale): void {
  if (active) active.global.locale.value = locale
  storeLocale(locale)
  setDocumentLanguage(locale)
}

function setDocumentLanguage(locale: AppLocale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
