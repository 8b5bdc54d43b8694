import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZOutboxIdParams,
  ZOutboxList,
  ZOutboxListQuery,
  ZOutboxMessage,
} from '@onegrid/core/api/integrations'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { OutboxAdmin } from './outbox-admin.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const tags = ['integrations']

/** The outbox's dead-letter view. Handlers only translate HTTP. */
export const outboxRoutes =
  (s: OutboxAdmin): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/outbox',
      {
        config: { access: { permission: 'integrations.manage' } },
        schema: {
          operationId: 'listOutbox',
          summary:
            'Messages to other systems (12345 callbacks, notifications): waiting, delivered and dead, newest first, with counts',
          tags,
          querystring: ZOutboxListQuery,
          response: { 200: ZOutboxList, ...errors },
        },
      },
      async (request) => s.list(requireUser(request), request.query),
    )

    app.post(
      '/api/outbox/:id/retry',
      {
        config: { access: { permission: 'integrations.manage' } },
        schema: {
          operationId: 'retryOutbox',
          summary: 'Send a dead or waiting message again now, with a fresh allowance of attempts (audited)',
          tags,
          params: ZOutboxIdParams,
          response: { 200: ZOutboxMessage, ...errors },
        },
      },
      async (request) => s.retry(requireUser(request), actorOf(request), request.params.id),
    )
  }
