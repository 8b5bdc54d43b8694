import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZSyncBatchRequest, ZSyncBatchResponse } from '@onegrid/core/api/sync'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import type { SyncBatch } from './sync-batch.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody }

/** The field app's queue, sent in one request when the signal returns. */
export const syncRoutes =
  (sync: SyncBatch): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/field/sync',
      {
        config: { access: { signedIn: true } },
        // A day of queued patrol points and visits; each item still meets its own operation's limit.
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          operationId: 'syncBatch',
          summary: 'Send queued writes in order, each once (its id is its Idempotency-Key)',
          description:
            'Each item names an operation (reportCase, recordVisit, appendPatrolPoints, …) and carries the body and path parameters that operation takes; it is answered with the status and body that operation gives on its own. A refused item does not stop the batch; a server error or a lost session does, and the items after it come back with attempted=false.',
          tags: ['fieldwork'],
          body: ZSyncBatchRequest,
          response: { 200: ZSyncBatchResponse, ...errors },
        },
      },
      async (request) => {
        requireUser(request)
        const headers: Record<string, string | undefined> = {}
        for (const [name, value] of Object.entries(request.headers)) {
          headers[name] = Array.isArray(value) ? value.join(', ') : value
        }
        return { results: await sync.run({ headers, remoteAddress: request.ip }, request.body) }
      },
    )
  }
