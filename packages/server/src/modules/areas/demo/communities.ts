import { type LngLat, numberingOrder } from '@onegrid/core/codes/grid-numbering'
import type { Db } from '../../../platform/db/database.ts'
import { samplePoints } from './geometry.ts'
import { type DistrictNames, pinnedNames } from './names.ts'
import { apportion, plan } from './plan.ts'
import { stream } from './random.ts'
import { type PlannedStreet, scaledArea } from './streets.ts'
import { type Cell, type RelaxJob, relaxedTessellation } from './tessellate.ts'

export type PlannedCommunity = Cell & {
  code: string
  name: string
  /** 社区 (居委会, 001–199) or 村 (村委会, 200–399). */
  kind: 'community' | 'village'
  street: PlannedStreet
}

/**
 * The 590 communities/villages: shared over the streets in proportion to area × density
 * (a 街道 is much denser), seeded by rejection sampling inside each street and relaxed
 * (Lloyd). A 街道 holds only 社区; a 镇/乡 holds a few 社区 close to its centre, which
 * stay put while its 村 relax around them. Numbered by position inside each kind.
 */
export async function planCommunities(
  db: Db,
  seed: number,
  streets: readonly PlannedStreet[],
  names: DistrictNames,
): Promise<PlannedCommunity[]> {
  const counts = apportion(
    plan.communities,
    streets.map((s) => ({
      weight:
        (s.areaM2 / 1e6) *
        (s.kind === 'subdistrict' ? plan.communityDensity.subdistrict : plan.communityDensity.rural),
      min: 1,
      max: s.kind === 'subdistrict' ? 199 : 300,
    })),
  )
  const jobs: (RelaxJob & { urbanCount: number; spacing: number })[] = streets.map((street, i) => {
    const random = stream(seed, `communities:${street.code}`)
    const n = counts[i] ?? 1
    const spacing = Math.sqrt(scaledArea(street.areaM2 / 1e6) / n)
    if (street.kind === 'subdistrict') {
      const seeds = samplePoints(random, street.geometry, { count: n, spacing: 0.8 * spacing })
      return { parent: street.geometry, seeds, urbanCount: n, spacing }
    }
    // The town's seat (镇区): a few 社区 around the centre, then 村 everywhere else.
    const urbanCount = street.kind === 'township' ? 1 : Math.min(4, Math.max(2, Math.round(n * 0.14)))
    const seat = { centre: street.inside, radius: 0.35 * spacing * Math.sqrt(urbanCount) }
    const urbanSeeds = samplePoints(random, street.geometry, {
      count: urbanCount,
      spacing: 0.3 * spacing,
      within: seat,
    })
    const villageSeeds = samplePoints(random, street.geometry, {
      count: n - urbanCount,
      spacing: 0.8 * spacing,
      avoid: { centre: seat.centre, radius: seat.radius + 0.35 * spacing },
      existing: urbanSeeds,
    })
    const seeds = [...urbanSeeds, ...villageSeeds]
    return { parent: street.geometry, seeds, fixed: seeds.map((_, s) => s < urbanCount), urbanCount, spacing }
  })
  const cells = await relaxedTessellation(db, jobs, plan.relax.communities)

  const communities: PlannedCommunity[] = []
  streets.forEach((street, i) => {
    const job = jobs[i]
    const streetCells = cells[i]
    if (!job || !streetCells) throw new Error(`street ${street.code} was not tessellated`)
    const kinds: [PlannedCommunity['kind'], Cell[], number][] = [
      ['community', streetCells.slice(0, job.urbanCount), 1],
      ['village', streetCells.slice(job.urbanCount), 200],
    ]
    for (const [kind, group, first] of kinds) {
      const order = numberingOrder(
        group.map((c): LngLat => c.centroid),
        0.5 * job.spacing,
      )
      order.forEach((index, position) => {
        const cell = group[index] as Cell
        const code = `${street.code}${String(first + position).padStart(3, '0')}`
        communities.push({
          ...cell,
          code,
          name: pinnedNames[code] ?? (kind === 'community' ? names.community() : names.village()),
          kind,
          street,
        })
      })
    }
  })
  return communities
}
