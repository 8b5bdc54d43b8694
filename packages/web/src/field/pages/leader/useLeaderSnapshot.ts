import { onBeforeUnmount, type Ref, ref, shallowRef, watch } from 'vue'
import { useOnline } from '../../../shared/composables/useOnline.ts'
import {
  fetchSnapshot,
  keepSnapshot,
  keptSnapshot,
  type LeaderSnapshot,
  type LeaderView,
} from './leader-data.ts'

/**
 * 领导通's numbers for a view: the copy kept on the phone at once, then the server's when there is signal
 * (kept in turn). A failure keeps what is shown; without signal it stays quiet.
 */
export function useLeaderSnapshot(view: () => LeaderView, owner: () => number | null) {
  const snapshot = shallowRef<LeaderSnapshot | null>(null)
  const savedAt = ref<number | null>(null)
  const loading = ref(false)
  const failure: Ref<unknown> = shallowRef(null)
  const online = useOnline(() => void load())
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    const v = view()
    const who = owner()
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    if (who !== null && (!snapshot.value || savedAt.value === null)) {
      const kept = await keptSnapshot(v, who).catch(() => undefined)
      if (kept && controller === mine && !snapshot.value) {
        snapshot.value = kept.snapshot
        savedAt.value = kept.savedAt
      }
    }
    if (!online.value) return
    loading.value = true
    try {
      const fresh = await fetchSnapshot(v, mine.signal)
      if (controller !== mine) return
      const at = Date.now()
      snapshot.value = fresh
      savedAt.value = at
      failure.value = null
      if (who !== null) await keepSnapshot(v, who, fresh, at).catch(() => undefined)
    } catch (error) {
      if (controller === mine && !(error instanceof DOMException && error.name === 'AbortError'))
        failure.value = error
    } finally {
      if (controller === mine) loading.value = false
    }
  }

  // Another period or scope: nothing of the last one stays on screen.
  watch(
    () => JSON.stringify(view()),
    () => {
      snapshot.value = null
      savedAt.value = null
      void load()
    },
    { immediate: true },
  )
  onBeforeUnmount(() => controller?.abort())

  return { snapshot, savedAt, loading, failure, online, reload: load }
}
