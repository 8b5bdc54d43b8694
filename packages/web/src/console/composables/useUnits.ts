import { type Ref, ref, shallowRef } from 'vue'
import { listUnits, type TUnit } from '../../shared/api/identity.ts'

/**
 * The units (departments, street platforms, joint teams) within the user's jurisdiction, loaded on
 * demand; or those another source lists (the whistle's summonable departments).
 */
export function useUnits(source: () => Promise<{ items: TUnit[] }> = listUnits): {
  units: Ref<TUnit[]>
  error: Ref<unknown>
  load: () => Promise<void>
} {
  const units = shallowRef<TUnit[]>([])
  const error = ref<unknown>(null)
  let loaded = false
  async function load() {
    if (loaded) return
    try {
      units.value = (await source()).items
      error.value = null
      loaded = true
    } catch (e) {
      error.value = e
    }
  }
  return { units, error, load }
}
