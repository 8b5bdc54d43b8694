import type { TLight, TPoint } from '@onegrid/core/api/cases'
import type { AreaMapLayer, MapFeature, MapFeatureCollection } from '../../../shared/map/types.ts'
import { lightColours } from './case-format.ts'

/** A case (or a picked place) as a map feature; `code` names it for clicks and tests. */
export function pointFeature(code: string, name: string, point: TPoint): MapFeature {
  return {
    type: 'Feature',
    properties: { code, name },
    geometry: { type: 'Point', coordinates: [point.lng, point.lat] },
  }
}

/** Points drawn as solid dots in a light's colour, above the boundaries and not fitted to. */
export function pointLayer(
  features: MapFeature[],
  light: (code: string) => TLight,
  radiusHint = true,
): AreaMapLayer {
  const data: MapFeatureCollection = { type: 'FeatureCollection', features }
  return {
    data,
    labels: radiusHint ? 'hover' : 'none',
    fit: false,
    style: { color: '#ffffff', weight: 2, opacity: 1, fillOpacity: 0.95 },
    featureStyle: (p) => ({
      fillColor: lightColours[light(p.code)],
      className: `og-case-point og-case-${p.code}`,
    }),
  }
}
