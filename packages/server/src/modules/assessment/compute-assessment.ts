import type { TAssessmentRow } from '@onegrid/core/api/assessment'
import {
  type AssessmentAreaLevel,
  type AssessmentKind,
  type AssessmentScheme,
  type Figures,
  rankByComposite,
  scoreOf,
} from '@onegrid/core/stats/assessment'
import type { Measures } from '@onegrid/core/stats/measures'
import { daysBetween, type Period, periodOf } from '@onegrid/core/stats/periods'
import { addDays, shanghaiDate, shanghaiTime } from '@onegrid/core/time/calendar'
import type { AreaRef, AssessmentQueries, GridCount } from './assessment-queries.ts'
import type { AssessmentPorts } from './ports.ts'

/** A row as computed (and frozen): the presented row plus where the object works, for jurisdiction. */
export type AssessedRow = Omit<TAssessmentRow, 'bottom' | 'areas'> & {
  /** Areas: the level; '' for the other kinds. */
  level: string
  areas: AreaRef[]
  /** The areas the row belongs to: a caller sees it when one of them lies inside their jurisdiction. */
  paths: string[]
  unitId: number | null
}

/** The month assessed: its days, its instants and how much of it has passed. */
export type MonthWindow = {
  month: string
  period: Period
  from: Date
  to: Date
  /** The end of what is counted: the month's end, or now while it runs. */
  cutoff: Date
  /** The last day counted (the month's last, or today). */
  lastDay: string
  /** Days counted (for coverage means). */
  days: number
  ended: boolean
}

export function monthWindow(month: string, now: Date): MonthWindow {
  const period = periodOf('month', `${month}-01`)
  const from = shanghaiTime(period.from, '00:00')
  const to = shanghaiTime(addDays(period.to, 1), '00:00')
  const today = shanghaiDate(now)
  const ended = to.getTime() <= now.getTime()
  const lastDay = ended ? period.to : today < period.from ? period.from : today
  return {
    month,
    period,
    from,
    to,
    cutoff: ended ? to : now,
    lastDay,
    days: today < period.from ? 0 : daysBetween(period.from, lastDay) + 1,
    ended,
  }
}

type GridFigures = { registered: number; publicReported: number; verify: GridCount | undefined }

const sum = <T>(items: readonly T[], f: (t: T) => number) => items.reduce((s, t) => s + f(t), 0)
const within = (path: string, under: string) => path === under || path.startsWith(`${under}.`)

/**
 * Computes the assessment of one kind for a whole district and month: the figures of every
 * object (docs/KPI.md 考核), scored with the scheme and ranked. The jurisdiction of whoever
 * reads it is applied afterwards, so a person's score is the same whoever looks.
 */
export class AssessmentComputer {
  constructor(
    private readonly ports: AssessmentPorts,
    private readonly queries: AssessmentQueries,
  ) {}

  async rows(
    district: string,
    w: MonthWindow,
    kind: AssessmentKind,
    level: AssessmentAreaLevel,
    scheme: AssessmentScheme,
  ): Promise<AssessedRow[]> {
    const objects = await this.objects(district, w, kind, level)
    const scored = objects.map((o) => {
      const s = scoreOf(scheme, o.figures)
      return {
        key: o.key,
        name: o.name,
        level: kind === 'area' ? level : '',
        areas: o.areas,
        paths: o.paths,
        unitId: o.unitId,
        households: o.households,
        indicators: s.indicators,
        composite: s.composite,
        grade: s.grade,
        smallSample: s.smallSample,
      }
    })
    return rankByComposite(scored)
  }

  private async measures(
    w: MonthWindow,
    district: string,
    groupBy: 'reporter' | 'grid' | 'department' | AssessmentAreaLevel,
  ) {
    const { rows } = await this.ports.stats.measure(
      w.period,
      { areaPaths: [district], unitIds: null },
      groupBy,
    )
    return new Map<string, { name: string; m: Measures }>(
      rows.map((r) => [r.key, { name: r.name, m: r.measures }]),
    )
  }

  /** Per grid: registered, registered from the public, verifications. */
  private async gridFigures(district: string, w: MonthWindow): Promise<Map<string, GridFigures>> {
    const [grids, verify] = await Promise.all([
      this.measures(w, district, 'grid'),
      this.queries.verifications(district, w.from, w.to, w.cutoff),
    ])
    const out = new Map<string, GridFigures>()
    for (const [code, g] of grids)
      out.set(code, {
        registered: g.m.registered,
        publicReported: g.m.registered - g.m.discovered_locally,
        verify: undefined,
      })
    for (const v of verify) {
      const g = out.get(v.gridCode) ?? { registered: 0, publicReported: 0, verify: undefined }
      g.verify = v
      out.set(v.gridCode, g)
    }
    return out
  }

  private async objects(
    district: string,
    w: MonthWindow,
    kind: AssessmentKind,
    level: AssessmentAreaLevel,
  ): Promise<
    {
      key: string
      name: string
      areas: AreaRef[]
      paths: string[]
      unitId: number | null
      households: number | null
      figures: Figures
    }[]
  > {
    switch (kind) {
      case 'grid_worker': {
        const [postings, reporters, grids, coverage, visits] = await Promise.all([
          this.queries.gridWorkers(district),
          this.measures(w, district, 'reporter'),
          this.gridFigures(district, w),
          this.ports.coverageByGrid(district, w.period.from, w.lastDay),
          this.ports.visitsByGrid(district, w.from, w.cutoff, w.lastDay),
        ])
        const cover = new Map(coverage.map((c) => [c.gridCode, c.coverageSum]))
        const visit = new Map(visits.map((v) => [v.gridCode, v]))
        const byWorker = new Map<number, typeof postings>()
        for (const p of postings) byWorker.set(p.userId, [...(byWorker.get(p.userId) ?? []), p])
        return [...byWorker].map(([userId, own]) => {
          const mine = reporters.get(String(userId))?.m
          const gs = own.map((p) => grids.get(p.grid.code))
          return {
            key: String(userId),
            name: own[0]?.name ?? `#${userId}`,
            areas: own.map((p) => p.grid),
            paths: own.map((p) => p.grid.path),
            unitId: null,
            households: Math.round(sum(own, (p) => (p.households ?? 0) / p.workers) * 10) / 10,
            figures: {
              reported: mine?.reported ?? 0,
              valid: mine?.valid ?? 0,
              registered: sum(gs, (g) => g?.registered ?? 0),
              publicReported: sum(gs, (g) => g?.publicReported ?? 0),
              verifyDue: sum(gs, (g) => g?.verify?.due ?? 0),
              verifyOnTime: sum(gs, (g) => g?.verify?.onTime ?? 0),
              coverageSum: sum(own, (p) => cover.get(p.grid.code) ?? 0),
              coverageDays: own.length * w.days,
              visitsDue: sum(own, (p) => visit.get(p.grid.code)?.due ?? 0),
              visitsDone: sum(own, (p) => visit.get(p.grid.code)?.done ?? 0),
            },
          }
        })
      }
      case 'supervisor': {
        const [postings, reporters, grids, gridList] = await Promise.all([
          this.queries.postings('supervisor', district),
          this.measures(w, district, 'reporter'),
          this.gridFigures(district, w),
          this.queries.grids(district),
        ])
        return this.byPerson(postings).map(({ userId, name, areas }) => {
          const mine = reporters.get(String(userId))?.m
          const gs = gridList
            .filter((g) => areas.some((a) => within(g.path, a.path)))
            .map((g) => grids.get(g.code))
          return {
            key: String(userId),
            name,
            areas,
            paths: areas.map((a) => a.path),
            unitId: null,
            households: null,
            figures: {
              reported: mine?.reported ?? 0,
              valid: mine?.valid ?? 0,
              registered: sum(gs, (g) => g?.registered ?? 0),
              publicReported: sum(gs, (g) => g?.publicReported ?? 0),
              verifyDue: sum(gs, (g) => g?.verify?.due ?? 0),
              verifyOnTime: sum(gs, (g) => g?.verify?.onTime ?? 0),
            },
          }
        })
      }
      case 'operator':
      case 'dispatcher': {
        const [postings, counts] = await Promise.all([
          this.queries.postings(kind, district),
          kind === 'operator'
            ? this.queries.decisions(district, w.from, w.cutoff)
            : this.queries.dispatches(district, w.from, w.cutoff),
        ])
        const byUser = new Map(counts.map((c) => [c.userId, c]))
        return this.byPerson(postings).map(({ userId, name, areas }) => {
          const c = byUser.get(userId)
          const figures: Figures =
            kind === 'operator'
              ? { decided: c?.count ?? 0, decidedOnTime: c?.onTime ?? 0 }
              : {
                  dispatches: c?.count ?? 0,
                  dispatchesOnTime: c?.onTime ?? 0,
                  dispatchesAccurate: c?.accurate ?? 0,
                }
          return {
            key: String(userId),
            name,
            areas,
            paths: areas.map((a) => a.path),
            unitId: null,
            households: null,
            figures,
          }
        })
      }
      case 'department': {
        const [byUnit, units, summonses] = await Promise.all([
          this.measures(w, district, 'department'),
          this.queries.units(district),
          this.ports.whistlesByUnit(district, w.from, w.to, w.cutoff),
        ])
        const whistles = new Map(summonses.map((s) => [s.unitId, s]))
        return units.flatMap((u) => {
          const m = byUnit.get(String(u.id))?.m
          const whistle = whistles.get(u.id)
          // A unit nothing was dispatched to, due from or summoned by a whistle in the month has nothing to assess.
          if ((!m || m.dispatched + m.due + m.due_close === 0) && !whistle) return []
          return [
            {
              key: String(u.id),
              name: u.name,
              areas: [],
              paths: [u.path],
              unitId: u.id,
              households: null,
              figures: {
                dueClose: m?.due_close ?? 0,
                closedDue: m?.closed_due ?? 0,
                reworked: m?.reworked ?? 0,
                due: m?.due ?? 0,
                handledOnTime: m?.handled_on_time ?? 0,
                dispatched: m?.dispatched ?? 0,
                returned: m?.returned ?? 0,
                shirked: m?.shirked ?? 0,
                whistlesSummoned: whistle?.summoned ?? 0,
                whistlesArrived: whistle?.arrived ?? 0,
              },
            },
          ]
        })
      }
      case 'area': {
        const [byArea, areas] = await Promise.all([
          this.measures(w, district, level),
          this.queries.areasAt(level, district),
        ])
        return areas.map((a) => {
          const m = byArea.get(a.code)?.m
          return {
            key: a.code,
            name: a.name,
            areas: [{ code: a.code, name: a.name, path: a.path }],
            paths: [a.path],
            unitId: null,
            households: null,
            figures: {
              registered: m?.registered ?? 0,
              publicReported: (m?.registered ?? 0) - (m?.discovered_locally ?? 0),
              grids: a.grids,
              dueClose: m?.due_close ?? 0,
              closedDue: m?.closed_due ?? 0,
              due: m?.due ?? 0,
              closedOnTime: m?.closed_on_time ?? 0,
            },
          }
        })
      }
    }
  }

  /** Postings grouped by person (someone posted to two areas is one row over both). */
  private byPerson(postings: readonly { userId: number; name: string; area: AreaRef }[]) {
    const out = new Map<number, { userId: number; name: string; areas: AreaRef[] }>()
    for (const p of postings) {
      const seen = out.get(p.userId) ?? { userId: p.userId, name: p.name, areas: [] }
      // An area inside another of the person's counts once (the wider one covers it).
      if (!seen.areas.some((a) => within(p.area.path, a.path))) {
        seen.areas = [...seen.areas.filter((a) => !within(a.path, p.area.path)), p.area]
      }
      out.set(p.userId, seen)
    }
    return [...out.values()]
  }
}
