import type { TArea } from '@onegrid/core/api/areas'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { listAreas } from '../api/endpoints.ts'
import { groupByParent } from '../areas.ts'

/**
 * The district the platform runs for (the demo has one) with its streets and communities,
 * which every entry shows in some form.
 */
export const useAreasStore = defineStore('areas', () => {
  const districts = shallowRef<TArea[]>([])
  const streets = shallowRef<TArea[]>([])
  const communities = shallowRef<TArea[]>([])
  const error = ref<unknown>(null)
  const loading = ref(false)
  const loaded = ref(false)

  const district = computed(() => districts.value[0] ?? null)
  const streetsWithCommunities = computed(() => groupByParent(streets.value, communities.value))

  async function load(): Promise<void> {
    loading.value = true
    try {
      const [d, s, c] = await Promise.all([
        listAreas({ level: 'district' }),
        listAreas({ level: 'street' }),
        listAreas({ level: 'community' }),
      ])
      districts.value = d.items
      streets.value = s.items
      communities.value = c.items
      error.value = null
      loaded.value = true
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  return { districts, district, streets, communities, streetsWithCommunities, error, loading, loaded, load }
})
