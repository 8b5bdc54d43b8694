import { channels, type TCatalogRules } from '@onegrid/core/api/catalog'
import { between, mulberry32 } from '@onegrid/core/random'
import type { Actor, Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { CatalogQueries } from './queries.ts'
import type { CatalogDefaults, CatalogService } from './service.ts'
import type { CatalogStore } from './store.ts'

const district = '110120'
const demoActor: Actor = { userId: null, name: 'demo', ip: null, userAgent: null, requestId: null }
const districtScope: Scope = { areaPaths: [district], unitIds: [] }

/**
 * The default catalog names no place, so a fresh deployment loads it whatever
 * its areas. Routing overrides name areas: without the demo's areas they cannot exist yet.
 */
export function withoutOverrides(defaults: CatalogDefaults): CatalogDefaults {
  return {
    ...defaults,
    items: defaults.items.map((i) => ({
      ...i,
      rules: { ...i.rules, routing: { ...i.rules.routing, overrides: [] } },
    })),
  }
}

/**
 * Demo step: 云溪区's own arrangements on top of the default catalog. Items whose
 * defaults route differently in some of the demo's towns get that as version 2
 * (so the console shows a version history), and a month of refused reports
 * gives the refusal counts something to show.
 */
export async function loadDemoCatalog(deps: {
  catalog: CatalogService
  queries: CatalogQueries
  store: CatalogStore
  clock: Clock
  defaults: CatalogDefaults
}): Promise<void> {
  const { catalog, queries, store, clock } = deps
  const local = deps.defaults.items.filter((i) => i.rules.routing.overrides.length > 0)
  for (const item of local) {
    const current = await queries.item(item.code)
    if (!current || current.rules.routing.overrides.length > 0) continue
    const rules: TCatalogRules = { ...current.rules, routing: item.rules.routing }
    await catalog.update(districtScope, demoActor, item.code, {
      rules,
      expectedVersion: current.version,
      reason: '演示：乡镇承接的派遣例外 local routing of the demo district',
    })
  }

  const refused = (await queries.currentItems()).filter((i) => !i.rules.admission.admitted)
  const existing = await queries.refusalCounts(new Date(0), clock.now())
  if (refused.length === 0 || existing.length > 0) return
  const random = mulberry32(20261124)
  const now = clock.now().getTime()
  const areas = ['110120001', '110120002', '110120003', '110120101', '110120102', '110120201']
  const intake = channels.filter((c) => c !== 'superior' && c !== 'iot')
  await store.transaction(async (trx) => {
    for (let n = 0; n < 140; n++) {
      // Skewed: the first refused items (110/119/120 matters) are asked for most.
      const item = refused[Math.floor(random() ** 2 * refused.length)] ?? refused[0]
      if (!item) break
      await store.recordRefusal(
        trx,
        {
          itemCode: item.code,
          versionId: item.versionId,
          channel: intake[between(random, 0, intake.length - 1)] ?? 'grid_worker',
          areaCode: areas[between(random, 0, areas.length - 1)] ?? null,
          actorId: null,
        },
        new Date(now - between(random, 0, 29 * 86_400) * 1000),
      )
    }
  })
}
