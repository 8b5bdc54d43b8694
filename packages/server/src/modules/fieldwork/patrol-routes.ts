import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZAppendPatrolPoints,
  ZAppendPatrolPointsResult,
  ZCheckIn,
  ZCheckInList,
  ZCheckInListQuery,
  ZCheckInRecord,
  ZEndPatrol,
  ZFieldWorkerList,
  ZFieldWorkerQuery,
  ZOnDutyPositions,
  ZOnDutyQuery,
  ZPatrol,
  ZPatrolCoverage,
  ZPatrolCoverageQuery,
  ZPatrolIdParams,
  ZPatrolList,
  ZPatrolListQuery,
  ZStartPatrol,
  ZWorkerDay,
  ZWorkerDayQuery,
} from '@onegrid/core/api/patrols'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { CheckInService } from './check-ins.ts'
import type { CoverageService } from './coverage.ts'
import type { PatrolService } from './patrols.ts'

export type PatrolServices = { patrols: PatrolService; checkIns: CheckInService; coverage: CoverageService }

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const doing = { access: { permission: 'fieldwork.do' } } as const
const reading = { access: { permission: 'fieldwork.read' } } as const
const tags = ['fieldwork']

/** Patrols (巡查), check-ins (签到), coverage (覆盖率) and on-duty positions (在岗). Handlers only translate HTTP. */
export const patrolRoutes =
  (s: PatrolServices): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/patrols',
      {
        config: doing,
        schema: {
          operationId: 'startPatrol',
          summary:
            'Start a patrol under an id the app chose (201); the same id again answers the patrol (200), another’s id is 409',
          tags,
          body: ZStartPatrol,
          response: { 200: ZPatrol, 201: ZPatrol, ...errors },
        },
      },
      async (request, reply) => {
        const { patrol, created } = await s.patrols.start(
          requireUser(request),
          actorOf(request),
          request.body,
        )
        return reply.status(created ? 201 : 200).send(patrol)
      },
    )

    app.post(
      '/api/patrols/:id/points',
      {
        config: doing,
        schema: {
          operationId: 'appendPatrolPoints',
          summary:
            'Add up to 500 positions to one’s patrol; a position already received (same time) is ignored, late ones are taken',
          tags,
          params: ZPatrolIdParams,
          body: ZAppendPatrolPoints,
          response: { 200: ZAppendPatrolPointsResult, ...errors },
        },
      },
      async (request) =>
        s.patrols.append(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/patrols/:id/end',
      {
        config: doing,
        schema: {
          operationId: 'endPatrol',
          summary: 'End one’s patrol; its grid days are computed. Ending it again answers it as it is',
          tags,
          params: ZPatrolIdParams,
          body: ZEndPatrol,
          response: { 200: ZPatrol, ...errors },
        },
      },
      async (request) =>
        s.patrols.end(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.get(
      '/api/patrols',
      {
        config: reading,
        schema: {
          operationId: 'listPatrols',
          summary: 'Patrols in one’s jurisdiction (and one’s own), newest first, by worker, day and area',
          tags,
          querystring: ZPatrolListQuery,
          response: { 200: ZPatrolList, ...errors },
        },
      },
      async (request) => s.patrols.list(requireUser(request), request.query),
    )

    app.get(
      '/api/patrols/coverage',
      {
        config: reading,
        schema: {
          operationId: 'getPatrolCoverage',
          summary:
            'Per grid per day: patrolled, distance, duration and coverage (share of the grid within 30 m of the day’s tracks)',
          tags,
          querystring: ZPatrolCoverageQuery,
          response: { 200: ZPatrolCoverage, ...errors },
        },
      },
      async (request) => s.coverage.coverage(requireUser(request), request.query),
    )

    app.get(
      '/api/patrols/on-duty',
      {
        config: reading,
        schema: {
          operationId: 'listOnDutyPositions',
          summary:
            'The latest position of each worker in one’s jurisdiction on duty now (an open patrol with a point in the last 15 minutes)',
          tags,
          querystring: ZOnDutyQuery,
          response: { 200: ZOnDutyPositions, ...errors },
        },
      },
      async (request) => s.patrols.onDuty(requireUser(request), request.query),
    )

    app.get(
      '/api/patrols/:id',
      {
        config: reading,
        schema: {
          operationId: 'getPatrol',
          summary: 'A patrol with its track (GeoJSON LineString of the positions that counted)',
          tags,
          params: ZPatrolIdParams,
          response: { 200: ZPatrol, ...errors },
        },
      },
      async (request) => s.patrols.get(requireUser(request), request.params.id),
    )

    app.get(
      '/api/fieldwork/workers',
      {
        config: reading,
        schema: {
          operationId: 'listFieldWorkers',
          summary:
            'Grid workers and leaders posted in one’s jurisdiction, with their grids (the console’s picker)',
          tags,
          querystring: ZFieldWorkerQuery,
          response: { 200: ZFieldWorkerList, ...errors },
        },
      },
      async (request) => s.patrols.workers(requireUser(request), request.query),
    )

    app.get(
      '/api/fieldwork/worker-day',
      {
        config: reading,
        schema: {
          operationId: 'getWorkerDay',
          summary:
            'One worker’s day: patrol tracks, check-ins and the cases they reported (visits: listVisits)',
          tags,
          querystring: ZWorkerDayQuery,
          response: { 200: ZWorkerDay, ...errors },
        },
      },
      async (request) => s.patrols.workerDay(requireUser(request), request.query),
    )

    app.post(
      '/api/check-ins',
      {
        config: doing,
        schema: {
          operationId: 'checkIn',
          summary:
            'Check in (签到) or out: always recorded; `inside` says whether the position is in one of one’s grids',
          tags,
          body: ZCheckIn,
          response: { 201: ZCheckInRecord, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.checkIns.checkIn(requireUser(request), actorOf(request), request.body)),
    )

    app.get(
      '/api/check-ins',
      {
        config: reading,
        schema: {
          operationId: 'listCheckIns',
          summary: 'Check-ins in one’s jurisdiction (and one’s own), newest first',
          tags,
          querystring: ZCheckInListQuery,
          response: { 200: ZCheckInList, ...errors },
        },
      },
      async (request) => s.checkIns.list(requireUser(request), request.query),
    )
  }
