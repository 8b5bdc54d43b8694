import { ref } from 'vue'

/** True when a new version of the app took over while this page was open: reloading shows it. */
export const updateReady = ref(false)

/**
 * Registers the field app's service worker (/field/sw.js, scope /field/), which keeps the app's files
 * for offline use. Only in the built app: the dev server's modules are not precached.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  const hadController = navigator.serviceWorker.controller !== null
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install takes control without a new version to show.
    if (hadController) updateReady.value = true
  })
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' }).catch(() => {
      // No service worker (an insecure origin, a private window): the app works online all the same.
    })
  })
}
