import {
  ZBulletin,
  ZBulletinFileParams,
  ZBulletinList,
  ZBulletinListQuery,
  ZGenerateBulletin,
} from '@onegrid/core/api/bulletins'
import { ZErrorBody } from '@onegrid/core/api/errors'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../../platform/http/access.ts'
import { actorOf } from '../../../platform/http/actor.ts'
import type { BulletinService } from './bulletin-service.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody }
const tags = ['stats']

/** `attachment` with an ASCII fallback name and the real one in UTF-8 (RFC 6266 / RFC 5987). */
export function attachmentDisposition(filename: string, fallback: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/** Bulletins (通报): generate, list, download. Handlers only translate HTTP. */
export const bulletinRoutes =
  (s: BulletinService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/stats/bulletins',
      {
        config: { access: { permission: 'bulletins.manage' } },
        schema: {
          operationId: 'generateBulletin',
          summary:
            'Generate the semi-monthly or monthly bulletin (通报) of an area of one’s jurisdiction as XLSX and PDF: headline KPIs with 环比, rankings with the bottom flagged, overdue and supervised cases, category shares; archived',
          tags,
          body: ZGenerateBulletin,
          response: { 201: ZBulletin, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.generate(requireUser(request), actorOf(request), request.body)),
    )

    app.get(
      '/api/stats/bulletins',
      {
        config: { access: { permission: 'stats.read' } },
        schema: {
          operationId: 'listBulletins',
          summary: 'The archived bulletins of one’s areas and the areas under them, newest period first',
          tags,
          querystring: ZBulletinListQuery,
          response: { 200: ZBulletinList, ...errors },
        },
      },
      async (request) => s.list(requireUser(request), request.query),
    )

    app.get(
      '/api/stats/bulletins/:id/:format',
      {
        config: { access: { permission: 'stats.read' } },
        schema: {
          operationId: 'getBulletinFile',
          summary: 'A bulletin as XLSX or PDF, saved under its title',
          tags,
          params: ZBulletinFileParams,
          produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        const { id, format } = request.params
        const file = await s.file(requireUser(request), id, format)
        return reply
          .header('content-type', file.mime)
          .header('content-disposition', attachmentDisposition(file.filename, `bulletin-${id}.${format}`))
          .header('cache-control', 'private, max-age=86400, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes)
      },
    )
  }
