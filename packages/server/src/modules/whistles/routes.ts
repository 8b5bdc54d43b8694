import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZUnit } from '@onegrid/core/api/identity'
import {
  ZAcknowledgeWhistle,
  ZCheckInWhistle,
  ZCloseWhistle,
  ZEscalateWhistle,
  ZRaiseWhistle,
  ZWhistle,
  ZWhistleIdParams,
  ZWhistleList,
  ZWhistleListQuery,
} from '@onegrid/core/api/whistles'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { WhistleService } from './whistles.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const reads = { access: { permission: 'whistles.read' } } as const
const tags = ['whistles']

/** The whistle (吹哨报到). Handlers only translate HTTP; who may do what is the service's. */
export const whistleRoutes =
  (whistles: WhistleService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/whistles',
      {
        config: { access: { permission: 'whistles.raise' } },
        schema: {
          operationId: 'raiseWhistle',
          summary:
            'Blow the whistle: summon departments (units of the district) to a place of one’s jurisdiction, about a case or not, with limits to acknowledge and to arrive',
          tags,
          body: ZRaiseWhistle,
          response: { 201: ZWhistle, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await whistles.raise(requireUser(request), actorOf(request), request.body)),
    )

    app.get(
      '/api/whistles',
      {
        config: reads,
        schema: {
          operationId: 'listWhistles',
          summary:
            'Whistles of one’s jurisdiction or summoning one’s department, open first, newest first; waitingForMe: those still waiting for one’s department',
          tags,
          querystring: ZWhistleListQuery,
          response: { 200: ZWhistleList, ...errors },
        },
      },
      async (request) => whistles.list(requireUser(request), request.query),
    )

    app.get(
      '/api/whistles/units',
      {
        config: { access: { permission: 'whistles.raise' } },
        schema: {
          operationId: 'listWhistleUnits',
          summary:
            'The departments and platforms a whistle may summon: the departments of the caller’s district (a grid worker’s own jurisdiction holds none) and the street platforms above or within the caller’s jurisdiction, departments first',
          tags,
          response: { 200: z.object({ items: z.array(ZUnit) }), ...errors },
        },
      },
      async (request) => ({ items: await whistles.summonable(requireUser(request)) }),
    )

    app.get(
      '/api/whistles/:id',
      {
        config: reads,
        schema: {
          operationId: 'getWhistle',
          summary:
            'One whistle: who was summoned, who acknowledged and arrived when, who missed; what the caller may do',
          tags,
          params: ZWhistleIdParams,
          response: { 200: ZWhistle, ...errors },
        },
      },
      async (request) => whistles.get(requireUser(request), request.params.id),
    )

    app.post(
      '/api/whistles/:id/acknowledge',
      {
        config: { access: { permission: 'whistles.answer' } },
        schema: {
          operationId: 'acknowledgeWhistle',
          summary: 'Acknowledge (报到) a whistle for one’s summoned department',
          tags,
          params: ZWhistleIdParams,
          body: ZAcknowledgeWhistle,
          response: { 200: ZWhistle, ...errors },
        },
      },
      async (request) =>
        whistles.acknowledge(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/whistles/:id/check-in',
      {
        config: reads,
        schema: {
          operationId: 'checkInWhistle',
          summary:
            'Arrive: a summoned department’s handler checks in by position within the radius, or the raiser records a department’s arrival (unitId); late arrivals are marked',
          tags,
          params: ZWhistleIdParams,
          body: ZCheckInWhistle,
          response: { 200: ZWhistle, ...errors },
        },
      },
      async (request) =>
        whistles.checkIn(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/whistles/:id/escalate',
      {
        config: { access: { permission: 'whistles.escalate' } },
        schema: {
          operationId: 'escalateWhistle',
          summary: 'Escalate (督办) a whistle a department has not answered; the center, once',
          tags,
          params: ZWhistleIdParams,
          body: ZEscalateWhistle,
          response: { 200: ZWhistle, ...errors },
        },
      },
      async (request) =>
        whistles.escalate(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/whistles/:id/close',
      {
        config: reads,
        schema: {
          operationId: 'closeWhistle',
          summary:
            'Close a whistle with its outcome (the raiser or the center); departments still expected are counted as missed',
          tags,
          params: ZWhistleIdParams,
          body: ZCloseWhistle,
          response: { 200: ZWhistle, ...errors },
        },
      },
      async (request) =>
        whistles.close(requireUser(request), actorOf(request), request.params.id, request.body),
    )
  }
