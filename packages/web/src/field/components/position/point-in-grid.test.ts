import { describe, expect, it } from 'vitest'
import type { MapFeatureCollection } from '../../../shared/map/types.ts'
import { gridAt, inRing, pointInGeometry } from './point-in-grid.ts'

const square = (x0: number, y0: number, size: number) => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
]

describe('point in polygon', () => {
  it('tells inside from outside of a ring', () => {
    const ring = square(116, 39, 0.01)
    expect(inRing(116.005, 39.005, ring)).toBe(true)
    expect(inRing(116.02, 39.005, ring)).toBe(false)
    expect(inRing(115.999, 39.005, ring)).toBe(false)
    expect(inRing(116.005, 39.011, ring)).toBe(false)
  })

  it('reads a ring that is not closed the same', () => {
    expect(inRing(116.005, 39.005, square(116, 39, 0.01).slice(0, 4))).toBe(true)
  })

  it('handles a concave shape (an L)', () => {
    const l = [
      [0 + 100, 0 + 30],
      [2 + 100, 0 + 30],
      [2 + 100, 1 + 30],
      [1 + 100, 1 + 30],
      [1 + 100, 2 + 30],
      [0 + 100, 2 + 30],
    ]
    expect(pointInGeometry([100.5, 31.5], { type: 'Polygon', coordinates: [l] })).toBe(true)
    expect(pointInGeometry([101.5, 31.5], { type: 'Polygon', coordinates: [l] })).toBe(false)
    expect(pointInGeometry([101.5, 30.5], { type: 'Polygon', coordinates: [l] })).toBe(true)
  })

  it('leaves out the holes of a polygon', () => {
    const polygon = {
      type: 'Polygon' as const,
      coordinates: [square(116, 39, 0.03), square(116.01, 39.01, 0.01)],
    }
    expect(pointInGeometry([116.005, 39.005], polygon)).toBe(true)
    expect(pointInGeometry([116.015, 39.015], polygon)).toBe(false)
  })

  it('looks in every part of a multipolygon; a point geometry holds nothing', () => {
    const multi = {
      type: 'MultiPolygon' as const,
      coordinates: [[square(116, 39, 0.01)], [square(117, 40, 0.01)]],
    }
    expect(pointInGeometry([117.005, 40.005], multi)).toBe(true)
    expect(pointInGeometry([116.5, 39.5], multi)).toBe(false)
    expect(pointInGeometry([116, 39], { type: 'Point', coordinates: [116, 39] })).toBe(false)
  })
})

describe('the grid at a point', () => {
  const grids: MapFeatureCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: '110120001001001', name: '第一网格' },
        geometry: { type: 'Polygon', coordinates: [square(116, 39, 0.01)] },
      },
      {
        type: 'Feature',
        properties: { code: '110120001001002', name: '第二网格' },
        geometry: { type: 'Polygon', coordinates: [square(116.01, 39, 0.01)] },
      },
    ],
  }

  it('names the grid the point lies in', () => {
    expect(gridAt([116.015, 39.005], grids)).toEqual({ code: '110120001001002', name: '第二网格' })
    expect(gridAt([116.005, 39.005], grids)).toEqual({ code: '110120001001001', name: '第一网格' })
  })

  it('is null outside every grid or without grids', () => {
    expect(gridAt([116.5, 39.5], grids)).toBeNull()
    expect(gridAt([116.005, 39.005], null)).toBeNull()
  })
})
