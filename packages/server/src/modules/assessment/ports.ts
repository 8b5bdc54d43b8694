import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import type { StatsService } from '../stats/stats-service.ts'

/** What the assessment takes from the other modules, through their services; app.ts wires it. */
export type AssessmentPorts = {
  db: Db
  clock: Clock
  /** The statistics: rollup measures of a month by reporter, grid, department or area level; the scope. */
  stats: Pick<StatsService, 'measure' | 'catchUp' | 'resolveScope'>
  /**
   * Field work, per grid under an area (the district): visit targets due by `lastDay` by the plan as
   * it stood on `from`, and those visited in [from, to) (fieldwork's VisitQueries.monthByGrid).
   */
  visitsByGrid: (
    areaPath: string,
    from: Date,
    to: Date,
    lastDay: string,
  ) => Promise<{ gridCode: string; due: number; done: number }[]>
  /** The sum of each day's patrol coverage (0..1) per grid over [fromDay, toDay] (CoverageQueries). */
  coverageByGrid: (
    areaPath: string,
    fromDay: string,
    toDay: string,
  ) => Promise<{ gridCode: string; coverageSum: number }[]>
  /**
   * The whistle (吹哨报到), per unit of a district: summonses whose arrival limit fell in
   * [from, to) and is known by `cutoff` (passed, or arrived or missed already), and of those
   * arrived by the limit (whistles' WhistleQueries.byUnit).
   */
  whistlesByUnit: (
    district: string,
    from: Date,
    to: Date,
    cutoff: Date,
  ) => Promise<{ unitId: number; summoned: number; arrived: number }[]>
  /** Who someone is, as people know them (identity's display name). */
  displayName: (userId: number) => Promise<string | undefined>
}
