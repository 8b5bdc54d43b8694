import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZHotlineOrder,
  ZHotlineReceipt,
  ZMachineReceipt,
  ZMachineReport,
} from '@onegrid/core/api/integrations'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { actorOf } from '../../platform/http/actor.ts'
import { text, ValidationError } from '../../platform/http/errors.ts'
import type { HotlineIntake } from './hotline-intake.ts'
import type { MachineIntake } from './machine-intake.ts'

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
  (intake: HotlineIntake, limits: { perMinute: number }): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      request.rawBody = body as Buffer
      done(null, undefined)
    })

    app.post(
      '/api/integrations/12345/orders',
      {
        // Every refusal is an audit row: a flood of forged requests is cut off per address.
        config: { access: { public: true }, rateLimit: { max: limits.perMinute, timeWindow: 60_000 } },
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

/** Machine intake: video analytics, IoT sensors and departments' systems, through an API key. */
export const machineRoutes =
  (intake: MachineIntake, limits: { perMinute: number }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/intake/machine',
      {
        config: {
          access: { apiKey: 'machine' },
          rateLimit: {
            max: limits.perMinute,
            timeWindow: 60_000,
            keyGenerator: (request) =>
              request.principal?.kind === 'api_key' ? `key:${request.principal.keyId}` : request.ip,
          },
        },
        schema: {
          operationId: 'machineReport',
          summary:
            'An alert of video analytics, an IoT sensor or a department’s system (API key with scope machine): 201 with a new case on its own channel; 200 with the case when the alert id arrived before or the source raised the same item near an open case of its own; rate limited per key (429)',
          tags: ['integrations'],
          body: ZMachineReport,
          response: { 200: ZMachineReceipt, 201: ZMachineReceipt, ...errors, 429: ZErrorBody },
        },
      },
      async (request, reply) => {
        const key = request.principal
        if (key?.kind !== 'api_key') throw new Error('machine intake without an API key')
        const receipt = await intake.receive(key, request.body, actorOf(request))
        return reply.code(receipt.outcome === 'new' ? 201 : 200).send(receipt)
      },
    )
  }
