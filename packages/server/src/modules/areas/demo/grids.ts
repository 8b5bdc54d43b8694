import type { TGridType } from '@onegrid/core/api/grids'
import { gridCode, type LngLat, numberingOrder } from '@onegrid/core/codes/grid-numbering'
import type { Db } from '../../../platform/db/database.ts'
import type { PlannedCommunity } from './communities.ts'
import { type MultiPolygon, samplePoints } from './geometry.ts'
import { chineseNumeral, pinnedNames, type ServedUnitKind, ServedUnitNames } from './names.ts'
import { apportion, plan } from './plan.ts'
import { between, type Random, shuffle, stream, uniform } from './random.ts'
import { scaledArea } from './streets.ts'
import { relaxedTessellation } from './tessellate.ts'

export type PlannedGrid = {
  code: string
  name: string
  community: PlannedCommunity
  geometry: MultiPolygon
  centroid: LngLat
  gridType: TGridType
  servedUnit: string | null
  households: number
  population: number
  responsibleParty: string
}

const isUrban = (c: PlannedCommunity) => c.kind === 'community'

/**
 * How far south of a row's northernmost grid another grid may lie and still count as the
 * same row, when numbering `count` grids of a community of `areaM2`: half a typical grid's
 * size, in degrees of latitude.
 */
export function gridRowTolerance(areaM2: number, count: number): number {
  return 0.5 * Math.sqrt(scaledArea(areaM2 / 1e6) / count)
}

/**
 * The 1,809 grids: shared over the communities in proportion to area × density (社区 3–5,
 * 村 1–3), seeded inside each community and relaxed once; numbered 从西向东、由北至南 by
 * their centroids. About one grid in twenty, mostly in 街道, is a dedicated (专属) grid for
 * a school, hospital, park or enterprise.
 */
export async function planGrids(
  db: Db,
  seed: number,
  communities: readonly PlannedCommunity[],
): Promise<PlannedGrid[]> {
  const counts = apportion(
    plan.grids,
    communities.map((c) => {
      const [min, max] = plan.gridsPerCommunity[isUrban(c) ? 'urban' : 'village']
      // Some places are more crowded than others: a community's own density varies.
      const local = uniform(stream(seed, `density:${c.code}`), ...plan.gridDensity.spread)
      const density = (isUrban(c) ? plan.gridDensity.urban : plan.gridDensity.village) * local
      return { weight: (c.areaM2 / 1e6) * density, min, max }
    }),
  )
  const jobs = communities.map((community, i) => {
    const n = counts[i] ?? 1
    const spacing = Math.sqrt(scaledArea(community.areaM2 / 1e6) / n)
    const seeds =
      n === 1
        ? [community.inside]
        : samplePoints(stream(seed, `grids:${community.code}`), community.geometry, {
            count: n,
            spacing: 0.8 * spacing,
          })
    return { parent: community.geometry, seeds }
  })
  const cells = await relaxedTessellation(db, jobs, plan.relax.grids)
  const dedicated = chooseDedicated(seed, communities, counts)
  const servedUnits = new ServedUnitNames(plan.district.shortName)

  const grids: PlannedGrid[] = []
  communities.forEach((community, i) => {
    const own = cells[i]
    if (!own) throw new Error(`community ${community.code} was not tessellated`)
    const order = numberingOrder(
      own.map((c) => c.centroid),
      gridRowTolerance(community.areaM2, own.length),
    )
    const random = stream(seed, `attributes:${community.code}`)
    const dedicatedPosition = dedicated.get(community.code)
    const place = community.name.replace(/(社区|村)$/, '')
    let basicNumber = 0
    order.forEach((index, position) => {
      const cell = own[index]
      if (!cell) throw new Error(`missing cell ${index} of ${community.code}`)
      const code = gridCode(community.code, position + 1)
      const isDedicated = dedicatedPosition !== undefined && dedicatedPosition % own.length === position
      const servedUnit = isDedicated ? servedUnits.take(unitKind(random, community), place, random) : null
      const households = between(
        random,
        ...plan.households[isDedicated ? 'dedicated' : isUrban(community) ? 'urban' : 'village'],
      )
      const population =
        Math.round(households * uniform(random, ...plan.peoplePerHousehold)) +
        (isDedicated ? between(random, ...plan.dedicatedExtraPeople) : 0)
      grids.push({
        code,
        name: servedUnit
          ? `${servedUnit}专属网格`
          : `${community.name}第${chineseNumeral(++basicNumber)}网格`,
        community,
        geometry: cell.geometry,
        centroid: cell.centroid,
        gridType: isDedicated ? 'dedicated' : 'basic',
        servedUnit,
        households,
        population,
        responsibleParty: `${community.name}${isUrban(community) ? '居委会' : '村委会'}`,
      })
    })
  })
  return grids
}

/**
 * Which communities get one dedicated grid, and at which position (taken modulo the
 * community's grid count): only communities with two grids or more, so each keeps a
 * basic grid; most in 街道, the rest in towns.
 */
function chooseDedicated(
  seed: number,
  communities: readonly PlannedCommunity[],
  counts: readonly number[],
): Map<string, number> {
  const random = stream(seed, 'dedicated')
  const total = Math.round(plan.grids * plan.dedicated.share)
  const inSubdistricts = Math.round(total * plan.dedicated.inSubdistricts)
  // The pinned 湖滨社区, where the demo grid staff work, keeps basic grids only.
  const eligible = communities.filter((c, i) => (counts[i] ?? 0) >= 2 && !(c.code in pinnedNames))
  const urbanCore = eligible.filter((c) => c.street.kind === 'subdistrict')
  // In towns, the seat's 社区 first, then the villages.
  const rural = [
    ...shuffle(
      random,
      eligible.filter((c) => c.street.kind !== 'subdistrict' && isUrban(c)),
    ),
    ...shuffle(
      random,
      eligible.filter((c) => !isUrban(c)),
    ),
  ]
  const chosen = [
    ...shuffle(random, urbanCore).slice(0, inSubdistricts),
    ...rural.slice(0, total - inSubdistricts),
  ]
  return new Map(chosen.map((c) => [c.code, Math.floor(random() * 5)]))
}

function unitKind(random: Random, community: PlannedCommunity): ServedUnitKind {
  const r = random()
  if (!isUrban(community)) return r < 0.4 ? 'school' : r < 0.7 ? 'enterprise' : 'park'
  return r < 0.4 ? 'school' : r < 0.55 ? 'hospital' : r < 0.8 ? 'park' : 'enterprise'
}
