/// <reference types="@geoman-io/leaflet-geoman-free" />
import type * as GeoJSON from 'geojson'
import * as L from 'leaflet'

let loading: Promise<typeof L.PM> | undefined

/**
 * Loads leaflet-geoman (polygon editing) on first use, so only a page that edits boundaries downloads
 * it. Geoman extends the global `L` that Leaflet's UMD build sets (the ES module namespace we import is a
 * copy made before geoman ran, so `L.PM` is read from the global). It only touches layers that opt in
 * (`pmIgnore: false`), so the other shapes on the map stay plain.
 */
export function loadGeoman(): Promise<typeof L.PM> {
  loading ??= (async () => {
    await import('@geoman-io/leaflet-geoman-free')
    await import('@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css')
    const pm = (globalThis as unknown as { L?: typeof L }).L?.PM
    if (!pm) throw new Error('leaflet-geoman did not register itself on the global L')
    pm.setOptIn(true)
    return pm
  })()
  return loading
}

export interface EditableGeometry {
  type: 'Polygon' | 'MultiPolygon'
  coordinates: unknown
}

/** Adds a polygon of this geometry to the map with draggable vertices (geoman's edit mode). */
export async function addEditablePolygon(
  map: L.Map,
  geometry: EditableGeometry,
  style: L.PathOptions,
): Promise<L.Polygon> {
  const pm = await loadGeoman()
  // A map made before geoman was loaded has no `pm` yet; with opt-in, the map must opt in too.
  if (!map.pm) {
    map.options.pmIgnore = false
    // Geoman's typings say Layer, its code takes a map too.
    pm.reInitLayer(map as unknown as L.Layer)
  }
  // GeoJSON nesting: a Polygon is rings of positions, a MultiPolygon one more level.
  const latLngs = L.GeoJSON.coordsToLatLngs(
    geometry.coordinates as never[],
    geometry.type === 'Polygon' ? 1 : 2,
  )
  const polygon = L.polygon(latLngs, { ...style, pmIgnore: false })
  polygon.addTo(map)
  polygon.pm.enable({ allowSelfIntersection: false, snappable: false, draggable: false })
  return polygon
}

type Pair = [number, number]
export type DrawnGeometry =
  | { type: 'Polygon'; coordinates: Pair[][] }
  | { type: 'MultiPolygon'; coordinates: Pair[][][] }

const pairs = (ring: number[][]): Pair[] => ring.map(([lng = 0, lat = 0]) => [lng, lat])

/** The polygon as GeoJSON, without rounding the vertices nobody moved (they are shared with neighbours). */
export function polygonGeometry(polygon: L.Polygon): DrawnGeometry {
  const geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon = polygon.toGeoJSON(false).geometry
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(pairs) }
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((rings) => rings.map(pairs)) }
}
