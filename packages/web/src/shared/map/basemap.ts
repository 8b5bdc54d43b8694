import type { TMapConfig } from '@onegrid/core/api/system'
import * as L from 'leaflet'
import { getMapConfig } from '../api/endpoints.ts'

let pending: Promise<TMapConfig> | undefined

/**
 * The server's basemap (天地图, a configured tile URL, or none), asked once per
 * page. Without an answer the map shows our own boundaries alone, as offline.
 */
export function loadBasemap(): Promise<TMapConfig> {
  pending ??= getMapConfig().catch((): TMapConfig => ({ source: 'none', layers: [] }))
  return pending
}

/**
 * Lays the server's basemap under what `current()` draws, crediting it where its terms want; stops
 * when the map is gone meanwhile (unmounted while the configuration was on its way).
 */
export async function addBasemap(current: () => L.Map | undefined): Promise<void> {
  const { layers } = await loadBasemap()
  const credited = layers.some((l) => l.attribution)
  const map = current()
  if (map && credited) L.control.attribution({ prefix: false }).addTo(map)
  for (const layer of layers) {
    const target = current()
    if (!target) return
    L.tileLayer(layer.url, {
      subdomains: layer.subdomains,
      attribution: layer.attribution,
      maxZoom: layer.maxZoom,
    })
      .addTo(target)
      .bringToBack()
  }
}
