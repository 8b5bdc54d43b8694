import type { MapFeatureCollection, MapGeometry, Position } from '../../../shared/map/types.ts'

/**
 * Which grid a point lies in, from the grid boundaries kept on the phone: how a report made without
 * signal still names its grid. The server finds it again from the point (locateGrid) when the report
 * arrives; this is what the worker sees meanwhile.
 */

/** Ray casting over one ring ([lng, lat] positions, closed or not); a point on an edge may go either way. */
export function inRing(lng: number, lat: number, ring: readonly Position[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? []
    const [xj = 0, yj = 0] = ring[j] ?? []
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Inside the outer ring and outside its holes. */
function inPolygon(lng: number, lat: number, rings: readonly (readonly Position[])[]): boolean {
  const [outer, ...holes] = rings
  if (!outer || !inRing(lng, lat, outer)) return false
  return !holes.some((hole) => inRing(lng, lat, hole))
}

/** Whether [lng, lat] lies in a Polygon or MultiPolygon (a Point geometry contains nothing). */
export function pointInGeometry([lng, lat]: readonly [number, number], geometry: MapGeometry): boolean {
  if (geometry.type === 'Polygon') return inPolygon(lng, lat, geometry.coordinates)
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.some((p) => inPolygon(lng, lat, p))
  return false
}

/** The first grid of the collection the point lies in, or null. */
export function gridAt(
  point: readonly [number, number],
  grids: MapFeatureCollection | null | undefined,
): { code: string; name: string } | null {
  for (const feature of grids?.features ?? []) {
    if (pointInGeometry(point, feature.geometry))
      return { code: feature.properties.code, name: feature.properties.name }
  }
  return null
}
