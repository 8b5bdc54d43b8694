/**
 * A tiny seeded PRNG (mulberry32) and helpers. All random data in the benchmarks comes from here,
 * so two runs with the same seed produce the same rows.
 */
import type { Random } from '@onegrid/core/random'

export { between, mulberry32, type Random } from '@onegrid/core/random'

/** A derived seed for stream `index` of a base seed (e.g. one stream per worker). */
export function deriveSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0
}

/** Integer in [0, n). */
export function int(rand: Random, n: number): number {
  return Math.floor(rand() * n)
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
