import { describe, expect, it } from 'vitest'
import { boundsAround, boundsOf, splitArea, zoomForBounds } from './geometry.ts'

describe('map geometry', () => {
  it('bounds every kind of shape, and nothing as null', () => {
    const square = [
      [116.6, 39.6],
      [116.7, 39.6],
      [116.7, 39.7],
      [116.6, 39.6],
    ]
    expect(
      boundsOf([
        { type: 'MultiPolygon', coordinates: [[square]] },
        { type: 'Point', coordinates: [116.9, 40.0] },
      ]),
    ).toEqual([116.6, 39.6, 116.9, 40.0])
    expect(boundsOf([{ type: 'Polygon', coordinates: [square] }])).toEqual([116.6, 39.6, 116.7, 39.7])
    expect(boundsOf([])).toBeNull()
  })

  it('asks for the zoom at which a box fills the map: the district far out, a grid close in', () => {
    const district: [number, number, number, number] = [116.6, 39.6, 116.9, 40.0]
    const grid: [number, number, number, number] = [116.7067, 39.9694, 116.7122, 39.9728]
    expect(zoomForBounds(district, 900, 650)).toBe(10)
    expect(zoomForBounds(grid, 900, 650)).toBe(17)
    // A point has no size: the closest zoom allowed.
    expect(zoomForBounds([116.7, 39.9, 116.7, 39.9], 900, 650)).toBe(18)
  })

  it('makes a box of about the asked size around a point', () => {
    const [west, south, east, north] = boundsAround([116.7, 39.9], 100)
    expect((north - south) * 111_320).toBeCloseTo(200, 5)
    expect((east - west) * 111_320 * Math.cos((39.9 * Math.PI) / 180)).toBeCloseTo(200, 5)
  })

  it('reads areas in m² up to a km², in km² beyond', () => {
    expect(splitArea(108_595.4)).toEqual({ value: 108_595, unit: 'm2' })
    expect(splitArea(904_880_000)).toEqual({ value: 904.88, unit: 'km2' })
    expect(splitArea(2_520_000)).toEqual({ value: 2.52, unit: 'km2' })
  })
})
