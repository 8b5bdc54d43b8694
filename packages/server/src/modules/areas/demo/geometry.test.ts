import type { LngLat } from '@onegrid/core/codes/grid-numbering'
import { describe, expect, it } from 'vitest'
import {
  boundingBox,
  contains,
  distance,
  irregularOutline,
  type MultiPolygon,
  samplePoints,
} from './geometry.ts'
import { mulberry32 } from './random.ts'

const square: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [116.6, 39.8],
        [116.7, 39.8],
        [116.7, 39.9],
        [116.6, 39.9],
        [116.6, 39.8],
      ],
      // A hole in the middle.
      [
        [116.64, 39.84],
        [116.66, 39.84],
        [116.66, 39.86],
        [116.64, 39.86],
        [116.64, 39.84],
      ],
    ],
  ],
}

describe('demo geometry helpers', () => {
  it('tells inside from outside, holes included', () => {
    expect(contains(square, [116.61, 39.81])).toBe(true)
    expect(contains(square, [116.65, 39.85])).toBe(false)
    expect(contains(square, [116.75, 39.85])).toBe(false)
  })

  it('samples points inside the parent, apart from each other, within and outside the discs asked for', () => {
    const existing: LngLat[] = [[116.62, 39.82]]
    const points = samplePoints(mulberry32(9), square, {
      count: 20,
      spacing: 0.01,
      avoid: { centre: [116.69, 39.89], radius: 0.02 },
      existing,
    })
    expect(points).toHaveLength(20)
    for (const p of points) {
      expect(contains(square, p)).toBe(true)
      expect(distance(p, [116.69, 39.89])).toBeGreaterThanOrEqual(0.02)
      for (const q of [...points, ...existing])
        if (q !== p) expect(distance(p, q)).toBeGreaterThanOrEqual(0.01)
    }
    const near = samplePoints(mulberry32(9), square, {
      count: 3,
      spacing: 0.002,
      within: { centre: [116.61, 39.81], radius: 0.01 },
    })
    expect(near.every((p) => distance(p, [116.61, 39.81]) <= 0.01)).toBe(true)
  })

  it('still places every point when the area is too tight for the spacing', () => {
    const points = samplePoints(mulberry32(2), square, { count: 50, spacing: 0.5 })
    expect(points).toHaveLength(50)
    expect(points.every((p) => contains(square, p))).toBe(true)
  })

  it('draws a closed, irregular outline of the asked size around the centre', () => {
    const outline = irregularOutline(mulberry32(4), {
      centre: [116.75, 39.8],
      radii: [14.4, 20],
      areaKm2: 906,
      vertices: 96,
    })
    const ring = outline.coordinates[0]?.[0] ?? []
    expect(ring).toHaveLength(97)
    expect(ring[0]).toEqual(ring[96])
    const box = boundingBox(outline)
    expect(box.west).toBeGreaterThan(116.56)
    expect(box.east).toBeLessThan(116.94)
    expect(contains(outline, [116.75, 39.8])).toBe(true)
    // Not an ellipse: the distance from the centre wobbles.
    const radii = ring.map((p) => distance(p as LngLat, [116.75, 39.8]))
    expect(Math.max(...radii) / Math.min(...radii)).toBeGreaterThan(1.3)
  })
})
