/* The field app's service worker (/field/sw.js, scope /field/). Built by precache-plugin.ts, which puts
 * `PRECACHE` (every file of the field entry: its HTML, scripts, styles, fonts, icons, manifest) and
 * `VERSION` (a hash of them) before this code.
 *
 * - install: the files are fetched into a cache named after the version;
 * - activate: older versions' caches are removed and open pages taken over;
 * - a page navigation under /field/ is answered with the cached app shell (field/index.html), from the
 *   cache first, so the app opens without signal and fast with poor signal; the shell's router shows
 *   the page asked for;
 * - a precached file is answered from the cache;
 * - everything else (the API, map tiles, attachments) goes to the network untouched: the app's own
 *   offline queue and cache (IndexedDB) deal with the API.
 */
/* global PRECACHE, VERSION */
const CACHE = `onegrid-field-${VERSION}`
const SHELL = '/field/index.html'
const precached = new Set(PRECACHE)

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      // `reload`: past the browser's HTTP cache, so a file is what the server has now.
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))
      await self.skipWaiting()
    })(),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('onegrid-field-') && name !== CACHE) await caches.delete(name)
      }
      await self.clients.claim()
    })(),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (request.mode === 'navigate' && url.pathname.startsWith('/field')) {
    event.respondWith(shell(request))
    return
  }
  if (precached.has(url.pathname)) event.respondWith(cacheFirst(request, url.pathname))
})

async function shell(request) {
  const cached = await caches.match(SHELL, { cacheName: CACHE })
  if (cached) return cached
  return fetch(request)
}

async function cacheFirst(request, path) {
  const cached = await caches.match(path, { cacheName: CACHE })
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) {
    const cache = await caches.open(CACHE)
    await cache.put(path, response.clone())
  }
  return response
}

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') void self.skipWaiting()
})
