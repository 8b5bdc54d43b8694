import { Locale } from 'vant'
import enUS from 'vant/es/locale/lang/en-US'
import zhCN from 'vant/es/locale/lang/zh-CN'
import { watchEffect } from 'vue'
import { useLocale } from '../composables/useLocale.ts'

/** Keeps Vant's own texts (pull-to-refresh, empty states) in the page's language. */
export function useVantLocale(): void {
  const locale = useLocale()
  watchEffect(() => {
    if (locale.value === 'en') Locale.use('en-US', enUS)
    else Locale.use('zh-CN', zhCN)
  })
}
