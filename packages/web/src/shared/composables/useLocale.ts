import { computed, type WritableComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { setLocale } from '../i18n/index.ts'
import { type AppLocale, isAppLocale } from '../i18n/locale.ts'

/** The current locale as a v-model-able value; setting it switches and remembers the language. */
export function useLocale(): WritableComputedRef<AppLocale> {
  const { locale } = useI18n()
  return computed({
    get: () => (isAppLocale(locale.value) ? locale.value : 'zh-CN'),
    set: (value: AppLocale) => {
      // English is fetched the first time; offline and not kept by the phone, the language stays.
      setLocale(value).catch(() => {})
    },
  })
}
