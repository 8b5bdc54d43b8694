import { onScopeDispose, type Ref, ref } from 'vue'

export function useNow(intervalMs = 1000): Ref<Date> {
  const now = ref(new Date())
  const timer = setInterval(() => {
    now.value = new Date()
  }, intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
