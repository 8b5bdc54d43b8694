import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZCreateSpotCheck,
  ZRecordSpotCheckResult,
  ZSpotCheck,
  ZSpotCheckIdParams,
  ZSpotCheckItem,
  ZSpotCheckItemParams,
  ZSpotCheckItemQuery,
  ZSpotCheckList,
  ZSpotCheckListQuery,
} from '@onegrid/core/api/spot-checks'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { SpotCheckService } from './spot-checks.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const read = { access: { permission: 'registry.read' } } as const
const manage = { access: { permission: 'registry.manage' } } as const
const tags = ['registry']

/** Spot checks of the registry (抽查). Handlers only translate HTTP. */
export const spotCheckRoutes =
  (s: SpotCheckService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/registry/spot-checks',
      {
        config: manage,
        schema: {
          operationId: 'createSpotCheck',
          summary:
            'Draw a reproducible random sample of active persons per grid under an area, assigned to the grids’ workers',
          tags,
          body: ZCreateSpotCheck,
          response: { 201: ZSpotCheck, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.create(requireUser(request), actorOf(request), request.body)),
    )

    app.get(
      '/api/registry/spot-checks',
      {
        config: read,
        schema: {
          operationId: 'listSpotChecks',
          summary: 'Spot checks that reach into one’s jurisdiction, newest first',
          tags,
          querystring: ZSpotCheckListQuery,
          response: { 200: ZSpotCheckList, ...errors },
        },
      },
      async (request) => s.list(requireUser(request), request.query),
    )

    app.get(
      '/api/registry/spot-checks/:id',
      {
        config: read,
        schema: {
          operationId: 'getSpotCheck',
          summary:
            'A spot check: its items (persons masked) and the accuracy per grid, per worker and overall',
          tags,
          params: ZSpotCheckIdParams,
          querystring: ZSpotCheckItemQuery,
          response: { 200: ZSpotCheck, ...errors },
        },
      },
      async (request) => s.get(requireUser(request), request.params.id, request.query),
    )

    app.post(
      '/api/registry/spot-checks/:id/items/:itemId/result',
      {
        config: manage,
        schema: {
          operationId: 'recordSpotCheckResult',
          summary:
            'Record what the call or visit found (wrong fields named); the version read must still be current',
          tags,
          params: ZSpotCheckItemParams,
          body: ZRecordSpotCheckResult,
          response: { 200: ZSpotCheckItem, ...errors },
        },
      },
      async (request) =>
        s.recordResult(
          requireUser(request),
          actorOf(request),
          request.params.id,
          request.params.itemId,
          request.body,
        ),
    )

    app.post(
      '/api/registry/spot-checks/:id/close',
      {
        config: manage,
        schema: {
          operationId: 'closeSpotCheck',
          summary:
            'End a spot check: no result is recorded after it, its figures stay readable; already closed is 409',
          tags,
          params: ZSpotCheckIdParams,
          response: { 200: ZSpotCheck, ...errors },
        },
      },
      async (request) => s.close(requireUser(request), actorOf(request), request.params.id),
    )
  }
