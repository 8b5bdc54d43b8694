import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZHotlineOrder, ZHotlineReceipt } from '@onegrid/core/api/integrations'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { actorOf } from '../../platform/http/actor.ts'
import { text, ValidationError } from '../../platform/http/errors.ts'
import type { HotlineIntake } from './hotline-intake.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The body as it arrived, for routes whose signature covers the exact bytes. */
    rawBody?: Buffer
  }
}

const errors = {
  400: ZErrorBody,
  401: ZErrorBody,
  403: ZErrorBody,
  404: ZErrorBody,
  422: ZErrorBody,
  503: ZErrorBody,
}

/**
 * The 12345 platform's webhook. The signature covers the raw body, so this
 * plugin keeps the bytes and parses them only after the signature held: a
 * stranger's request is refused (401) before anything of it is read.
 */
export const hotlineRoutes =
  (intake: HotlineIntake): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      request.rawBody = body as Buffer
      done(null, undefined)
    })

    app.post(
      '/api/integrations/12345/orders',
      {
        config: { access: { public: true } },
        preValidation: async (request) => {
          const raw = request.rawBody ?? Buffer.alloc(0)
          await intake.authenticate(request.headers, raw, actorOf(request))
          try {
            request.body = JSON.parse(raw.toString('utf8'))
          } catch {
            throw new ValidationError({ body: text('不是有效的 JSON', 'not valid JSON') })
          }
        },
        schema: {
          operationId: 'hotlineInbound',
          summary:
            'A 12345 work order in (signed: X-OneGrid-Timestamp, X-OneGrid-Nonce, X-OneGrid-Signature; docs/API.md). 201 with the new case; 200 with the same case when the order number arrived before',
          tags: ['integrations'],
          body: ZHotlineOrder,
          response: { 200: ZHotlineReceipt, 201: ZHotlineReceipt, ...errors },
        },
      },
      async (request, reply) => {
        const { created, receipt } = await intake.receive(request.body, actorOf(request))
        return reply.code(created ? 201 : 200).send(receipt)
      },
    )
  }
