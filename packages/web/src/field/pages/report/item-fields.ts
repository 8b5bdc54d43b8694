import type { TCatalogField } from '@onegrid/core/api/catalog'
import { type Ref, ref, watch } from 'vue'
import { getCatalogItem } from '../../../shared/api/catalog.ts'
import { getMeta, setMeta } from '../../offline/db.ts'

const key = (code: string) => `itemFields:${code}`

/**
 * The custom fields of the chosen item (report and handling forms): asked from the server when online
 * and kept on the device per item, so an item used once can be reported again without signal.
 */
export function useItemFields(
  code: () => string | null,
  online: () => boolean,
): {
  fields: Ref<TCatalogField[]>
  loading: Ref<boolean>
} {
  const fields = ref<TCatalogField[]>([])
  const loading = ref(false)
  let latest = 0
  watch(
    [code, online],
    async ([current, isOnline]) => {
      const request = ++latest
      if (!current) {
        fields.value = []
        return
      }
      const kept = await getMeta<TCatalogField[]>(key(current)).catch(() => undefined)
      if (request !== latest) return
      if (kept) fields.value = kept
      else fields.value = []
      if (!isOnline) return
      loading.value = true
      try {
        const item = await getCatalogItem(current)
        if (request !== latest) return
        fields.value = item.fields
        await setMeta(key(current), item.fields).catch(() => undefined)
      } catch {
        // Offline after all, or the item is gone: what the device kept stands.
      } finally {
        if (request === latest) loading.value = false
      }
    },
    { immediate: true },
  )
  return { fields, loading }
}
