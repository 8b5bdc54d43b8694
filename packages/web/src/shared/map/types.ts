import type { TAreaFeatureCollection } from '@onegrid/core/api/areas'
import type { PathOptions } from 'leaflet'

export type AreaFeatureProperties = TAreaFeatureCollection['features'][number]['properties']

export interface AreaMapLayer {
  data: TAreaFeatureCollection
  /** Area names: always shown, on hover, or never. */
  labels?: 'permanent' | 'hover' | 'none'
  style?: PathOptions
  /** Whether features react to hover and click. */
  interactive?: boolean
}

export type MapTheme = 'light' | 'dark'
