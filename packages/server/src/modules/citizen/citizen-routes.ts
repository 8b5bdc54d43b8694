import multipart from '@fastify/multipart'
import { ZUploadAttachmentForm } from '@onegrid/core/api/cases'
import {
  ZAddressSearch,
  ZCitizenAddress,
  ZCitizenCategory,
  ZCitizenPhoto,
  ZCitizenRate,
  ZCitizenReceipt,
  ZCitizenReport,
  ZCitizenReportSummary,
  ZCitizenSession,
  ZCitizenTrack,
  ZModerationDecision,
  ZModerationItem,
  ZPhoneCodeRequest,
  ZPhoneCodeSent,
  ZPhoneCodeVerify,
  ZPublicCaseList,
  ZPublicCaseQuery,
  ZTrackingParams,
} from '@onegrid/core/api/citizen'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { CitizenReporting } from './citizen-report.ts'
import type { CitizenTracking } from './citizen-tracking.ts'
import type { PhoneVerification } from './phone-verification.ts'
import type { PhotoModeration } from './photo-moderation.ts'
import type { PublicCases } from './public-cases.ts'

export type CitizenServices = {
  phones: PhoneVerification
  reporting: CitizenReporting
  tracking: CitizenTracking
  publicCases: PublicCases
  moderation: PhotoModeration
}

const errors = {
  400: ZErrorBody,
  401: ZErrorBody,
  403: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
  422: ZErrorBody,
  429: ZErrorBody,
  503: ZErrorBody,
}

/** Open to anyone; a resident's own routes read `Authorization: Citizen <token>` (a verified phone). */
const open = { access: { public: true } } as const
const perAddress = (max: number) => ({ ...open, rateLimit: { max, timeWindow: 60_000 } })
const tags = ['citizen']

/** The citizen page's API (C13). Limits per address here; per phone in the services. */
export const citizenRoutes =
  (s: CitizenServices): FastifyPluginAsyncZod =>
  async (app) => {
    // A phone's photo: one file, no other fields.
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 1, parts: 2 },
    })

    app.post(
      '/api/citizen/phone-codes',
      {
        config: perAddress(10),
        schema: {
          operationId: 'requestPhoneCode',
          summary: 'Send a one-time code to a resident’s mobile (the log sender writes it to the server log)',
          tags,
          body: ZPhoneCodeRequest,
          response: { 201: ZPhoneCodeSent, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.phones.requestCode(request.body.phone, request.ip)),
    )

    app.post(
      '/api/citizen/sessions',
      {
        config: perAddress(20),
        schema: {
          operationId: 'verifyPhoneCode',
          summary:
            'Check the code: a session token for this device (send it as `Authorization: Citizen <token>`)',
          tags,
          body: ZPhoneCodeVerify,
          response: { 201: ZCitizenSession, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.phones.verify(request.body.phone, request.body.code)),
    )

    app.get(
      '/api/citizen/categories',
      {
        config: open,
        schema: {
          operationId: 'listCitizenCategories',
          summary: 'What a resident may report, in plain words, by group',
          tags,
          response: { 200: z.array(ZCitizenCategory), ...errors },
        },
      },
      async () => s.reporting.categories(),
    )

    app.get(
      '/api/citizen/addresses',
      {
        config: perAddress(60),
        schema: {
          operationId: 'searchCitizenAddresses',
          summary: 'Standard addresses of the registry’s buildings containing the words, with their points',
          tags,
          querystring: ZAddressSearch,
          response: { 200: z.array(ZCitizenAddress), ...errors },
        },
      },
      async (request) => s.reporting.addresses(request.query.q),
    )

    app.post(
      '/api/citizen/photos',
      {
        config: perAddress(30),
        schema: {
          operationId: 'uploadCitizenPhoto',
          summary:
            'A photo for a report (images only, checked by content); public only once a moderator approves it',
          tags,
          consumes: ['multipart/form-data'],
          body: ZUploadAttachmentForm,
          response: { 201: ZCitizenPhoto, ...errors, 413: ZErrorBody, 415: ZErrorBody },
        },
      },
      async (request, reply) => {
        const session = await s.phones.requireSession(request.headers.authorization)
        return reply.code(201).send(await s.reporting.uploadPhoto(session, Buffer.from(request.body.file)))
      },
    )

    app.post(
      '/api/citizen/reports',
      {
        config: perAddress(20),
        schema: {
          operationId: 'citizenReport',
          summary:
            'A resident’s report (verified phone): 201 with the tracking code; 200 with the same when its clientKey came before; 400 with `details.challenge` when a question must be answered first',
          tags,
          body: ZCitizenReport,
          response: { 200: ZCitizenReceipt, 201: ZCitizenReceipt, ...errors },
        },
      },
      async (request, reply) => {
        const session = await s.phones.requireSession(request.headers.authorization)
        const receipt = await s.reporting.report(session, request.body, actorOf(request))
        return reply.code(receipt.duplicate ? 200 : 201).send(receipt)
      },
    )

    app.get(
      '/api/citizen/reports',
      {
        config: open,
        schema: {
          operationId: 'listMyReports',
          summary: 'The reports of the verified phone, newest first',
          tags,
          response: { 200: z.array(ZCitizenReportSummary), ...errors },
        },
      },
      async (request) => s.tracking.mine(await s.phones.requireSession(request.headers.authorization)),
    )

    app.get(
      '/api/citizen/track/:code',
      {
        config: perAddress(120),
        schema: {
          operationId: 'citizenTrack',
          summary: 'A report’s progress by its tracking code, in plain words, without staff names',
          tags,
          params: ZTrackingParams,
          response: { 200: ZCitizenTrack, ...errors },
        },
      },
      async (request) =>
        s.tracking.track(request.params.code, await s.phones.session(request.headers.authorization)),
    )

    app.post(
      '/api/citizen/track/:code/rating',
      {
        config: perAddress(20),
        schema: {
          operationId: 'citizenRate',
          summary:
            'The reporter rates the closed report once (it is the case’s follow-up when none was made)',
          tags,
          params: ZTrackingParams,
          body: ZCitizenRate,
          response: { 200: ZCitizenTrack, ...errors },
        },
      },
      async (request) => {
        const session = await s.phones.requireSession(request.headers.authorization)
        return s.tracking.rate(request.params.code, session, request.body, actorOf(request))
      },
    )

    app.get(
      '/api/citizen/public-cases',
      {
        config: perAddress(60),
        schema: {
          operationId: 'listPublicCases',
          summary:
            'Residents’ handled cases for the public map: category, dates, a point rounded to about 100 m, approved photos; no description, address or person',
          tags,
          querystring: ZPublicCaseQuery,
          response: { 200: ZPublicCaseList, ...errors },
        },
      },
      async (request) => s.publicCases.list(request.query.days),
    )

    app.get(
      '/api/citizen/photos/:id',
      {
        config: perAddress(300),
        schema: {
          operationId: 'getPublicPhoto',
          summary: 'The thumbnail of a resident’s photo a moderator approved',
          tags,
          params: z.object({ id: z.coerce.number().int().positive() }),
          produces: ['image/webp'],
        },
      },
      async (request, reply) => {
        const file = await s.publicCases.photo(request.params.id)
        return reply
          .header('content-type', file.mime)
          .header('cache-control', 'public, max-age=3600')
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes)
      },
    )

    app.get(
      '/api/citizen/moderation',
      {
        config: { access: { permission: 'citizen.moderate' } },
        schema: {
          operationId: 'listPhotoModeration',
          summary: 'Residents’ photos of cases in one’s areas by moderation status (pending first in line)',
          tags,
          querystring: z.object({ status: ZModerationItem.shape.status.default('pending') }),
          response: { 200: z.array(ZModerationItem), ...errors },
        },
      },
      async (request) => s.moderation.list(requireUser(request), request.query.status),
    )

    app.post(
      '/api/citizen/moderation/:id',
      {
        config: { access: { permission: 'citizen.moderate' } },
        schema: {
          operationId: 'moderatePhoto',
          summary: 'Approve a resident’s photo for the public map, or keep it private (audited)',
          tags,
          params: z.object({ id: z.coerce.number().int().positive() }),
          body: ZModerationDecision,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await s.moderation.decide(
          requireUser(request),
          actorOf(request),
          request.params.id,
          request.body.decision,
        )
        return reply.code(204).send(null)
      },
    )
  }
