import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZHealth, ZVersionInfo } from '@onegrid/core/api/system'
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
  (system: SystemService, streams: EventStreams): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
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
      '/api/events',
      {
        schema: {
          operationId: 'streamEvents',
          summary: 'Server-Sent Events: live updates for consoles and the big screen, across all instances',
          tags: ['system'],
          querystring: ZEventsQuery,
          produces: ['text/event-stream'],
        },
      },
      async (request, reply) => {
        const topics = request.query.topics ? request.query.topics.split(',') : null
        streams.stream(request, reply, { topics, scopes: null })
      },
    )
  }
