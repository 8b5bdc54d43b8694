import type { TMapConfig } from '@onegrid/core/api/system'
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
