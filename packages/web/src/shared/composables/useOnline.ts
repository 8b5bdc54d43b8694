import { onScopeDispose, type Ref, ref } from 'vue'

/** navigator.onLine, kept current; it says whether there is a network, not whether our server answers. */
export function useOnline(onBackOnline?: () => void): Ref<boolean> {
  const online = ref(navigator.onLine)
  const update = () => {
    const was = online.value
    online.value = navigator.onLine
    if (!was && online.value) onBackOnline?.()
  }
  window.addEventListener('online', update)
  window.addEventListener('offline', update)
  onScopeDispose(() => {
    window.removeEventListener('online', update)
    window.removeEventListener('offline', update)
  })
  return online
}
