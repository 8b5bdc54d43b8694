import {
  maxCoverageCells,
  maxCoverageDays,
  type TGridCoverage,
  type TGridDay,
  type TPatrolCoverage,
  type ZPatrolCoverageQuery,
} from '@onegrid/core/api/patrols'
import { addDays, shanghaiTime } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import { text, ValidationError } from '../../platform/http/errors.ts'
import { CoverageQueries } from './coverage-queries.ts'
import { CoverageStore } from './coverage-store.ts'
import type { PatrolPorts } from './patrol-ports.ts'

type CoverageQuery = z.output<typeof ZPatrolCoverageQuery>

/** A read recomputes an open patrol's grid days at most this often. */
const refreshEveryMs = 60_000

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits

/** Whole days from `from` to `to`, both included. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  for (let d = from; d <= to && days.length <= maxCoverageDays; d = addDays(d, 1)) days.push(d)
  return days
}

/**
 * Patrol coverage per grid per day (覆盖率): recomputed for the grids and days a patrol
 * touches when it ends and on late points, in the same transaction; for open patrols when
 * read. See coverage-store.ts for the figures and docs/KPI.md for the formula.
 */
export class CoverageService {
  readonly store = new CoverageStore()
  private readonly queries: CoverageQueries

  constructor(private readonly ports: PatrolPorts) {
    this.queries = new CoverageQueries(ports.db)
  }

  /** Recomputes the grid days of these patrols inside the caller's transaction. */
  async recomputeFor(trx: Db, patrolIds: readonly string[], now: Date): Promise<number> {
    const keys = await this.store.targets(trx, patrolIds)
    const n = await this.store.recompute(trx, keys, now)
    await this.store.markComputed(trx, patrolIds, now)
    return n
  }

  /** Every grid day of every patrol (the demo loader, after bulk inserts). */
  async recomputeAll(trx: Db, now: Date): Promise<number> {
    const keys = await this.store.targets(trx, null)
    return this.store.recompute(trx, keys, now)
  }

  /** Brings open patrols near an area up to date before their figures are read. */
  private async refreshOpen(areaCode: string, from: Date, to: Date): Promise<void> {
    const now = this.ports.clock.now()
    const ids = await this.store.staleNear(
      this.ports.db,
      areaCode,
      from,
      to,
      new Date(now.getTime() - refreshEveryMs),
    )
    if (ids.length === 0) return
    await this.ports.db.transaction().execute(async (trx) => {
      // Lock them, so a point arriving meanwhile marks them stale again after this.
      await trx.selectFrom('patrols').select('id').where('id', 'in', ids).forUpdate().execute()
      await this.recomputeFor(trx, ids, now)
    })
  }

  async coverage(p: UserPrincipal, q: CoverageQuery): Promise<TPatrolCoverage> {
    const field = q.gridCode !== undefined ? 'gridCode' : 'areaCode'
    const code = q.gridCode ?? q.areaCode
    if (code === undefined)
      throw new ValidationError({
        areaCode: text('请选择街道、社区或网格', 'Choose a street, community or grid'),
      })
    if (q.to < q.from)
      throw new ValidationError({ to: text('结束日期不能早于开始日期', 'The end is before the start') })
    const days = daysBetween(q.from, q.to)
    if (days.length > maxCoverageDays)
      throw new ValidationError({
        to: text(`一次最多查询 ${maxCoverageDays} 天`, `At most ${maxCoverageDays} days at a time`),
      })
    const area = await this.ports.area(code).catch(() => null)
    if (!area || !pathInScope(area.path, p.scope) || (field === 'gridCode' && area.level !== 'grid'))
      throw new ValidationError({
        [field]: text('区域不存在或不在您的辖区内', 'No such area in your jurisdiction'),
      })
    const grids = await this.queries.gridCount(p.scope, area.path)
    if (grids * days.length > maxCoverageCells)
      throw new ValidationError({
        [field]: text(
          `${grids} 个网格 × ${days.length} 天过多，请缩小区域或日期范围`,
          `${grids} grids × ${days.length} days is too many: narrow the area or the dates`,
        ),
      })
    const start = shanghaiTime(q.from, '00:00')
    const end = shanghaiTime(q.to, '24:00')
    await this.refreshOpen(area.code, start, end)

    const rows = await this.queries.gridDays(p.scope, area.path, q.from, q.to)
    const byGrid = new Map<string, { name: string; days: Map<string, TGridDay> }>()
    for (const r of rows) {
      const g = byGrid.get(r.code) ?? { name: r.name, days: new Map<string, TGridDay>() }
      byGrid.set(r.code, g)
      if (r.day === null) continue
      g.days.set(r.day, {
        day: r.day,
        patrolled: r.patrolled ?? false,
        distanceM: round(r.distanceM ?? 0, 1),
        durationS: r.durationS ?? 0,
        coverage: round(r.coverage ?? 0, 4),
        workers: r.workers ?? 0,
      })
    }
    const grids_: TGridCoverage[] = [...byGrid].map(([code, g]) => {
      const list = days.map(
        (day): TGridDay =>
          g.days.get(day) ?? { day, patrolled: false, distanceM: 0, durationS: 0, coverage: 0, workers: 0 },
      )
      return {
        code,
        name: g.name,
        days: list,
        patrolledDays: list.filter((d) => d.patrolled).length,
        meanCoverage: round(list.reduce((s, d) => s + d.coverage, 0) / list.length, 4),
      }
    })
    return { from: q.from, to: q.to, grids: grids_ }
  }
}
