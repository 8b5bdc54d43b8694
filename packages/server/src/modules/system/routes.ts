import { ZErrorBody } from '@onegrid/core/api/errors'
import { type TMapConfig, ZHealth, ZMapConfig, ZVersionInfo } from '@onegrid/core/api/system'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { EventStreams } from '../../platform/realtime/sse.ts'
import type { SystemService } from './service.ts'

const ZEventsQuery = z.object({
  /** Comma-separated topics; `case.*` matches a prefix. All topics when absent. */
  topics: z
    .string()
    .regex(/^[a-z0-9_.*]+(,[a-z0-9_.*]+)*$/)
    .optional(),
})

export const systemRoutes =
  (system: SystemService, streams: EventStreams, map: TMapConfig): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        config: { access: { public: true } },
        schema: {
          operationId: 'getHealth',
          summary: 'Liveness and readiness: answers ok only when the database answers',
          tags: ['system'],
          response: { 200: ZHealth, 503: ZErrorBody },
        },
      },
      async () => system.health(),
    )

    app.get(
      '/api/version',
      {
        config: { access: { public: true } },
        schema: {
          operationId: 'getVersion',
          summary: 'Version of the app, the database and PostGIS, and whether the demo is loaded',
          tags: ['system'],
          response: { 200: ZVersionInfo },
        },
      },
      async () => system.version(),
    )

    app.get(
      '/api/map-config',
      {
        config: { access: { public: true } },
        schema: {
          operationId: 'getMapConfig',
          summary: 'The basemap tile layers the web pages draw under the boundaries (none when offline)',
          tags: ['system'],
          response: { 200: ZMapConfig },
        },
      },
      async () => map,
    )

    app.get(
      '/api/events',
      {
        // Public: anonymous pages get system events only; signed-in staff get their scope's.
        config: { access: { public: true } },
        schema: {
          operationId: 'streamEvents',
          summary:
            'Server-Sent Events: live updates across all instances, limited to what the caller may see',
          tags: ['system'],
          querystring: ZEventsQuery,
          produces: ['text/event-stream'],
        },
      },
      async (request, reply) => {
        const topics = request.query.topics ? request.query.topics.split(',') : null
        const p = request.principal
        const viewer = p?.kind === 'user' ? { userId: p.userId, areaPaths: p.scope.areaPaths } : null
        streams.stream(request, reply, { topics, viewer })
      },
    )
  }
