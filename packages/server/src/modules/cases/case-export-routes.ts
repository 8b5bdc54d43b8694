import { ZCaseExportQuery } from '@onegrid/core/api/cases'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import { ZStreamedFile } from '../../platform/http/streamed-file.ts'
import type { ExportCases } from './export-cases.ts'

/** exportCases: the list's filters, as a file. */
export const caseExportRoutes =
  (exporter: ExportCases): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/export',
      {
        config: { access: { permission: 'cases.export' } },
        schema: {
          operationId: 'exportCases',
          summary:
            'The filtered case list of one’s jurisdiction (the listCases filters) as CSV, XLSX or GeoJSON; no reporter data; at most 50,000 cases; audited',
          tags: ['cases'],
          querystring: ZCaseExportQuery,
          produces: [
            'text/csv',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'application/geo+json',
          ],
          response: {
            200: ZStreamedFile,
            400: ZErrorBody,
            401: ZErrorBody,
            403: ZErrorBody,
            404: ZErrorBody,
          },
        },
      },
      async (request, reply) => {
        const { filename, contentType, stream } = await exporter.export(
          requireUser(request),
          actorOf(request),
          request.query,
        )
        const ascii = filename.replace(/[^\x20-\x7e]/g, '_')
        return reply
          .header('content-type', contentType)
          .header(
            'content-disposition',
            `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          )
          .send(stream)
      },
    )
  }
