import type { TAreaFeatureCollection } from '@onegrid/core/api/areas'
import { type Ref, ref, type ShallowRef, shallowRef, watch } from 'vue'
import { type AreaFilter, getAreasGeoJson } from '../api/endpoints.ts'

export interface AreaGeoJson {
  data: ShallowRef<TAreaFeatureCollection | null>
  error: Ref<unknown>
  loading: Ref<boolean>
}

/** Loads the boundaries for a filter, again whenever it changes; a null filter means "nothing yet". */
export function useAreaGeoJson(filter: () => AreaFilter | null): AreaGeoJson {
  const data = shallowRef<TAreaFeatureCollection | null>(null)
  const error = ref<unknown>(null)
  const loading = ref(false)
  let latest = 0

  watch(
    () => JSON.stringify(filter()),
    async () => {
      const current = filter()
      const request = ++latest
      if (!current) {
        data.value = null
        return
      }
      loading.value = true
      try {
        const result = await getAreasGeoJson(current)
        // A slower answer to an older filter must not replace a newer one.
        if (request !== latest) return
        data.value = result
        error.value = null
      } catch (e) {
        if (request === latest) error.value = e
      } finally {
        if (request === latest) loading.value = false
      }
    },
    { immediate: true },
  )

  return { data, error, loading }
}
