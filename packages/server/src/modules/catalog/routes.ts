import multipart from '@fastify/multipart'
import { ZDownloadedFile } from '@onegrid/core/api/area-import'
import {
  ZAdmissionCheck,
  ZAdmissionResult,
  ZCatalogCodeParams,
  ZCatalogImportForm,
  ZCatalogImportReport,
  ZCatalogItem,
  ZCatalogQuery,
  ZCatalogTree,
  ZCreateCatalogItem,
  ZHandlingBody,
  ZItemRoute,
  ZItemRouteQuery,
  ZRefusalCounts,
  ZRefusalQuery,
  ZUpdateCatalogItem,
} from '@onegrid/core/api/catalog'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import { preferredLanguage } from '../../platform/http/language.ts'
import type { AdmissionService } from './admission.ts'
import { exportCatalogWorkbook } from './export-catalog.ts'
import type { CatalogImportService } from './import-catalog.ts'
import type { CatalogQueries } from './queries.ts'
import type { ItemRouter } from './route-item.ts'
import type { CatalogService } from './service.ts'

export type CatalogServices = {
  catalog: CatalogService
  admission: AdmissionService
  imports: CatalogImportService
  queries: CatalogQueries
  router: ItemRouter
}

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const manage = { access: { permission: 'catalog.manage' } } as const
const signedIn = { access: { signedIn: true } } as const
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The event catalog, its admission list and refusals. */
export const catalogRoutes =
  ({ catalog, admission, imports, queries, router }: CatalogServices): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10, parts: 11 },
    })

    app.get(
      '/api/catalog',
      {
        config: signedIn,
        schema: {
          operationId: 'listCatalog',
          summary:
            'The catalog tree: majors with their items (search by code or words, filter by domain, admission)',
          tags: ['catalog'],
          querystring: ZCatalogQuery,
          response: { 200: ZCatalogTree, ...errors },
        },
      },
      async (request) => {
        const q = request.query
        return catalog.tree({
          ...(q.q ? { q: q.q } : {}),
          ...(q.domain ? { domain: q.domain } : {}),
          ...(q.admitted ? { admitted: q.admitted === 'true' } : {}),
          includeRetired: q.includeRetired === 'true',
        })
      },
    )

    app.get(
      '/api/catalog/bodies',
      {
        config: signedIn,
        schema: {
          operationId: 'listHandlingBodies',
          summary: 'Handling bodies routing rules name: department types and the four street platforms',
          tags: ['catalog'],
          response: { 200: z.object({ bodies: z.array(ZHandlingBody) }), ...errors },
        },
      },
      async () => ({ bodies: await catalog.bodies() }),
    )

    app.get(
      '/api/catalog/items/:code',
      {
        config: signedIn,
        schema: {
          operationId: 'getCatalogItem',
          summary: 'An item’s current rules (admission, routing, limits, fields) and its version history',
          tags: ['catalog'],
          params: ZCatalogCodeParams,
          response: { 200: ZCatalogItem, ...errors },
        },
      },
      async (request) => catalog.item(request.params.code),
    )

    app.get(
      '/api/catalog/items/:code/route',
      {
        config: signedIn,
        schema: {
          operationId: 'routeCatalogItem',
          summary:
            'Where a case of this item reported in an area goes: the handling body and level by the routing rule, and the unit that is it there',
          tags: ['catalog'],
          params: ZCatalogCodeParams,
          querystring: ZItemRouteQuery,
          response: { 200: ZItemRoute, ...errors },
        },
      },
      async (request) => router.route(request.params.code, request.query.areaCode),
    )

    app.put(
      '/api/catalog/items/:code',
      {
        config: manage,
        schema: {
          operationId: 'updateCatalogItem',
          summary: 'Save an item’s rules as a new version (applies to new cases; open cases keep theirs)',
          tags: ['catalog'],
          params: ZCatalogCodeParams,
          body: ZUpdateCatalogItem,
          response: { 200: ZCatalogItem, ...errors },
        },
      },
      async (request) =>
        catalog.update(requireUser(request).scope, actorOf(request), request.params.code, request.body),
    )

    app.post(
      '/api/catalog/items',
      {
        config: manage,
        schema: {
          operationId: 'createCatalogItem',
          summary: 'Add an item to a major',
          tags: ['catalog'],
          body: ZCreateCatalogItem,
          response: { 201: ZCatalogItem, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await catalog.create(requireUser(request).scope, actorOf(request), request.body)),
    )

    app.post(
      '/api/catalog/import',
      {
        config: manage,
        schema: {
          operationId: 'importCatalog',
          summary:
            'Import the whole catalog from XLSX (大类, 小类, 时限, 字段, 派遣例外): a dry-run report by default, all-or-nothing when confirmed',
          tags: ['catalog'],
          consumes: ['multipart/form-data'],
          body: ZCatalogImportForm,
          response: { 200: ZCatalogImportReport, ...errors, 413: ZErrorBody },
        },
      },
      async (request) => {
        const outcome = await imports.importWorkbook(
          requireUser(request).scope,
          actorOf(request),
          request.body,
        )
        const lang = preferredLanguage(request.headers['accept-language'])
        return { ...outcome, problems: outcome.problems.map((p) => ({ ...p, message: p.message[lang] })) }
      },
    )

    app.get(
      '/api/catalog/export',
      {
        config: signedIn,
        schema: {
          operationId: 'exportCatalog',
          summary: 'The whole catalog as XLSX, in the layout importCatalog reads',
          tags: ['catalog'],
          produces: [xlsxType],
          response: { 200: ZDownloadedFile, ...errors },
        },
      },
      async (_request, reply) => {
        const filename = '事项清单.xlsx'
        return reply
          .header('content-type', xlsxType)
          .header(
            'content-disposition',
            `attachment; filename="catalog.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          )
          .send(await exportCatalogWorkbook(queries))
      },
    )

    app.post(
      '/api/catalog/admission',
      {
        config: signedIn,
        schema: {
          operationId: 'checkAdmission',
          summary:
            '准入 check before intake: 200 when the item is admitted and the report fields are valid; 422 not_admitted with the reason and admitted alternatives otherwise (the refusal is counted)',
          tags: ['catalog'],
          body: ZAdmissionCheck,
          response: { 200: ZAdmissionResult, ...errors, 422: ZErrorBody },
        },
      },
      async (request) => admission.check(requireUser(request), request.body),
    )

    app.get(
      '/api/catalog/refusals',
      {
        config: manage,
        schema: {
          operationId: 'listCatalogRefusals',
          summary:
            'Refused (回绝) reports per item and channel between two dates, the last 30 days by default',
          tags: ['catalog'],
          querystring: ZRefusalQuery,
          response: { 200: ZRefusalCounts, ...errors },
        },
      },
      async (request) => catalog.refusals(request.query),
    )
  }
