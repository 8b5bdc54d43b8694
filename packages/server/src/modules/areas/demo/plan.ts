import type { LngLat } from '@onegrid/core/codes/grid-numbering'

/**
 * The demo district's plan: the numbers of the Tongzhou seed (15 streets/towns, 590
 * communities/villages, 1,809 grids over about 906 km²) and the rules that share them out.
 */
export const plan = {
  seed: 20260415,
  district: { code: '110120', name: '云溪区', shortName: '云溪' },
  outline: {
    centre: [116.75, 39.8] as LngLat,
    /** Semi-axes in km, east–west and north–south, before the area is fitted. */
    radii: [14.4, 20] as const,
    areaKm2: 906,
    vertices: 96,
  },
  /** The old town in the north-west, where the 街道 are small and dense. */
  urbanCore: [116.66, 39.9] as LngLat,
  streets: { subdistricts: 5, towns: 9, townships: 1 },
  communities: 590,
  grids: 1809,
  /** Communities per km², relative: a 街道 is this much denser than a 镇/乡. */
  communityDensity: { subdistrict: 9, rural: 1 },
  /** Grids per km², relative, for 社区 against 村, and the range of each community's own factor. */
  gridDensity: { urban: 12, village: 1, spread: [0.6, 1.7] as const },
  /** Grids per community: 社区 (居委会) and 村 (村委会). */
  gridsPerCommunity: { urban: [3, 5], village: [1, 3] } as Record<'urban' | 'village', [number, number]>,
  /** Lloyd relaxation steps for communities and for grids. */
  relax: { communities: 2, grids: 1 },
  /** Share of grids that are dedicated (专属), and how many of them lie in 街道. */
  dedicated: { share: 0.05, inSubdistricts: 0.8 },
  households: {
    urban: [300, 600],
    village: [150, 450],
    dedicated: [0, 60],
  } as Record<'urban' | 'village' | 'dedicated', [number, number]>,
  /** People per household, and the extra people a dedicated grid's unit brings (pupils, staff). */
  peoplePerHousehold: [2.3, 3.1] as const,
  dedicatedExtraPeople: [150, 800] as const,
} as const

export type Quota = { weight: number; min: number; max: number }

/**
 * Shares `total` out over items in proportion to their weight, each between its min and
 * max: finds the factor λ with Σ clamp(λ·weight, min, max) = total, then rounds by largest
 * remainder (ties to the earlier item) so the integers add up to `total` exactly.
 */
export function apportion(total: number, quotas: readonly Quota[]): number[] {
  const lowest = quotas.reduce((s, q) => s + q.min, 0)
  const highest = quotas.reduce((s, q) => s + q.max, 0)
  if (total < lowest || total > highest) {
    throw new RangeError(`cannot share ${total} between bounds summing to ${lowest}–${highest}`)
  }
  const share = (lambda: number) => quotas.map((q) => Math.min(q.max, Math.max(q.min, lambda * q.weight)))
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)
  let low = 0
  let high = 1
  while (sum(share(high)) < total) high *= 2
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2
    if (sum(share(mid)) < total) low = mid
    else high = mid
  }
  const exact = share(high)
  const counts = exact.map((x) => Math.floor(x + 1e-9))
  let missing = total - sum(counts)
  const byRemainder = exact
    .map((x, i) => ({ i, remainder: x - (counts[i] ?? 0) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i)
  for (const { i } of byRemainder) {
    if (missing <= 0) break
    if ((counts[i] ?? 0) < (quotas[i]?.max ?? 0)) {
      counts[i] = (counts[i] ?? 0) + 1
      missing--
    }
  }
  // Rounding down can only leave a shortfall; too many is impossible since λ overshoots by < 1e-9.
  if (missing !== 0) throw new Error(`apportionment left ${missing} over`)
  return counts
}
