import { mulberry32, type Random } from '@onegrid/core/random'

/**
 * The demo district's only source of randomness: mulberry32, seeded. Every stage and every
 * parent draws from its own stream (`stream(seed, label)`), so the output depends on the
 * seed alone and one part of the district does not shift when another changes.
 */
export { between, mulberry32, type Random } from '@onegrid/core/random'

/** A stream of its own for `label` (e.g. an area code) under the base seed (FNV-1a over the label). */
export function stream(seed: number, label: string): Random {
  let h = 0x811c9dc5 ^ (seed >>> 0)
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return mulberry32(h >>> 0)
}

/** A uniform number in [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random()
}

/** A shuffled copy (Fisher–Yates). */
export function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const a = out[i] as T
    out[i] = out[j] as T
    out[j] = a
  }
  return out
}
