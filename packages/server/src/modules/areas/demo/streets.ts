import { type LngLat, numberingOrder } from '@onegrid/core/codes/grid-numbering'
import type { Db } from '../../../platform/db/database.ts'
import { distance, METRES_PER_DEGREE, type MultiPolygon, samplePoints } from './geometry.ts'
import { subdistrictNames, townNames, townshipNames } from './names.ts'
import { plan } from './plan.ts'
import { stream } from './random.ts'
import { type Cell, relaxedTessellation } from './tessellate.ts'

export type StreetKind = 'subdistrict' | 'town' | 'township'

export type PlannedStreet = Cell & { code: string; name: string; kind: StreetKind }

/** km² → square "scaled degrees" (one unit per degree of latitude). */
export const scaledArea = (km2: number) => km2 / (METRES_PER_DEGREE / 1000) ** 2

/**
 * The 15 streets/towns: 5 街道 seeded close together around the old town in the north-west,
 * 9 镇 and 1 乡 spread over the rest; Voronoi cells clipped by the district, the rural seeds
 * relaxed once. Codes by kind (街道 001–, 镇 101–, 乡 201–), numbered by position
 * north→south, west→east; the 乡 is the rural cell farthest from the old town.
 */
export async function planStreets(db: Db, seed: number, district: MultiPolygon): Promise<PlannedStreet[]> {
  const random = stream(seed, 'streets')
  const { subdistricts, towns, townships } = plan.streets
  const rural = towns + townships
  const ruralSpacing = Math.sqrt(scaledArea(plan.outline.areaKm2) / rural)
  const core = plan.urbanCore
  const urbanSeeds = samplePoints(random, district, {
    count: subdistricts,
    spacing: 0.022,
    within: { centre: core, radius: 0.03 },
  })
  const ruralSeeds = samplePoints(random, district, {
    count: rural,
    spacing: 0.8 * ruralSpacing,
    avoid: { centre: core, radius: 0.085 },
  })
  const seeds = [...urbanSeeds, ...ruralSeeds]
  const [cells] = await relaxedTessellation(
    db,
    [{ parent: district, seeds, fixed: seeds.map((_, i) => i < subdistricts) }],
    1,
  )
  if (!cells) throw new Error('the district was not tessellated')
  const urbanCells = cells.slice(0, subdistricts)
  const ruralCells = cells.slice(subdistricts)
  // The 乡 (townships) are the rural cells farthest from the old town.
  const byRemoteness = ruralCells
    .map((cell, i) => ({ i, d: distance(cell.centroid, core) }))
    .sort((a, b) => b.d - a.d || a.i - b.i)
  const townshipIndexes = new Set(byRemoteness.slice(0, townships).map((r) => r.i))
  const townCells = ruralCells.filter((_, i) => !townshipIndexes.has(i))
  const townshipCells = ruralCells.filter((_, i) => townshipIndexes.has(i))
  return [
    ...numbered(urbanCells, 'subdistrict', 1, subdistrictNames, 0.5 * 0.022),
    ...numbered(townCells, 'town', 101, townNames, 0.5 * ruralSpacing),
    ...numbered(townshipCells, 'township', 201, townshipNames, 0.5 * ruralSpacing),
  ]
}

function numbered(
  cells: Cell[],
  kind: StreetKind,
  firstSegment: number,
  names: readonly string[],
  rowTolerance: number,
): PlannedStreet[] {
  const order = numberingOrder(
    cells.map((c): LngLat => c.centroid),
    rowTolerance,
  )
  return order.map((index, position) => {
    const cell = cells[index] as Cell
    const name = names[position]
    if (!name) throw new Error(`no ${kind} name left for position ${position}`)
    return {
      ...cell,
      code: `${plan.district.code}${String(firstSegment + position).padStart(3, '0')}`,
      name,
      kind,
    }
  })
}
