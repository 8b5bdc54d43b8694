import multipart from '@fastify/multipart'
import {
  ZAttachment,
  ZAttachmentParams,
  ZAttachmentQuery,
  ZCase,
  ZCaseActionRequest,
  ZCaseIdParams,
  ZCaseList,
  ZCaseMap,
  ZCaseMapQuery,
  ZCaseQuery,
  ZDuplicateQuery,
  ZDuplicates,
  ZMergeCases,
  ZMergeResult,
  ZQueueCounts,
  ZReportCase,
  ZUploadAttachmentForm,
} from '@onegrid/core/api/cases'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { CaseAttachments } from './attachments.ts'
import type { CaseView } from './case-view.ts'
import type { CaseDuplicates } from './duplicates.ts'
import type { CaseLists } from './lists.ts'
import type { PerformCaseAction } from './perform-action.ts'
import type { ReportCase } from './report-case.ts'
import type { RevealReporter } from './reveal-reporter.ts'

export type CaseServices = {
  view: CaseView
  lists: CaseLists
  report: ReportCase
  actions: PerformCaseAction
  attachments: CaseAttachments
  duplicates: CaseDuplicates
  reveal: RevealReporter
}

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const work = { access: { permission: 'workspace.use' } } as const

/** The closed loop: report, read, act, attach, merge. */
export const caseRoutes =
  (s: CaseServices): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 2, parts: 3 },
    })

    app.post(
      '/api/cases',
      {
        config: work,
        schema: {
          operationId: 'reportCase',
          summary:
            'Report a case (信息收集). With an Idempotency-Key the same key returns the same case, never a second one',
          tags: ['cases'],
          body: ZReportCase,
          response: { 201: ZCase, 200: ZCase, ...errors, 422: ZErrorBody },
        },
      },
      async (request, reply) => {
        const p = requireUser(request)
        const key = request.headers['idempotency-key']
        const intakeKey = typeof key === 'string' && key ? `user:${p.userId}:${key}` : null
        const outcome = await s.report.report(p, actorOf(request), request.body, intakeKey)
        return reply.status(outcome.created ? 201 : 200).send(outcome.case)
      },
    )

    app.get(
      '/api/cases',
      {
        config: work,
        schema: {
          operationId: 'listCases',
          summary: 'Cases in my jurisdiction: a queue or any filter, paged and sorted',
          tags: ['cases'],
          querystring: ZCaseQuery,
          response: { 200: ZCaseList, ...errors },
        },
      },
      async (request) => s.lists.list(requireUser(request), request.query),
    )

    app.get(
      '/api/cases/queues',
      {
        config: work,
        schema: {
          operationId: 'getCaseQueues',
          summary: 'How many cases wait in each of my queues (待受理 … 督办)',
          tags: ['cases'],
          response: { 200: ZQueueCounts, ...errors },
        },
      },
      async (request) => s.lists.queues(requireUser(request)),
    )

    app.get(
      '/api/cases/map',
      {
        config: work,
        schema: {
          operationId: 'getCaseMap',
          summary: 'Open cases with a location, coloured by their deadline light',
          tags: ['cases'],
          querystring: ZCaseMapQuery,
          response: { 200: ZCaseMap, ...errors },
        },
      },
      async (request) => s.lists.map(requireUser(request), request.query.areaCode),
    )

    app.get(
      '/api/cases/duplicates',
      {
        config: work,
        schema: {
          operationId: 'findDuplicateCases',
          summary: 'Open cases of the same kind near a point reported recently: duplicates to merge',
          tags: ['cases'],
          querystring: ZDuplicateQuery,
          response: { 200: ZDuplicates, ...errors },
        },
      },
      async (request) => s.duplicates.find(requireUser(request), request.query),
    )

    app.post(
      '/api/cases/merge',
      {
        config: work,
        schema: {
          operationId: 'mergeCases',
          summary: 'Merge duplicates into a master case (their reporters and channels are kept)',
          tags: ['cases'],
          body: ZMergeCases,
          response: { 200: ZMergeResult, ...errors },
        },
      },
      async (request) => s.duplicates.merge(requireUser(request), actorOf(request), request.body),
    )

    app.post(
      '/api/cases/attachments',
      {
        config: work,
        schema: {
          operationId: 'uploadAttachment',
          summary:
            'Upload a photo, voice note or video (checked by content) to send with a report or an action',
          tags: ['cases'],
          consumes: ['multipart/form-data'],
          body: ZUploadAttachmentForm,
          response: { 201: ZAttachment, ...errors, 413: ZErrorBody, 415: ZErrorBody },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.attachments.upload(requireUser(request), Buffer.from(request.body.file))),
    )

    app.get(
      '/api/cases/attachments/:id',
      {
        config: work,
        schema: {
          operationId: 'getAttachment',
          summary: 'An attachment’s bytes (or its thumbnail), for those who may see its case',
          tags: ['cases'],
          params: ZAttachmentParams,
          querystring: ZAttachmentQuery,
          produces: ['image/*', 'audio/*', 'video/*'],
        },
      },
      async (request, reply) => {
        const file = await s.attachments.read(
          requireUser(request),
          request.params.id,
          request.query.thumb === true,
        )
        return reply
          .header('content-type', file.mime)
          .header('cache-control', 'private, max-age=86400, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes)
      },
    )

    app.get(
      '/api/cases/:id',
      {
        config: work,
        schema: {
          operationId: 'getCase',
          summary: 'A case with its timeline, clocks per stage and the actions I may take',
          tags: ['cases'],
          params: ZCaseIdParams,
          response: { 200: ZCase, ...errors },
        },
      },
      async (request) => s.view.get(requireUser(request), request.params.id),
    )

    app.post(
      '/api/cases/:id/actions',
      {
        config: work,
        schema: {
          operationId: 'performCaseAction',
          summary:
            'Act on a case ({ action, expectedVersion, ...payload }); a stale version answers 409 with the current case',
          tags: ['cases'],
          params: ZCaseIdParams,
          body: ZCaseActionRequest,
          response: { 200: ZCase, ...errors },
        },
      },
      async (request) =>
        s.actions.perform(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/cases/:id/reveal-reporter',
      {
        config: { access: { permission: 'pii.reveal' } },
        schema: {
          operationId: 'revealCaseReporter',
          summary: 'Show a resident reporter’s full name and phone, with a reason; every reveal is audited',
          tags: ['cases'],
          params: ZCaseIdParams,
          body: z.object({ reason: z.string().trim().min(2, '请填写查看理由 / give a reason').max(200) }),
          response: {
            200: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
            ...errors,
          },
        },
      },
      async (request) =>
        s.reveal.reveal(requireUser(request), actorOf(request), request.params.id, request.body.reason),
    )
  }
