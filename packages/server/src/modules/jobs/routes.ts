import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZJob, ZJobIdParams } from '@onegrid/core/api/jobs'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { isRootScope } from '../../platform/auth/principal.ts'
import { requireUser } from '../../platform/http/access.ts'
import { NotFound, text } from '../../platform/http/errors.ts'
import type { JobRunner } from '../../platform/jobs/job-runner.ts'

export const jobRoutes =
  (runner: JobRunner): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/jobs/:id',
      {
        config: { access: { permission: 'workspace.use' } },
        schema: {
          operationId: 'getJob',
          summary: 'Status and progress of a background job (imports, exports, demo loading...)',
          tags: ['jobs'],
          params: ZJobIdParams,
          response: { 200: ZJob, 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request) => {
        const user = requireUser(request)
        const job = await runner.getFor(request.params.id, {
          userId: user.userId,
          rootScope: isRootScope(user.scope),
        })
        if (!job) throw new NotFound(text('任务', 'Job'), String(request.params.id))
        return job
      },
    )
  }
