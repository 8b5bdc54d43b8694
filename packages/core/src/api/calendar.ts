import { z } from 'zod'
import { ZTimeLimit } from './catalog.ts'

/**
 * The working-day calendar: public holidays and 调休 make-up working days by
 * year, and the working hours. Deadlines everywhere are computed from it.
 */

export const ZCalendarYear = z.coerce.number().int().min(2000).max(2100)
export const ZCalendarYearParams = z.object({ year: ZCalendarYear })

export const calendarDayKinds = ['holiday', 'workday'] as const
export const ZCalendarDay = z
  .object({
    date: z.iso.date(),
    /** holiday: a day off (法定节假日); workday: a make-up working day on a weekend (调休上班). */
    kind: z.enum(calendarDayKinds),
    name: z.string().trim().max(20).default(''),
  })
  .meta({ id: 'CalendarDay' })
export type TCalendarDay = z.infer<typeof ZCalendarDay>

const ZHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:MM')
export const ZWorkingPeriod = z.object({ start: ZHhMm, end: ZHhMm }).meta({ id: 'WorkingPeriod' })
export type TWorkingPeriod = z.infer<typeof ZWorkingPeriod>

/** Where a year's schedule came from: the packaged State Council data, or an administrator. */
export const calendarSources = ['state_council', 'admin', 'assumed'] as const

export const ZCalendar = z
  .object({
    year: z.number().int(),
    /** false: no schedule entered for this year; Mon–Fri are assumed working days. */
    known: z.boolean(),
    source: z.enum(calendarSources),
    updatedAt: z.iso.datetime({ offset: true }).nullable(),
    updatedBy: z.string().nullable(),
    days: z.array(ZCalendarDay),
    hours: z.array(ZWorkingPeriod),
    /** Every year with a schedule, for the year picker. */
    knownYears: z.array(z.number().int()),
    /** Working days in the year under this schedule. */
    workingDays: z.number().int(),
  })
  .meta({ id: 'Calendar' })
export type TCalendar = z.infer<typeof ZCalendar>

export const ZUpdateCalendar = z
  .object({
    /** The year's complete list of holidays and make-up days (replaces the previous one). */
    days: z.array(ZCalendarDay).max(120),
    reason: z.string().trim().min(2, '请填写修改原因 / give a reason').max(200),
  })
  .meta({ id: 'UpdateCalendar' })
export type TUpdateCalendar = z.input<typeof ZUpdateCalendar>

export const ZUpdateWorkingHours = z
  .object({
    hours: z.array(ZWorkingPeriod).min(1).max(4),
    reason: z.string().trim().min(2, '请填写修改原因 / give a reason').max(200),
  })
  .meta({ id: 'UpdateWorkingHours' })

export const ZDeadlineRequest = z
  .object({
    start: z.iso.datetime({ offset: true }),
    limits: z
      .array(ZTimeLimit.and(z.object({ key: z.string().max(40).default('') })))
      .min(1)
      .max(50),
    pauses: z
      .array(
        z.object({
          from: z.iso.datetime({ offset: true }),
          to: z.iso.datetime({ offset: true }).nullable(),
        }),
      )
      .max(20)
      .default([]),
    extensions: z.array(ZTimeLimit).max(10).default([]),
  })
  .meta({ id: 'DeadlineRequest' })
export type TDeadlineRequest = z.input<typeof ZDeadlineRequest>

export const ZDeadlineResult = z
  .object({
    deadlines: z.array(z.object({ key: z.string(), deadline: z.iso.datetime({ offset: true }) })),
    /** Years the computation crossed that have no schedule (weekends assumed): enter them when published. */
    assumedYears: z.array(z.number().int()),
  })
  .meta({ id: 'DeadlineResult' })
export type TDeadlineResult = z.infer<typeof ZDeadlineResult>
