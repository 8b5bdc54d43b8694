import type {
  TCalendar,
  TCalendarDay,
  TDeadlineResult,
  TUpdateCalendar,
  TWorkingPeriod,
  ZDeadlineRequest,
} from '@onegrid/core/api/calendar'
import {
  addDays,
  buildCalendar,
  checkWorkingHours,
  defaultWorkingHours,
  shanghaiDate,
  type WorkCalendar,
  weekdayOf,
} from '@onegrid/core/time/calendar'
import { computeDeadline } from '@onegrid/core/time/deadline'
import type { z } from 'zod'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { requireDistrictScope } from '../../platform/auth/district-policy.ts'
import type { Actor, Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { type LocalText, text, ValidationError } from '../../platform/http/errors.ts'
import { publishedSchedules } from './published.ts'
import type { CalendarQueries, YearRow } from './queries.ts'
import type { CalendarStore } from './store.ts'

const calendarText = text('工作日历', 'the working-day calendar')

type Snapshot = { calendar: WorkCalendar; years: Map<number, YearRow>; loadedAt: number }

/**
 * The working-day calendar every deadline is computed with. It is read from the
 * database into memory and kept for `ttlMs`, so another instance's edit reaches
 * this one within that time; this instance's own edits apply at once.
 */
export class CalendarService {
  private snapshot: Snapshot | null = null

  constructor(
    private readonly store: CalendarStore,
    private readonly queries: CalendarQueries,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  /** Loads the State Council schedules of years the database does not have yet; never overwrites a year. */
  async loadPublished(): Promise<number[]> {
    const now = this.clock.now()
    const added = await this.store.transaction(async (trx) => {
      const have = await this.store.lockForSeeding(trx)
      const years: number[] = []
      for (const [year, days] of publishedSchedules()) {
        if (have.has(year)) continue
        await this.store.replaceYear(trx, year, days, {
          source: 'state_council',
          reason: '国务院办公厅节假日安排 (chinese-days)',
          actorId: null,
          at: now,
        })
        years.push(year)
      }
      return years
    })
    if (added.length > 0) this.snapshot = null
    return added
  }

  async calendar(): Promise<WorkCalendar> {
    return (await this.load()).calendar
  }

  async year(year: number): Promise<TCalendar> {
    const { calendar, years } = await this.load()
    const row = years.get(year)
    const days: TCalendarDay[] = []
    let workingDays = 0
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
      const override = calendar.dayOf(d)
      if (override) days.push({ date: d, kind: override.kind, name: override.name ?? '' })
      if (calendar.isWorkingDay(d)) workingDays++
    }
    return {
      year,
      known: row !== undefined,
      source: row?.source ?? 'assumed',
      updatedAt: row?.updatedAt.toISOString() ?? null,
      updatedBy: row?.updatedBy ?? null,
      days,
      hours: calendar.hours.map((h) => ({ start: h.start, end: h.end })),
      knownYears: [...years.keys()],
      workingDays,
    }
  }

  /** Enters or replaces a year's schedule (e.g. when the State Council publishes next year's). */
  async updateYear(scope: Scope, actor: Actor, year: number, input: TUpdateCalendar): Promise<TCalendar> {
    requireDistrictScope(scope, calendarText)
    const fields: Record<string, LocalText> = {}
    const seen = new Set<string>()
    input.days.forEach((d, i) => {
      if (!d.date.startsWith(`${year}-`))
        fields[`days.${i}.date`] = text(`${d.date} 不在 ${year} 年`, `${d.date} is not in ${year}`)
      else if (seen.has(d.date)) fields[`days.${i}.date`] = text(`${d.date} 重复`, `${d.date} appears twice`)
      else if (d.kind === 'workday' && weekdayOf(d.date) !== 0 && weekdayOf(d.date) !== 6)
        fields[`days.${i}.kind`] = text(
          `${d.date} 本是工作日，不需要调休上班`,
          `${d.date} is a weekday already; a make-up working day falls on a weekend`,
        )
      seen.add(d.date)
    })
    if (Object.keys(fields).length > 0) throw new ValidationError(fields)
    const days = input.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? '' }))
    const now = this.clock.now()
    await this.store.transaction(async (trx) => {
      await this.store.replaceYear(trx, year, days, {
        source: 'admin',
        reason: input.reason,
        actorId: actor.userId,
        at: now,
      })
      await recordAudit(
        trx,
        actor,
        {
          action: 'calendar.update',
          entityType: 'calendar',
          entityId: year,
          details: {
            reason: input.reason,
            holidays: days.filter((d) => d.kind === 'holiday').length,
            workdays: days.filter((d) => d.kind === 'workday').length,
          },
        },
        now,
      )
    })
    this.snapshot = null
    return this.year(year)
  }

  async updateHours(
    scope: Scope,
    actor: Actor,
    input: { hours: TWorkingPeriod[]; reason: string },
  ): Promise<{ hours: TWorkingPeriod[] }> {
    requireDistrictScope(scope, calendarText)
    const problems = checkWorkingHours(input.hours)
    if (problems.length > 0)
      throw new ValidationError({
        hours: text(
          `工作时段有误：${problems.join('；')}`,
          `Working hours are invalid: ${problems.join('; ')}`,
        ),
      })
    const now = this.clock.now()
    await this.store.transaction(async (trx) => {
      await this.store.saveWorkingHours(trx, input.hours, now)
      await recordAudit(
        trx,
        actor,
        {
          action: 'calendar.hours.update',
          entityType: 'calendar',
          entityId: 'hours',
          details: { reason: input.reason, hours: input.hours },
        },
        now,
      )
    })
    this.snapshot = null
    return { hours: input.hours }
  }

  /** Deadlines of several limits from one start, for the console's previews. */
  async computeDeadlines(input: z.output<typeof ZDeadlineRequest>): Promise<TDeadlineResult> {
    const calendar = await this.calendar()
    const start = new Date(input.start)
    const options = {
      pauses: input.pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null })),
      extensions: input.extensions,
    }
    const deadlines = input.limits.map((l) => ({
      key: l.key,
      deadline: computeDeadline(calendar, start, { amount: l.amount, unit: l.unit }, options),
    }))
    const last = deadlines.reduce((max, d) => (d.deadline > max ? d.deadline : max), start)
    const assumedYears: number[] = []
    for (let y = Number(shanghaiDate(start).slice(0, 4)); y <= Number(shanghaiDate(last).slice(0, 4)); y++)
      if (!calendar.knownYears.has(y)) assumedYears.push(y)
    return {
      deadlines: deadlines.map((d) => ({ key: d.key, deadline: d.deadline.toISOString() })),
      assumedYears,
    }
  }

  private async load(): Promise<Snapshot> {
    const now = this.clock.now().getTime()
    if (this.snapshot && now - this.snapshot.loadedAt < this.ttlMs) return this.snapshot
    const [years, days, hours] = await Promise.all([
      this.queries.years(),
      this.queries.allDays(),
      this.queries.workingHours(),
    ])
    const calendar = buildCalendar({
      days,
      years: years.map((y) => y.year),
      hours: hours ?? defaultWorkingHours,
    })
    this.snapshot = { calendar, years: new Map(years.map((y) => [y.year, y])), loadedAt: now }
    return this.snapshot
  }
}
