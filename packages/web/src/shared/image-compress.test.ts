import { describe, expect, it } from 'vitest'
import {
  fitWithin,
  manualTurn,
  maxPhotoSide,
  orientationTransform,
  readJpegInfo,
  uprightSize,
} from './image-compress.ts'

/** The first bytes of a JPEG: SOI, an APP1 Exif segment with an orientation (when given), SOF0. */
function jpegHead(width: number, height: number, orientation?: number, littleEndian = false): Uint8Array {
  const bytes: number[] = [0xff, 0xd8]
  const u16 = (v: number, little = false) => (little ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff])
  const u32 = (v: number, little = false) =>
    little
      ? [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24]
      : [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]
  if (orientation !== undefined) {
    const l = littleEndian
    const tiff = [
      ...(l ? [0x49, 0x49] : [0x4d, 0x4d]),
      ...u16(42, l),
      ...u32(8, l),
      ...u16(1, l), // one entry
      ...u16(0x0112, l),
      ...u16(3, l), // SHORT
      ...u32(1, l),
      ...u16(orientation, l),
      0,
      0,
      ...u32(0, l),
    ]
    const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]
    bytes.push(0xff, 0xe1, ...u16(payload.length + 2), ...payload)
  }
  // An APP0 (JFIF) in between, as cameras write.
  bytes.push(0xff, 0xe0, 0, 7, 0x4a, 0x46, 0x49, 0x46, 0)
  bytes.push(0xff, 0xc0, 0, 11, 8, ...u16(height), ...u16(width), 1, 1, 0x11, 0)
  return new Uint8Array(bytes)
}

describe('photo sizes', () => {
  it('brings the long side down to 1600 px keeping the ratio', () => {
    expect(fitWithin({ width: 4000, height: 3000 })).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin({ width: 3024, height: 4032 })).toEqual({ width: 1200, height: 1600 })
    expect(fitWithin({ width: 4096, height: 1000 })).toEqual({ width: 1600, height: 391 })
    expect(maxPhotoSide).toBe(1600)
  })

  it('never enlarges a small photo, and keeps a side of at least one pixel', () => {
    expect(fitWithin({ width: 800, height: 600 })).toEqual({ width: 800, height: 600 })
    expect(fitWithin({ width: 1600, height: 1600 })).toEqual({ width: 1600, height: 1600 })
    expect(fitWithin({ width: 100_000, height: 10 })).toEqual({ width: 1600, height: 1 })
    expect(fitWithin({ width: 0, height: 10 })).toEqual({ width: 0, height: 0 })
  })

  it('takes another maximum', () => {
    expect(fitWithin({ width: 2000, height: 1000 }, 1000)).toEqual({ width: 1000, height: 500 })
  })

  it('swaps the sides for quarter-turn orientations (5–8) only', () => {
    const stored = { width: 4000, height: 3000 }
    for (const o of [1, 2, 3, 4]) expect(uprightSize(stored, o)).toEqual(stored)
    for (const o of [5, 6, 7, 8]) expect(uprightSize(stored, o)).toEqual({ width: 3000, height: 4000 })
  })
})

describe('EXIF orientation', () => {
  it('reads the stored size and the orientation of a JPEG, big- and little-endian', () => {
    expect(readJpegInfo(jpegHead(4000, 3000, 6))).toEqual({ width: 4000, height: 3000, orientation: 6 })
    expect(readJpegInfo(jpegHead(4032, 3024, 8, true))).toEqual({ width: 4032, height: 3024, orientation: 8 })
    expect(readJpegInfo(jpegHead(640, 480))).toEqual({ width: 640, height: 480, orientation: 1 })
  })

  it('is null for what is not a JPEG', () => {
    expect(readJpegInfo(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBeNull()
    expect(readJpegInfo(new Uint8Array([0xff, 0xd8]))).toBeNull()
  })

  it('turns by hand only what the browser handed back unturned', () => {
    const stored = { width: 4000, height: 3000, orientation: 6 }
    // A browser that honours EXIF gives the upright size: nothing left to do.
    expect(manualTurn(stored, { width: 3000, height: 4000 })).toBe(1)
    // One that ignores it gives the stored size: turn it ourselves.
    expect(manualTurn(stored, { width: 4000, height: 3000 })).toBe(6)
    expect(manualTurn({ ...stored, orientation: 1 }, { width: 4000, height: 3000 })).toBe(1)
    expect(manualTurn(null, { width: 10, height: 20 })).toBe(1)
  })

  it('maps the stored corners onto the upright canvas', () => {
    // Orientation 6: the stored picture is turned a quarter clockwise to stand upright.
    const out = { width: 3, height: 4 } // upright; stored 4 × 3
    const [a, b, c, d, e, f] = orientationTransform(6, out)
    const apply = (x: number, y: number) => [a * x + c * y + e, b * x + d * y + f]
    // The stored top-left corner ends at the upright top-right.
    expect(apply(0, 0)).toEqual([3, 0])
    // The stored top-right (4, 0) ends at the upright bottom-right.
    expect(apply(4, 0)).toEqual([3, 4])
    // The stored bottom-left (0, 3) ends at the upright top-left.
    expect(apply(0, 3)).toEqual([0, 0])
    expect(orientationTransform(1, out)).toEqual([1, 0, 0, 1, 0, 0])
    const [a3, b3, c3, d3, e3, f3] = orientationTransform(3, { width: 4, height: 3 })
    expect([a3 * 0 + c3 * 0 + e3, b3 * 0 + d3 * 0 + f3]).toEqual([4, 3])
  })
})
