/**
 * The demo district's only source of randomness: mulberry32, seeded. Every stage and every
 * parent draws from its own stream (`stream(seed, label)`), so the output depends on the
 * seed alone and one part of the district does not shift when another changes.
 */
export type Random = () => number

/** mulberry32: 32-bit state, period 2^32; fine for synthetic data, not for secrets. */
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

/** A uniform integer in [min, max]. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
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
