import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZDueVisits,
  ZDueVisitsQuery,
  ZRecordVisit,
  ZUpdateVisitPlanSettings,
  ZVisit,
  ZVisitIdParams,
  ZVisitList,
  ZVisitListQuery,
  ZVisitPlanSettings,
  ZVisitStats,
  ZVisitStatsQuery,
} from '@onegrid/core/api/visits'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { VisitPlanSettings } from './visit-plan.ts'
import type { VisitService } from './visits.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const does = { access: { permission: 'fieldwork.do' } } as const
const reads = { access: { permission: 'fieldwork.read' } } as const
const plans = { access: { permission: 'fieldwork.plan' } } as const
const tags = ['fieldwork']

export type VisitServices = { visits: VisitService; plan: VisitPlanSettings }

/** Visits (走访) and the visit plan. Handlers only translate HTTP. */
export const visitRoutes =
  (s: VisitServices): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/visits',
      {
        config: does,
        schema: {
          operationId: 'recordVisit',
          summary:
            'Record one’s visit to a household or person of one’s jurisdiction (notes, findings, photos, position); once per Idempotency-Key',
          tags,
          body: ZRecordVisit,
          response: { 201: ZVisit, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.visits.record(requireUser(request), actorOf(request), request.body)),
    )

    app.get(
      '/api/visits',
      {
        config: reads,
        schema: {
          operationId: 'listVisits',
          summary:
            'Visits within one’s jurisdiction, newest first: by worker, day or days, person, household, area, finding',
          tags,
          querystring: ZVisitListQuery,
          response: { 200: ZVisitList, ...errors },
        },
      },
      async (request) => s.visits.list(requireUser(request), request.query),
    )

    app.get(
      '/api/visits/due',
      {
        config: reads,
        schema: {
          operationId: 'listDueVisits',
          summary:
            'The visit plan of one’s jurisdiction (or an area of it): each household and special-group person with its rule, last visit, due date and status, most urgent first; and today’s progress against 日访十户',
          tags,
          querystring: ZDueVisitsQuery,
          response: { 200: ZDueVisits, ...errors },
        },
      },
      async (request) => s.visits.due(requireUser(request), request.query),
    )

    app.get(
      '/api/visits/stats',
      {
        config: reads,
        schema: {
          operationId: 'getVisitStats',
          summary:
            'Per grid under an area: targets, overdue and due visits now, visits of a month and the completion rate',
          tags,
          querystring: ZVisitStatsQuery,
          response: { 200: ZVisitStats, ...errors },
        },
      },
      async (request) => s.visits.stats(requireUser(request), request.query),
    )

    app.get(
      '/api/visits/:id',
      {
        config: reads,
        schema: {
          operationId: 'getVisit',
          summary: 'One visit within one’s jurisdiction, with its findings and photos',
          tags,
          params: ZVisitIdParams,
          response: { 200: ZVisit, ...errors },
        },
      },
      async (request) => s.visits.get(requireUser(request), request.params.id),
    )

    app.get(
      '/api/visit-plan',
      {
        config: { access: { signedIn: true } },
        schema: {
          operationId: 'getVisitPlanSettings',
          summary: 'The district’s visit plan rates (五必访, 日访十户)',
          tags,
          response: { 200: ZVisitPlanSettings, ...errors },
        },
      },
      async () => s.plan.get(),
    )

    app.put(
      '/api/visit-plan',
      {
        config: plans,
        schema: {
          operationId: 'updateVisitPlanSettings',
          summary: 'Change the visit plan rates, at the version read; district-wide administrators',
          tags,
          body: ZUpdateVisitPlanSettings,
          response: { 200: ZVisitPlanSettings, ...errors },
        },
      },
      async (request) => s.plan.update(requireUser(request), actorOf(request), request.body),
    )
  }
