import { watchEffect } from 'vue'

/** Keeps document.title in step with a (usually translated) title. */
export function useDocumentTitle(title: () => string): void {
  watchEffect(() => {
    document.title = title()
  })
}
