import type { TItemRoute } from '@onegrid/core/api/catalog'
import { routeFor } from '@onegrid/core/catalog/routing'
import { NotFound } from '../../platform/http/errors.ts'
import type { CatalogQueries } from './queries.ts'
import { itemText } from './service.ts'

const depthOf = { district: 0, street: 1, community: 2 } as const

/** What routing needs from the other modules: an area's path, and the unit that is a body at an area. */
export type RoutingDeps = {
  areaPathOf: (code: string) => Promise<string>
  unitOfBody: (body: string, areaCode: string) => Promise<{ id: number; name: string } | undefined>
}

/**
 * Where a case of an item reported in an area goes: the item's routing rule
 * (the most specific area override wins) turned into the unit that is that
 * handling body at that level above the area — 东湖街道's 综合执法平台, the
 * district's 城市管理局. `unit` is null when no unit is that body there yet.
 */
export class ItemRouter {
  constructor(
    private readonly queries: CatalogQueries,
    private readonly deps: RoutingDeps,
  ) {}

  async route(itemCode: string, areaCode: string): Promise<TItemRoute> {
    const item = await this.queries.item(itemCode)
    if (!item) throw new NotFound(itemText, itemCode)
    const path = await this.deps.areaPathOf(areaCode)
    const target = routeFor(item.rules.routing, path)
    // Path segments are district, street, community, grid: the target level's area is the segment at its depth.
    const at = path.split('.')[depthOf[target.level]] ?? null
    const unit = at ? ((await this.deps.unitOfBody(target.body, at)) ?? null) : null
    return {
      itemCode,
      areaCode,
      body: target.body,
      level: target.level,
      overriddenAt: target.overriddenAt,
      areaOfLevel: at,
      unit,
    }
  }
}
