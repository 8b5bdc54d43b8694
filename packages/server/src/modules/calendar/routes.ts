import {
  ZCalendar,
  ZCalendarYearParams,
  ZDeadlineRequest,
  ZDeadlineResult,
  ZUpdateCalendar,
  ZUpdateWorkingHours,
  ZWorkingPeriod,
} from '@onegrid/core/api/calendar'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { CalendarService } from './service.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody }

/** The working-day calendar: holidays, make-up working days, working hours, deadline previews. */
export const calendarRoutes =
  (calendar: CalendarService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/calendar/:year',
      {
        config: { access: { signedIn: true } },
        schema: {
          operationId: 'getCalendar',
          summary: 'A year’s holidays and make-up working days, the working hours and the known years',
          tags: ['calendar'],
          params: ZCalendarYearParams,
          response: { 200: ZCalendar, ...errors },
        },
      },
      async (request) => calendar.year(request.params.year),
    )

    app.put(
      '/api/calendar/:year',
      {
        config: { access: { permission: 'calendar.manage' } },
        schema: {
          operationId: 'updateCalendar',
          summary:
            'Enter or replace a year’s schedule (holidays and 调休 make-up days); district-wide admins',
          tags: ['calendar'],
          params: ZCalendarYearParams,
          body: ZUpdateCalendar,
          response: { 200: ZCalendar, ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request)
        return calendar.updateYear(user.scope, actorOf(request), request.params.year, request.body)
      },
    )

    app.put(
      '/api/calendar/hours',
      {
        config: { access: { permission: 'calendar.manage' } },
        schema: {
          operationId: 'updateWorkingHours',
          summary: 'Set the working periods of a working day (e.g. 08:30–12:00, 13:30–17:30)',
          tags: ['calendar'],
          body: ZUpdateWorkingHours,
          response: { 200: z.object({ hours: z.array(ZWorkingPeriod) }), ...errors },
        },
      },
      async (request) => calendar.updateHours(requireUser(request).scope, actorOf(request), request.body),
    )

    app.post(
      '/api/calendar/deadline',
      {
        config: { access: { signedIn: true } },
        schema: {
          operationId: 'computeDeadline',
          summary:
            'When limits started at a moment run out, with pauses and extensions (the console’s preview)',
          tags: ['calendar'],
          body: ZDeadlineRequest,
          response: { 200: ZDeadlineResult, ...errors },
        },
      },
      async (request) => calendar.computeDeadlines(request.body),
    )
  }
