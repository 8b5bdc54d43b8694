import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZJob, ZJobIdParams } from '@onegrid/core/api/jobs'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { NotFound, text } from '../../platform/http/errors.ts'
import type { JobRunner } from '../../platform/jobs/job-runner.ts'

export const jobRoutes =
  (runner: JobRunner): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/jobs/:id',
      {
        schema: {
          operationId: 'getJob',
          summary: 'Status and progress of a background job (imports, exports, demo loading...)',
          tags: ['jobs'],
          params: ZJobIdParams,
          response: { 200: ZJob, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => {
        const job = await runner.get(request.params.id)
        if (!job) throw new NotFound(text('任务', 'Job'), String(request.params.id))
        return job
      },
    )
  }
