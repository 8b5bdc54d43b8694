import multipart from '@fastify/multipart'
import { ZDownloadedFile } from '@onegrid/core/api/area-import'
import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZImportCommit,
  ZImportDryRun,
  ZImportIdParams,
  ZImportUploadForm,
  ZRegistryImport,
  ZRegistryImportList,
  ZRegistryImportListQuery,
} from '@onegrid/core/api/registry-import'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../../platform/http/access.ts'
import { actorOf } from '../../../platform/http/actor.ts'
import { preferredLanguage } from '../../../platform/http/language.ts'
import type { RegistryImportService } from './import-service.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const access = { access: { permission: 'registry.import' } } as const
const tags = ['registry']
/** A persons sheet of a million rows is about 120 MB as CSV. */
const maxUploadBytes = 200 * 1024 * 1024

/** Registry imports: upload, dry run, commit, status, error sheet. */
export const registryImportRoutes =
  (imports: RegistryImportService): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: maxUploadBytes, files: 1, fields: 3, parts: 4 },
    })
    const lang = (header: string | undefined) => preferredLanguage(header)

    app.post(
      '/api/registry/imports',
      {
        config: access,
        bodyLimit: maxUploadBytes + 1024 * 1024,
        schema: {
          operationId: 'importRegistry',
          summary:
            'Upload a sheet (CSV or XLSX) of persons, houses or organizations to import: answers its headers, a suggested column mapping and the first rows (masked)',
          tags,
          consumes: ['multipart/form-data'],
          body: ZImportUploadForm,
          response: { 201: ZRegistryImport, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await imports.upload(
              requireUser(request),
              request.body.kind ?? 'persons',
              request.body.fileName ?? 'registry.csv',
              Buffer.from(request.body.file),
              lang(request.headers['accept-language']),
            ),
          ),
    )

    app.post(
      '/api/registry/imports/:id/dry-run',
      {
        config: access,
        schema: {
          operationId: 'dryRunRegistryImport',
          summary:
            'Check every row with the confirmed mapping (a background job); nothing enters the registry',
          tags,
          params: ZImportIdParams,
          body: ZImportDryRun,
          response: { 202: ZRegistryImport, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await imports.dryRun(
              requireUser(request),
              request.params.id,
              request.body,
              lang(request.headers['accept-language']),
            ),
          ),
    )

    app.post(
      '/api/registry/imports/:id/commit',
      {
        config: access,
        schema: {
          operationId: 'commitRegistryImport',
          summary:
            'Move the checked rows into the registry in one statement: all (no invalid row) or the valid ones only',
          tags,
          params: ZImportIdParams,
          body: ZImportCommit,
          response: { 202: ZRegistryImport, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await imports.commit(
              requireUser(request),
              actorOf(request),
              request.params.id,
              request.body,
              lang(request.headers['accept-language']),
            ),
          ),
    )

    app.get(
      '/api/registry/imports',
      {
        config: access,
        schema: {
          operationId: 'listRegistryImports',
          summary: 'The caller’s own imports, newest first: kind, file, status and row counts',
          tags,
          querystring: ZRegistryImportListQuery,
          response: { 200: ZRegistryImportList, ...errors },
        },
      },
      async (request) => imports.list(requireUser(request), request.query),
    )

    app.get(
      '/api/registry/imports/:id',
      {
        config: access,
        schema: {
          operationId: 'getImportJob',
          summary: 'An import: status, row counts, the first problems, the error sheet’s address and its job',
          tags,
          params: ZImportIdParams,
          response: { 200: ZRegistryImport, ...errors },
        },
      },
      async (request) =>
        imports.get(requireUser(request), request.params.id, lang(request.headers['accept-language'])),
    )

    app.get(
      '/api/registry/imports/:id/errors.xlsx',
      {
        config: access,
        schema: {
          operationId: 'downloadImportErrors',
          summary: 'The error sheet of a dry run: row, column, value (masked), problem',
          tags,
          params: ZImportIdParams,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: ZDownloadedFile, ...errors },
        },
      },
      async (request, reply) => {
        const file = await imports.errorReport(requireUser(request), request.params.id)
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="import-errors.xlsx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          )
          .send(file.bytes)
      },
    )
  }
