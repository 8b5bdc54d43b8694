import type { TPlaceMap, ZPlaceMapQuery } from '@onegrid/core/api/places'
import { type PlaceKind, placeKinds } from '@onegrid/core/registry/places'
import type { z } from 'zod'
import type { UserPrincipal } from '../../../platform/auth/principal.ts'
import { text, ValidationError } from '../../../platform/http/errors.ts'
import { areaPathInScope } from '../policy.ts'
import type { PlaceRecords } from './place-records.ts'
import type { PlaceRowBase, PlaceSpec } from './place-spec.ts'

/** Markers drawn at once; a street's worth. Beyond it the map asks to zoom into an area. */
const mapCap = 3000

/** The places layer of the registry's grid map: points of the chosen kinds inside an area. */
export class PlaceMap {
  constructor(
    private readonly records: PlaceRecords,
    private readonly specs: Readonly<Record<PlaceKind, PlaceSpec<PlaceRowBase, object>>>,
  ) {}

  async points(p: UserPrincipal, input: z.output<typeof ZPlaceMapQuery>): Promise<TPlaceMap> {
    const areaPath = input.areaCode
      ? await areaPathInScope(this.records.ports.area, p, input.areaCode)
      : p.scope.areaPaths[0]
    if (!areaPath) throw new ValidationError({ areaCode: text('请选择区域', 'Choose an area') })
    const kinds = input.kinds ? input.kinds.split(',') : [...placeKinds]
    const unknown = kinds.filter((k) => !placeKinds.some((known) => known === k))
    if (unknown.length > 0)
      throw new ValidationError({
        kinds: text(`未知类别：${unknown.join('、')}`, `Unknown kinds: ${unknown.join(', ')}`),
      })
    const specs = placeKinds.filter((k) => kinds.includes(k)).map((k) => this.specs[k])
    return this.records.ports.queries.points(specs, p.scope, areaPath, mapCap)
  }
}
