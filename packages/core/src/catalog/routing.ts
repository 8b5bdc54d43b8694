import type { TRouting, TRoutingTarget } from '../api/catalog.ts'

/**
 * Who handles an item's case in a place: the override of the most specific
 * area that contains it (a community's over its town's), else the default.
 * `areaPath` is the case's ltree path of area codes, district first.
 */
export function routeFor(
  routing: TRouting,
  areaPath: string,
): TRoutingTarget & { overriddenAt: string | null } {
  const codes = areaPath.split('.')
  let best: { depth: number; areaCode: string; target: TRoutingTarget } | null = null
  for (const o of routing.overrides) {
    const depth = codes.indexOf(o.areaCode)
    if (depth >= 0 && (best === null || depth > best.depth))
      best = { depth, areaCode: o.areaCode, target: o.target }
  }
  return best ? { ...best.target, overriddenAt: best.areaCode } : { ...routing.default, overriddenAt: null }
}
