import type { TGridType } from '@onegrid/core/api/grids'
import type { AreaLevel } from '@onegrid/core/codes/area-code'
import type { PathOptions } from 'leaflet'

/** What a drawn shape says about itself: an area of the network, or a shape standing for one (a problem). */
export interface AreaFeatureProperties {
  code: string
  name: string
  level?: AreaLevel | undefined
  gridType?: TGridType | null | undefined
  households?: number | null | undefined
}

export type Position = [number, number] | number[]
export type MapGeometry =
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  /** Drawn as a small circle (e.g. where a boundary crosses itself). */
  | { type: 'Point'; coordinates: Position }

export interface MapFeature {
  type: 'Feature'
  properties: AreaFeatureProperties
  geometry: MapGeometry
}

export interface MapFeatureCollection {
  type: 'FeatureCollection'
  features: MapFeature[]
}

/** [west, south, east, north] in degrees (WGS84). */
export type MapBounds = readonly [number, number, number, number]

export interface AreaMapLayer {
  data: MapFeatureCollection
  /** Area names: always shown, only where they fit inside their shape, on hover, or never. */
  labels?: 'permanent' | 'fit' | 'hover' | 'none'
  style?: PathOptions
  /** Per-shape style on top of `style` (colouring by type, households, load). */
  featureStyle?: (properties: AreaFeatureProperties) => PathOptions
  /** Whether features react to hover and click. */
  interactive?: boolean
  /** Whether the map fits its view to this layer when it has no `focus` (default true). */
  fit?: boolean
}

export type MapTheme = 'light' | 'dark'
