import { type Ref, ref, type ShallowRef, shallowRef, watch } from 'vue'
import {
  previewCampaignTargets,
  type TCampaignTargetPreview,
  type TCampaignTargets,
} from '../../../shared/api/campaigns.ts'

export interface TargetPreview {
  preview: ShallowRef<TCampaignTargetPreview | null>
  loading: Ref<boolean>
  error: Ref<unknown>
}

/**
 * The count of objects a selection would make items for, asked again a moment after the selection
 * last changed (typing, ticking several boxes); an older answer never replaces a newer one.
 */
export function useTargetPreview(targets: () => TCampaignTargets | null, delayMs = 400): TargetPreview {
  const preview = shallowRef<TCampaignTargetPreview | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let latest = 0
  let controller: AbortController | undefined

  async function ask(selection: TCampaignTargets, request: number): Promise<void> {
    controller?.abort()
    controller = new AbortController()
    try {
      const answer = await previewCampaignTargets(selection, controller.signal)
      if (request !== latest) return
      preview.value = answer
      error.value = null
    } catch (e) {
      if (request === latest && !(e instanceof DOMException && e.name === 'AbortError')) error.value = e
    } finally {
      if (request === latest) loading.value = false
    }
  }

  watch(
    () => JSON.stringify(targets()),
    () => {
      clearTimeout(timer)
      const request = ++latest
      const selection = targets()
      if (!selection) {
        controller?.abort()
        preview.value = null
        error.value = null
        loading.value = false
        return
      }
      loading.value = true
      timer = setTimeout(() => void ask(selection, request), delayMs)
    },
    { immediate: true },
  )
  return { preview, loading, error }
}
