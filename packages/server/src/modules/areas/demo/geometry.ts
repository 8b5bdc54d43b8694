import type { TBoundaryGeometry } from '@onegrid/core/api/grids'
import type { LngLat } from '@onegrid/core/codes/grid-numbering'
import { type Random, uniform } from './random.ts'

/**
 * Plane geometry the generator does in JavaScript: the district outline, point-in-polygon
 * and seed sampling. Distances are measured with longitude scaled by cos(latitude) so that
 * they are even on the ground ("scaled degrees": one unit is one degree of latitude).
 */

export type MultiPolygon = Extract<TBoundaryGeometry, { type: 'MultiPolygon' }>

/** cos(latitude) at the demo district's centre: how much shorter a degree of longitude is. */
export const LNG_SCALE = Math.cos((39.8 * Math.PI) / 180)
/** Metres in one degree of latitude (WGS84, mean). */
export const METRES_PER_DEGREE = 111_320

export function distance(a: LngLat, b: LngLat): number {
  return Math.hypot((a[0] - b[0]) * LNG_SCALE, a[1] - b[1])
}

/**
 * An irregular closed outline: an ellipse of semi-axes `radii` (km, east–west and
 * north–south) around `centre`, its radius modulated by a few low-frequency harmonics with
 * random amplitudes and phases plus a little jitter per vertex, then scaled to `areaKm2`.
 * Star-shaped around the centre, so the ring never crosses itself.
 */
export function irregularOutline(
  random: Random,
  options: { centre: LngLat; radii: readonly [number, number]; areaKm2: number; vertices: number },
): MultiPolygon {
  const harmonics = [2, 3, 4, 5, 7].map((k) => ({
    k,
    amplitude: uniform(random, 0.012, 0.04) / Math.sqrt(k - 1),
    phase: uniform(random, 0, 2 * Math.PI),
  }))
  const { centre, vertices } = options
  const kmPerLng = (METRES_PER_DEGREE * LNG_SCALE) / 1000
  const kmPerLat = METRES_PER_DEGREE / 1000
  const polar: [number, number][] = []
  for (let i = 0; i < vertices; i++) {
    const theta = (2 * Math.PI * i) / vertices
    let r = 1 + uniform(random, -0.006, 0.006)
    for (const h of harmonics) r += h.amplitude * Math.sin(h.k * theta + h.phase)
    polar.push([theta, r])
  }
  // Shoelace area of the unscaled ring (km²), then one factor to reach the wanted area.
  const ring = (scale: number) =>
    polar.map(([theta, r]) => [
      options.radii[0] * scale * r * Math.cos(theta),
      options.radii[1] * scale * r * Math.sin(theta),
    ])
  const unit = ring(1)
  let twiceArea = 0
  for (let i = 0; i < unit.length; i++) {
    const [x1, y1] = unit[i] as number[]
    const [x2, y2] = unit[(i + 1) % unit.length] as number[]
    twiceArea += (x1 ?? 0) * (y2 ?? 0) - (x2 ?? 0) * (y1 ?? 0)
  }
  const scale = Math.sqrt(options.areaKm2 / (Math.abs(twiceArea) / 2))
  const coordinates: [number, number][] = ring(scale).map(([x, y]) => [
    centre[0] + (x ?? 0) / kmPerLng,
    centre[1] + (y ?? 0) / kmPerLat,
  ])
  coordinates.push(coordinates[0] as [number, number])
  return { type: 'MultiPolygon', coordinates: [[coordinates]] }
}

export type Box = { west: number; south: number; east: number; north: number }

export function boundingBox(geometry: MultiPolygon): Box {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity }
  for (const polygon of geometry.coordinates) {
    for (const [lng, lat] of polygon[0] ?? []) {
      box.west = Math.min(box.west, lng)
      box.east = Math.max(box.east, lng)
      box.south = Math.min(box.south, lat)
      box.north = Math.max(box.north, lat)
    }
  }
  return box
}

/** Even–odd point-in-polygon over every ring (holes included). */
export function contains(geometry: MultiPolygon, point: LngLat): boolean {
  const [x, y] = point
  let inside = false
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as [number, number]
        const [xj, yj] = ring[j] as [number, number]
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
      }
    }
  }
  return inside
}

export type SampleOptions = {
  /** How many points to add. */
  count: number
  /** Wanted spacing between any two points (scaled degrees); relaxed when the area is too tight. */
  spacing: number
  /** Draw only within this disc (scaled degrees). */
  within?: { centre: LngLat; radius: number }
  /** Keep out of this disc. */
  avoid?: { centre: LngLat; radius: number }
  /** Points already placed, which new ones keep their spacing from. */
  existing?: readonly LngLat[]
}

/**
 * Rejection sampling of `count` points inside `parent` that keep `spacing` from each other
 * and from `existing`; after many misses the spacing shrinks by a fifth, so it always ends.
 */
export function samplePoints(random: Random, parent: MultiPolygon, options: SampleOptions): LngLat[] {
  let within = options.within
  let avoid = options.avoid
  const drawBox = () => {
    const box = boundingBox(parent)
    if (!within) return box
    const { centre, radius } = within
    return {
      west: Math.max(box.west, centre[0] - radius / LNG_SCALE),
      east: Math.min(box.east, centre[0] + radius / LNG_SCALE),
      south: Math.max(box.south, centre[1] - radius),
      north: Math.min(box.north, centre[1] + radius),
    }
  }
  let box = drawBox()
  const placed: LngLat[] = [...(options.existing ?? [])]
  const added: LngLat[] = []
  let spacing = options.spacing
  let misses = 0
  while (added.length < options.count) {
    const point: LngLat = [uniform(random, box.west, box.east), uniform(random, box.south, box.north)]
    const fits =
      contains(parent, point) &&
      (!within || distance(point, within.centre) <= within.radius) &&
      (!avoid || distance(point, avoid.centre) >= avoid.radius) &&
      placed.every((p) => distance(p, point) >= spacing)
    if (fits) {
      placed.push(point)
      added.push(point)
      misses = 0
    } else if (++misses > 400) {
      spacing *= 0.8
      misses = 0
      if (spacing < options.spacing / 100) {
        // A disc that misses the parent, or an exclusion that covers it: drop both, since
        // the point must land inside the parent above all.
        within = undefined
        avoid = undefined
        box = drawBox()
      }
    }
  }
  return added
}
