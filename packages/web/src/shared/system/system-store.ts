import type { THealth, TVersionInfo } from '@onegrid/core/api/system'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getHealth, getVersion } from '../api/endpoints.ts'

export const useSystemStore = defineStore('system', () => {
  const health = ref<THealth | null>(null)
  const version = ref<TVersionInfo | null>(null)
  const error = ref<unknown>(null)
  const loading = ref(false)
  const checkedAt = ref<Date | null>(null)

  async function refresh(): Promise<void> {
    loading.value = true
    try {
      const [h, v] = await Promise.all([getHealth(), getVersion()])
      health.value = h
      version.value = v
      error.value = null
    } catch (e) {
      // Keep the last version shown but no longer claim the service is healthy.
      health.value = null
      error.value = e
    } finally {
      loading.value = false
      checkedAt.value = new Date()
    }
  }

  return { health, version, error, loading, checkedAt, refresh }
})
