import { ZDownloadedFile } from '@onegrid/core/api/area-import'
import {
  ZAssessment,
  ZAssessmentPublication,
  ZAssessmentQuery,
  ZAssessmentScheme,
  ZAssessmentSchemeQuery,
  ZGridWorkerPaySettings,
  ZPayExportQuery,
  ZPublishAssessment,
  ZUpdateAssessmentScheme,
  ZUpdateGridWorkerPaySettings,
} from '@onegrid/core/api/assessment'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { AssessmentServices } from './assessment-service.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const reads = { access: { permission: 'stats.read' } } as const
const manages = { access: { permission: 'assessment.manage' } } as const
const tags = ['assessment']
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** `attachment` with an ASCII fallback name and the real one in UTF-8 (RFC 6266 / RFC 5987). */
function disposition(filename: string, fallback: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/** Assessment (考核): scores, publication, schemes, the pay helper. Handlers only translate HTTP. */
export const assessmentRoutes =
  ({ assessment: s, schemes }: AssessmentServices): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/assessment',
      {
        config: reads,
        schema: {
          operationId: 'getAssessment',
          summary:
            'A month’s assessment (考核) of grid workers, supervisors, operators, dispatchers, departments or areas: each object’s indicators with value, score and weight, the composite, grade A–E and district-wide rank, the bottom flagged; live until the month is published, then the frozen rows; the objects of one’s jurisdiction',
          tags,
          querystring: ZAssessmentQuery,
          response: { 200: ZAssessment, ...errors },
        },
      },
      async (request) => s.get(requireUser(request), request.query),
    )

    app.post(
      '/api/assessment/publish',
      {
        config: manages,
        schema: {
          operationId: 'publishAssessment',
          summary:
            'Publish (freeze) a month’s assessment of one kind for the whole district: never recomputed after; only a month that has ended, once; district-wide staff; audited',
          tags,
          body: ZPublishAssessment,
          response: { 201: ZAssessmentPublication, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.publish(requireUser(request), actorOf(request), request.body)),
    )

    app.get(
      '/api/assessment/scheme',
      {
        config: reads,
        schema: {
          operationId: 'getAssessmentScheme',
          summary:
            'The district’s scheme of one kind: indicators with their sources, weights and count bands, grade bands, the small-sample minimum, its version',
          tags,
          querystring: ZAssessmentSchemeQuery,
          response: { 200: ZAssessmentScheme, ...errors },
        },
      },
      async (request) => schemes.scheme(requireUser(request), request.query.kind),
    )

    app.put(
      '/api/assessment/scheme',
      {
        config: manages,
        schema: {
          operationId: 'updateAssessmentScheme',
          summary:
            'Set one kind’s weights (whole points summing to 100), count bands, grade bands (descending) and small-sample minimum at the version read; 400 names the field; district-wide staff; audited',
          tags,
          body: ZUpdateAssessmentScheme,
          response: { 200: ZAssessmentScheme, ...errors },
        },
      },
      async (request) => schemes.updateScheme(requireUser(request), actorOf(request), request.body),
    )

    app.get(
      '/api/assessment/pay-settings',
      {
        config: manages,
        schema: {
          operationId: 'getGridWorkerPaySettings',
          summary:
            'The district’s grid worker pay settings: base, amount per household served (1.5 yuan by default, as 盐都区), the factor of each grade',
          tags,
          response: { 200: ZGridWorkerPaySettings, ...errors },
        },
      },
      async (request) => schemes.paySettings(requireUser(request)),
    )

    app.put(
      '/api/assessment/pay-settings',
      {
        config: manages,
        schema: {
          operationId: 'updateGridWorkerPaySettings',
          summary: 'Set the grid worker pay settings at the version read; district-wide staff; audited',
          tags,
          body: ZUpdateGridWorkerPaySettings,
          response: { 200: ZGridWorkerPaySettings, ...errors },
        },
      },
      async (request) => schemes.updatePaySettings(requireUser(request), actorOf(request), request.body),
    )

    app.get(
      '/api/assessment/pay.xlsx',
      {
        config: manages,
        schema: {
          operationId: 'exportGridWorkerPay',
          summary:
            'The grid worker pay helper of a month as XLSX: per grid worker of one’s jurisdiction the grids, households served, base, per-household pay, grade, factor and total; audited',
          tags,
          querystring: ZPayExportQuery,
          produces: [xlsxType],
          response: { 200: ZDownloadedFile, ...errors },
        },
      },
      async (request, reply) => {
        const file = await s.payWorkbook(requireUser(request), actorOf(request), request.query)
        return reply
          .header('content-type', xlsxType)
          .header('content-disposition', disposition(file.filename, 'grid-worker-pay.xlsx'))
          .header('cache-control', 'private, no-store')
          .send(file.bytes)
      },
    )
  }
