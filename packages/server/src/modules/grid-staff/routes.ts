import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  type TGridStaff,
  ZAddQualificationBody,
  ZAddTrainingBody,
  ZAssignGridStaffBody,
  ZGridStaff,
  ZGridStaffing,
  ZGridStaffingQuery,
  ZGridStaffParams,
  ZGridWorkerList,
  ZGridWorkerListQuery,
  ZGridWorkerParams,
  ZUpdateWorkerProfileBody,
  ZWorkerProfile,
} from '@onegrid/core/api/grid-staff'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import { preferredLanguage } from '../../platform/http/language.ts'
import type { GridStaffService, GridStaffView } from './service.ts'
import type { GridWorkerService } from './workers.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }

/** The warnings in the caller's language. */
function present(view: GridStaffView, request: FastifyRequest): TGridStaff {
  const lang = preferredLanguage(request.headers['accept-language'])
  return { ...view, warnings: view.warnings.map((w) => ({ ...w, message: w.message[lang] })) }
}

/** Staff on grids, and grid workers' employment, training and qualifications. */
export const gridStaffRoutes =
  ({ staff, workers }: { staff: GridStaffService; workers: GridWorkerService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/grids/staffing',
      {
        config: { access: { signedIn: true } },
        schema: {
          operationId: 'getGridStaffing',
          summary:
            'Per grid under an area: staff counts, households and the load per grid worker (for the map)',
          tags: ['grid-staff'],
          querystring: ZGridStaffingQuery,
          response: { 200: ZGridStaffing, ...errors },
        },
      },
      async (request) => staff.staffing(requireUser(request).scope, request.query.under),
    )

    app.get(
      '/api/grids/:code/staff',
      {
        config: { access: { signedIn: true } },
        schema: {
          operationId: 'listGridStaff',
          summary: 'Who is posted to a grid: leader, workers, supervisors, department liaisons',
          tags: ['grid-staff'],
          params: ZGridStaffParams,
          response: { 200: ZGridStaff, ...errors },
        },
      },
      async (request) =>
        present(await staff.staffOf(requireUser(request).scope, request.params.code), request),
    )

    app.put(
      '/api/grids/:code/staff',
      {
        config: { access: { permission: 'gridstaff.manage' } },
        schema: {
          operationId: 'assignGridStaff',
          summary:
            'Replace a grid’s staff set (role assignments at the grid); warns about a worker’s household load',
          tags: ['grid-staff'],
          params: ZGridStaffParams,
          body: ZAssignGridStaffBody,
          response: { 200: ZGridStaff, ...errors },
        },
      },
      async (request) =>
        present(
          await staff.assign(requireUser(request).scope, actorOf(request), request.params.code, request.body),
          request,
        ),
    )

    app.get(
      '/api/grid-workers',
      {
        config: { access: { permission: 'users.read' } },
        schema: {
          operationId: 'listGridWorkers',
          summary: 'The roster of grid workers and leaders: employment, training hours, qualification, load',
          tags: ['grid-staff'],
          querystring: ZGridWorkerListQuery,
          response: { 200: ZGridWorkerList, ...errors },
        },
      },
      async (request) => workers.list(requireUser(request).scope, request.query),
    )

    app.get(
      '/api/grid-workers/:userId',
      {
        config: { access: { permission: 'users.read' } },
        schema: {
          operationId: 'getWorkerProfile',
          summary: 'A grid worker’s profile with postings, training records and qualifications',
          tags: ['grid-staff'],
          params: ZGridWorkerParams,
          response: { 200: ZWorkerProfile, ...errors },
        },
      },
      async (request) => workers.profile(requireUser(request).scope, request.params.userId),
    )

    app.patch(
      '/api/grid-workers/:userId',
      {
        config: { access: { permission: 'gridstaff.manage' } },
        schema: {
          operationId: 'updateWorkerProfile',
          summary: 'Change a grid worker’s employment (full-time or part-time), hiring date or note',
          tags: ['grid-staff'],
          params: ZGridWorkerParams,
          body: ZUpdateWorkerProfileBody,
          response: { 200: ZWorkerProfile, ...errors },
        },
      },
      async (request) =>
        workers.update(requireUser(request).scope, actorOf(request), request.params.userId, request.body),
    )

    app.post(
      '/api/grid-workers/:userId/trainings',
      {
        config: { access: { permission: 'gridstaff.manage' } },
        schema: {
          operationId: 'addWorkerTraining',
          summary: 'Record a training a grid worker completed (course, hours, date)',
          tags: ['grid-staff'],
          params: ZGridWorkerParams,
          body: ZAddTrainingBody,
          response: { 201: ZWorkerProfile, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await workers.addTraining(
              requireUser(request).scope,
              actorOf(request),
              request.params.userId,
              request.body,
            ),
          ),
    )

    app.post(
      '/api/grid-workers/:userId/qualifications',
      {
        config: { access: { permission: 'gridstaff.manage' } },
        schema: {
          operationId: 'addWorkerQualification',
          summary: 'Record a grid worker’s qualification certificate (number, issued, expires)',
          tags: ['grid-staff'],
          params: ZGridWorkerParams,
          body: ZAddQualificationBody,
          response: { 201: ZWorkerProfile, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await workers.addQualification(
              requireUser(request).scope,
              actorOf(request),
              request.params.userId,
              request.body,
            ),
          ),
    )
  }
