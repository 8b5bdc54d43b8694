import type { TCase } from '@onegrid/core/api/cases'
import { computed, type Ref, shallowRef } from 'vue'
import { listHandlingBodies, type THandlingBody } from '../../../shared/api/catalog.ts'
import { useLocale } from '../../../shared/composables/useLocale.ts'

let bodies: Promise<THandlingBody[]> | undefined

/**
 * Who the catalog's routing rule sends a case to, in words: the unit's name, else the person's, else the
 * handling body's name (城市管理, 水务 …) when no unit of that body exists in the case's place.
 */
export function useSuggestedHandler(detail: Ref<TCase | null>) {
  const locale = useLocale()
  const names = shallowRef<THandlingBody[]>([])
  bodies ??= listHandlingBodies()
    .then((answer) => answer.bodies)
    .catch(() => {
      bodies = undefined
      return []
    })
  void bodies.then((list) => {
    names.value = list
  })
  return computed(() => {
    const s = detail.value?.suggestedHandler
    if (!s) return null
    if (s.unitName ?? s.userName) return s.unitName ?? s.userName
    const body = names.value.find((b) => b.code === s.body)
    return body ? (locale.value === 'en' ? body.nameEn || body.name : body.name) : s.body
  })
}
