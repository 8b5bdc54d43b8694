import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZDailyExportList, ZDailyExportListQuery } from '@onegrid/core/api/exchange'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import type { DailyExportAdmin } from './daily-export.ts'

/** The scheduled daily export's record. Handlers only translate HTTP. */
export const dailyExportRoutes =
  (s: DailyExportAdmin): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/exports/daily',
      {
        config: { access: { permission: 'integrations.manage' } },
        schema: {
          operationId: 'listDailyExports',
          summary:
            'The scheduled daily export: its settings and each day’s run (files, rows, status, error), the latest day first',
          tags: ['integrations'],
          querystring: ZDailyExportListQuery,
          response: { 200: ZDailyExportList, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
        },
      },
      async (request) => s.list(requireUser(request), request.query),
    )
  }
