import en from './en.ts'
import { type AppI18n, type AppLocale, createLoadedI18n } from './index.ts'
import { readStoredLocale } from './locale.ts'
import zhCN from './zh-CN.ts'

/** For unit tests: an i18n holding every app's messages in both languages, in the remembered language. */
export function createTestI18n(locale: AppLocale = readStoredLocale()): AppI18n {
  return createLoadedI18n({ 'zh-CN': zhCN, en }, locale)
}
