import multipart from '@fastify/multipart'
import {
  type TAreaImportReport,
  type TGridAttributesImportReport,
  ZAreaExportQuery,
  ZAreaImportForm,
  ZAreaImportReport,
  ZDownloadedFile,
  ZGridAttributesExportQuery,
  ZGridAttributesImportForm,
  ZGridAttributesImportReport,
} from '@onegrid/core/api/area-import'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../../platform/http/access.ts'
import { actorOf } from '../../../platform/http/actor.ts'
import { type Language, preferredLanguage } from '../../../platform/http/language.ts'
import type { GeographyScope } from '../geography-scope.ts'
import type { AttributesOutcome, GridAttributeService } from './attributes-service.ts'
import type { AreaExportService, ExportFile } from './export-service.ts'
import type { AreaImportService, ImportOutcome } from './import-service.ts'

export type ImportServices = {
  imports: AreaImportService
  attributes: GridAttributeService
  exports: AreaExportService
  readScope: GeographyScope
}

const manage = { access: { permission: 'areas.manage' } } as const
const signedIn = { access: { signedIn: true } } as const
const errors = { 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 413: ZErrorBody }

/** A boundary file of a whole district (1,809 grids, drawn finely) is a few tens of MB. */
const maxUploadBytes = 50 * 1024 * 1024

function presentImport(o: ImportOutcome, lang: Language): TAreaImportReport {
  return { ...o, problems: o.problems.map((p) => ({ ...p, message: p.message[lang] })) }
}

function presentAttributes(o: AttributesOutcome, lang: Language): TGridAttributesImportReport {
  return { ...o, problems: o.problems.map((p) => ({ ...p, message: p.message[lang] })) }
}

/** An attachment: the file name in ASCII for old clients and in UTF-8 (RFC 6266/5987) for the rest. */
function download(reply: FastifyReply, file: ExportFile) {
  const ascii = file.filename.replace(/[^\w.-]/g, '_')
  return reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .send(Buffer.from(file.bytes))
}

export const importRoutes =
  (services: ImportServices): FastifyPluginAsyncZod =>
  async (app) => {
    // Multipart bodies become `{ file: Buffer, field: string... }` for these routes only, and are
    // validated by the same zod schemas as any JSON body (after authentication, before the handler).
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: maxUploadBytes, files: 1, fields: 20, parts: 21 },
    })

    app.post(
      '/api/areas/import',
      {
        config: manage,
        schema: {
          operationId: 'importAreas',
          summary:
            'Import the boundaries of one level (GeoJSON or zipped Shapefile): a dry-run report by default, all-or-nothing when confirmed',
          tags: ['areas'],
          consumes: ['multipart/form-data'],
          body: ZAreaImportForm,
          response: { 200: ZAreaImportReport, ...errors },
        },
      },
      async (request) => {
        const outcome = await services.imports.importAreas(
          requireUser(request).scope,
          actorOf(request),
          request.body,
        )
        return presentImport(outcome, preferredLanguage(request.headers['accept-language']))
      },
    )

    app.get(
      '/api/areas/export',
      {
        config: signedIn,
        schema: {
          operationId: 'exportAreas',
          summary:
            'Boundaries of one level in the caller’s jurisdiction as GeoJSON or a zipped Shapefile (WGS84)',
          tags: ['areas'],
          querystring: ZAreaExportQuery,
          produces: ['application/geo+json', 'application/zip'],
          response: { 200: ZDownloadedFile, ...errors },
        },
      },
      async (request, reply) =>
        download(
          reply,
          await services.exports.exportAreas(
            await services.readScope(requireUser(request).scope),
            request.query,
          ),
        ),
    )

    app.get(
      '/api/grids/attributes.xlsx',
      {
        config: signedIn,
        schema: {
          operationId: 'exportGridAttributes',
          summary:
            'Grid attributes of the caller’s jurisdiction as an XLSX sheet (网格编码, 网格名称, 所属社区, 网格类型, 服务单位, 户数, 人口, 责任主体, 面积)',
          tags: ['grids'],
          querystring: ZGridAttributesExportQuery,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: ZDownloadedFile, ...errors },
        },
      },
      async (request, reply) => {
        const { under } = request.query
        const bytes = await services.attributes.exportSheet(
          await services.readScope(requireUser(request).scope),
          under,
        )
        return download(reply, {
          bytes,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          filename: `网格属性-${under ?? '全部'}.xlsx`,
        })
      },
    )

    app.post(
      '/api/grids/attributes/import',
      {
        config: manage,
        schema: {
          operationId: 'importGridAttributes',
          summary:
            'Import grid attributes from the XLSX sheet: a dry-run report per row and column by default; confirmed, all rows in one transaction',
          tags: ['grids'],
          consumes: ['multipart/form-data'],
          body: ZGridAttributesImportForm,
          response: { 200: ZGridAttributesImportReport, ...errors },
        },
      },
      async (request) => {
        const outcome = await services.attributes.importSheet(
          requireUser(request).scope,
          actorOf(request),
          request.body,
        )
        return presentAttributes(outcome, preferredLanguage(request.headers['accept-language']))
      },
    )
  }
