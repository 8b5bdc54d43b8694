import type { TArea } from '@onegrid/core/api/areas'
import type {
  TCampaignAreaProgress,
  TCampaignProgress,
  ZCampaignProgressQuery,
} from '@onegrid/core/api/campaigns'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { CampaignPorts } from './campaign-ports.ts'
import type { CampaignService } from './campaigns.ts'
import { expectedRate, type Frozen, figuresOf, type GridFigures } from './figures.ts'

type ProgressInput = z.output<typeof ZCampaignProgressQuery>

const levels = ['district', 'street', 'community', 'grid'] as const
const below: Record<string, (typeof levels)[number]> = {
  province: 'district',
  city: 'district',
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: 'grid',
}

/**
 * getCampaignProgress: figures per street, community or grid under an area, from the
 * per-grid counters (a few hundred rows whatever the campaign's size) rolled up by
 * path prefix; laggards are rows behind the share of working time elapsed, lowest
 * first. A closed campaign answers from the copy frozen at closing.
 */
export class CampaignProgress {
  constructor(
    private readonly ports: CampaignPorts,
    private readonly campaigns: CampaignService,
  ) {}

  async progress(p: UserPrincipal, id: number, q: ProgressInput): Promise<TCampaignProgress> {
    const c = await this.campaigns.visible(p, id)
    const code =
      q.under ??
      (pathInScope(c.areaPath, p.scope) ? c.areaCode : (p.scope.areaPaths[0]?.split('.').pop() ?? c.areaCode))
    const under = await this.campaigns.areaFilter(p.scope, code, 'under')
    const level = q.level ?? below[under.level] ?? 'grid'
    const [grids, areas, cal] = await Promise.all([
      this.campaigns.gridFigures(c, under.path, p.scope),
      this.ports.areasUnder(under.code, level),
      this.ports.calendar(),
    ])
    const now = this.ports.clock.now()
    const asOf = c.frozen ? new Date((c.frozen as Frozen).asOf) : now
    const past = asOf.getTime() > c.deadlineAt.getTime()
    const depthOf = (a: TArea) => a.path.split('.').length
    const shown = areas.filter((a) => a.level === level && pathInScope(a.path, p.scope))
    const byPath = new Map<string, GridFigures[]>()
    for (const a of shown) byPath.set(a.path, [])
    const depth = shown[0] ? depthOf(shown[0]) : 0
    for (const g of grids) byPath.get(g.areaPath.split('.').slice(0, depth).join('.'))?.push(g)
    const rows: TCampaignAreaProgress[] = shown.map((a) => ({
      code: a.code,
      name: a.name,
      level: a.level,
      ...figuresOf(byPath.get(a.path) ?? [], past),
    }))
    const expected = expectedRate(cal, c.startDate, c.deadlineDate, shanghaiDate(asOf))
    const laggards = rows
      .filter((r) => r.total > 0 && (r.rate ?? 0) < expected)
      .sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || b.total - a.total || a.code.localeCompare(b.code))
      .slice(0, q.laggards)
    return {
      campaignId: c.id,
      status: c.status,
      asOf: asOf.toISOString(),
      frozen: c.frozen !== null,
      under: { code: under.code, name: under.name, level: under.level },
      totals: figuresOf(grids, past),
      rows,
      laggards,
      expectedRate: expected,
    }
  }
}
