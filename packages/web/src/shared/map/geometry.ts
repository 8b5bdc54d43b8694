import type { MapBounds, MapFeatureCollection, MapGeometry, Position } from './types.ts'

function eachPosition(geometry: MapGeometry, visit: (lng: number, lat: number) => void): void {
  const take = (p: Position) => {
    const [lng, lat] = p
    if (lng !== undefined && lat !== undefined) visit(lng, lat)
  }
  if (geometry.type === 'Point') take(geometry.coordinates)
  else if (geometry.type === 'Polygon') for (const ring of geometry.coordinates) ring.forEach(take)
  else for (const polygon of geometry.coordinates) for (const ring of polygon) ring.forEach(take)
}

/** The bounding box of some shapes, or null when there is nothing to bound. */
export function boundsOf(geometries: Iterable<MapGeometry>): MapBounds | null {
  let west = Number.POSITIVE_INFINITY
  let south = Number.POSITIVE_INFINITY
  let east = Number.NEGATIVE_INFINITY
  let north = Number.NEGATIVE_INFINITY
  for (const geometry of geometries) {
    eachPosition(geometry, (lng, lat) => {
      west = Math.min(west, lng)
      east = Math.max(east, lng)
      south = Math.min(south, lat)
      north = Math.max(north, lat)
    })
  }
  return west <= east && south <= north ? [west, south, east, north] : null
}

/** A box around a point, `meters` to each side: something to fly to for a problem that is a point. */
export function boundsAround([lng, lat]: readonly [number, number], meters: number): MapBounds {
  const dLat = meters / 111_320
  const dLng = meters / (111_320 * Math.cos((lat * Math.PI) / 180))
  return [lng - dLng, lat - dLat, lng + dLng, lat + dLat]
}

/**
 * The web-map zoom at which a box fills a viewport of the given size (256-pixel tiles, Web Mercator),
 * rounded down and kept within [minZoom, maxZoom]: what the server simplifies boundaries for.
 */
export function zoomForBounds(
  bounds: MapBounds,
  width: number,
  height: number,
  minZoom = 6,
  maxZoom = 18,
): number {
  const [west, south, east, north] = bounds
  const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))
  const lngFraction = Math.max((east - west) / 360, 1e-9)
  const latFraction = Math.max((mercatorY(north) - mercatorY(south)) / (2 * Math.PI), 1e-9)
  const zoom = Math.min(Math.log2(width / 256 / lngFraction), Math.log2(height / 256 / latFraction))
  return Math.max(minZoom, Math.min(maxZoom, Math.floor(zoom)))
}

/** One feature collection holding a single shape, for the highlight layers. */
export function singleFeature(code: string, name: string, geometry: MapGeometry): MapFeatureCollection {
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code, name }, geometry }] }
}

/** Square metres as people read them: m² under a km² (a grid's size), km² from there on. */
export function splitArea(m2: number): { value: number; unit: 'm2' | 'km2' } {
  return m2 < 1_000_000
    ? { value: Math.round(m2), unit: 'm2' }
    : { value: Math.round(m2 / 10_000) / 100, unit: 'km2' }
}
