import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZUpstreamReceipt, ZUpstreamUpdate } from '@onegrid/core/api/integrations'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { actorOf } from '../../platform/http/actor.ts'
import { text, ValidationError } from '../../platform/http/errors.ts'
import type { UpstreamInbound } from './upstream-inbound.ts'

const errors = {
  400: ZErrorBody,
  401: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
  429: ZErrorBody,
  503: ZErrorBody,
}

/**
 * The superior platform's updates (贯通). Signed over the raw body like the
 * 12345 webhook, so the bytes are kept and parsed only after the signature
 * held (this plugin's own parser; the hotline's is scoped to its plugin).
 */
export const upstreamRoutes =
  (inbound: UpstreamInbound, limits: { perMinute: number }): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      request.rawBody = body as Buffer
      done(null, undefined)
    })

    app.post(
      '/api/integrations/upstream/updates',
      {
        // Every refusal is an audit row: a flood of forged requests is cut off per address.
        config: { access: { public: true }, rateLimit: { max: limits.perMinute, timeWindow: 60_000 } },
        preValidation: async (request) => {
          const raw = request.rawBody ?? Buffer.alloc(0)
          await inbound.authenticate(request.headers, raw, actorOf(request))
          try {
            request.body = JSON.parse(raw.toString('utf8'))
          } catch {
            throw new ValidationError({ body: text('不是有效的 JSON', 'not valid JSON') })
          }
        },
        schema: {
          operationId: 'upstreamInbound',
          summary:
            'The superior platform’s word on a case OneGrid pushed to it (signed like a 12345 order; docs/API.md): on the case’s timeline; the same update id again is a duplicate (200 either way); 404 for an unknown case, 409 for a case never pushed',
          tags: ['integrations'],
          body: ZUpstreamUpdate,
          response: { 200: ZUpstreamReceipt, ...errors },
        },
      },
      async (request) => inbound.receive(request.body),
    )
  }
