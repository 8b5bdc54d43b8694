import type { PathOptions } from 'leaflet'
import type { MapTheme } from './types.ts'

export const areaStyles: Record<MapTheme, { base: PathOptions; hover: PathOptions; selected: PathOptions }> =
  {
    light: {
      base: { color: '#2563eb', weight: 1.5, opacity: 0.9, fillColor: '#3b82f6', fillOpacity: 0.12 },
      hover: { weight: 2.5, fillOpacity: 0.25 },
      selected: { color: '#c2410c', weight: 3, fillColor: '#f97316', fillOpacity: 0.3 },
    },
    dark: {
      base: { color: '#38bdf8', weight: 1.5, opacity: 0.9, fillColor: '#0ea5e9', fillOpacity: 0.16 },
      hover: { weight: 2.5, fillOpacity: 0.32 },
      selected: { color: '#facc15', weight: 3, fillColor: '#facc15', fillOpacity: 0.25 },
    },
  }

/** The boundary being edited: above everything, in the colour of a selection. */
export const editStyle: PathOptions = {
  color: '#c2410c',
  weight: 3,
  fillColor: '#f97316',
  fillOpacity: 0.25,
}
