import { ZCaseIdParams } from '@onegrid/core/api/cases'
import { ZErrorBody } from '@onegrid/core/api/errors'
import { ZCaseParties, ZLinkCaseParty } from '@onegrid/core/api/registry'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { CaseParties } from './parties.ts'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }

/** A case's parties: links to registry records. */
export const casePartyRoutes =
  (parties: CaseParties): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/cases/:id/parties',
      {
        config: { access: { permission: 'workspace.use' } },
        schema: {
          operationId: 'listCaseParties',
          summary: 'The registry records a case is about (当事人, household), masked',
          tags: ['cases'],
          params: ZCaseIdParams,
          response: { 200: ZCaseParties, ...errors },
        },
      },
      async (request) => parties.list(requireUser(request), request.params.id),
    )

    app.post(
      '/api/cases/:id/parties',
      {
        config: { access: { permission: 'registry.read' } },
        schema: {
          operationId: 'linkCaseParty',
          summary: 'Link a person or household of the registry to a case, with its role',
          tags: ['cases'],
          params: ZCaseIdParams,
          body: ZLinkCaseParty,
          response: { 200: ZCaseParties, ...errors },
        },
      },
      async (request) =>
        parties.link(requireUser(request), actorOf(request), request.params.id, request.body),
    )
  }
