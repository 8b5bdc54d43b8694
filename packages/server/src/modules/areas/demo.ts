import type { Db } from '../../platform/db/database.ts'
import { planCommunities } from './demo/communities.ts'
import { irregularOutline } from './demo/geometry.ts'
import { planGrids } from './demo/grids.ts'
import { DistrictNames } from './demo/names.ts'
import { plan } from './demo/plan.ts'
import { stream } from './demo/random.ts'
import { planStreets } from './demo/streets.ts'
import type { AreaNode } from './service.ts'

/**
 * The demo district 云溪区 (code 110120), a synthetic district at the scale of the Tongzhou
 * seed: about 906 km² east of Beijing's centre, 15 streets/towns (5 街道 in the old town in
 * the north-west, 9 镇, 1 乡), 590 communities/villages and 1,809 grids. Every level is a
 * Voronoi tessellation of its parent clipped by the parent, so the network is gap-free and
 * overlap-free by construction. The same seed gives the same district.
 */
export const demoDistrict = { code: plan.district.code, name: plan.district.name } as const

/**
 * The district's area tree, parents before children (district, streets, communities,
 * grids). `db` serves read-only PostGIS computations; nothing is written.
 */
export async function demoAreaTree(db: Db, options: { seed?: number } = {}): Promise<AreaNode[]> {
  const seed = options.seed ?? plan.seed
  const outline = irregularOutline(stream(seed, 'outline'), plan.outline)
  const streets = await planStreets(db, seed, outline)
  const communities = await planCommunities(db, seed, streets, new DistrictNames(stream(seed, 'names')))
  const grids = await planGrids(db, seed, communities)
  return [
    {
      code: demoDistrict.code,
      name: demoDistrict.name,
      level: 'district',
      parentCode: null,
      geometry: outline,
    },
    ...streets.map(
      (s): AreaNode => ({
        code: s.code,
        name: s.name,
        level: 'street',
        parentCode: demoDistrict.code,
        geometry: s.geometry,
      }),
    ),
    ...communities.map(
      (c): AreaNode => ({
        code: c.code,
        name: c.name,
        level: 'community',
        parentCode: c.street.code,
        geometry: c.geometry,
      }),
    ),
    ...grids.map(
      (g): AreaNode => ({
        code: g.code,
        name: g.name,
        level: 'grid',
        parentCode: g.community.code,
        geometry: g.geometry,
        gridType: g.gridType,
        servedUnit: g.servedUnit,
        households: g.households,
        population: g.population,
        responsibleParty: g.responsibleParty,
      }),
    ),
  ]
}
