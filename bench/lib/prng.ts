/**
 * A tiny seeded PRNG (mulberry32) and helpers. All random data in the benchmarks comes from here,
 * so two runs with the same seed produce the same rows.
 */
export type Random = () => number

/** mulberry32: 32-bit state, period 2^32, good enough for test data (not for crypto). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A derived seed for stream `index` of a base seed (e.g. one stream per worker). */
export function deriveSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0
}

/** Integer in [0, n). */
export function int(rand: Random, n: number): number {
  return Math.floor(rand() * n)
}

/** Integer in [min, max]. */
export function between(rand: Random, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1))
}

export function pick<T>(rand: Random, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)]
  if (item === undefined) throw new Error('pick() from an empty list')
  return item
}

const HEX = '0123456789abcdef'

/** `bytes` random bytes as lower-case hex (2 characters a byte). */
export function hex(rand: Random, bytes: number): string {
  let out = ''
  for (let i = 0; i < bytes; i++) {
    const b = Math.floor(rand() * 256)
    out += HEX.charAt(b >> 4) + HEX.charAt(b & 15)
  }
  return out
}

/** Fixed digits, e.g. digits(rand, 4) -> '0831'. */
export function digits(rand: Random, count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) out += String(Math.floor(rand() * 10))
  return out
}
