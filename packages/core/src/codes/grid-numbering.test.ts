import { describe, expect, it } from 'vitest'
import { gridCode, type LngLat, numberingOrder, sequenceNumbers } from './grid-numbering.ts'

describe('grid numbering (从西向东、由北至南)', () => {
  it('numbers a 2×3 block row by row from the north, west to east inside each row', () => {
    // Given shuffled: the south-east corner first, the north-west corner last.
    const points: LngLat[] = [
      [116.72, 39.8], // south-east
      [116.7, 39.81], // north-middle
      [116.7, 39.8], // south-middle
      [116.72, 39.81], // north-east
      [116.68, 39.8], // south-west
      [116.68, 39.81], // north-west
    ]
    expect(numberingOrder(points)).toEqual([5, 1, 3, 4, 2, 0])
    expect(sequenceNumbers(points)).toEqual([6, 2, 5, 3, 4, 1])
  })

  it('treats points within the row tolerance as one row, so a slightly lower point to the west comes first', () => {
    const points: LngLat[] = [
      [116.71, 39.8105], // east, a little north
      [116.69, 39.8098], // west, a little south: same row with a tolerance
      [116.7, 39.79], // the next row
    ]
    expect(numberingOrder(points, 0.002)).toEqual([1, 0, 2])
    // Without a tolerance every latitude is its own row.
    expect(numberingOrder(points)).toEqual([0, 1, 2])
  })

  it('measures a row from its northernmost point, not from point to point', () => {
    // Each step south is within the tolerance, but the third is 0.003° below the first.
    const points: LngLat[] = [
      [116.73, 39.8],
      [116.72, 39.7985],
      [116.71, 39.797],
    ]
    expect(numberingOrder(points, 0.002)).toEqual([1, 0, 2])
  })

  it('keeps input order for identical points and handles none', () => {
    expect(
      numberingOrder([
        [116.7, 39.8],
        [116.7, 39.8],
      ]),
    ).toEqual([0, 1])
    expect(numberingOrder([])).toEqual([])
    expect(() => numberingOrder([[116.7, 39.8]], -1)).toThrow(RangeError)
  })

  it('builds the 15-digit grid code from the community code and the sequence', () => {
    expect(gridCode('110120001001', 1)).toBe('110120001001001')
    expect(gridCode('110120101200', 42)).toBe('110120101200042')
    expect(() => gridCode('110120001001', 0)).toThrow(RangeError)
    expect(() => gridCode('110120001001', 1000)).toThrow(RangeError)
    expect(() => gridCode('110120001', 1)).toThrow(RangeError)
  })
})
