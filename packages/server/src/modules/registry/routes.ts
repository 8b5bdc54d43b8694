import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZCreateHousehold,
  ZCreatePerson,
  ZGroupMemberList,
  ZGroupMemberQuery,
  ZGroupMembershipInput,
  ZHelperList,
  ZHelperQuery,
  ZHousehold,
  ZMembershipParams,
  ZPerson,
  ZPersonExportQuery,
  ZPersonIdParams,
  ZPersonList,
  ZPersonQuery,
  ZRegistrySummary,
  ZRegistrySummaryQuery,
  ZRevealed,
  ZRevealPersonField,
  ZSetRiskLevel,
  ZUpdateGroupMembership,
  ZUpdateHousehold,
  ZUpdatePerson,
} from '@onegrid/core/api/registry'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import { ZStreamedFile } from '../../platform/http/streamed-file.ts'
import type { ExportPersons } from './export-persons.ts'
import type { RegistryHelpers } from './helpers.ts'
import type { HouseholdService } from './households.ts'
import type { PersonService } from './persons.ts'
import type { RevealPerson } from './reveal-person.ts'
import type { SpecialGroupService } from './special-groups.ts'

export type RegistryServices = {
  persons: PersonService
  households: HouseholdService
  groups: SpecialGroupService
  reveal: RevealPerson
  exports: ExportPersons
  helpers: RegistryHelpers
}

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }
const read = { access: { permission: 'registry.read' } } as const
const manage = { access: { permission: 'registry.manage' } } as const
const special = { access: { permission: 'registry.special' } } as const
const tags = ['registry']

/** The registry: persons, households, special groups. Handlers only translate HTTP. */
export const registryRoutes =
  (s: RegistryServices): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/registry/persons',
      {
        config: read,
        schema: {
          operationId: 'searchPersons',
          summary: 'Find persons by name (pinyin, initials), ID number or phone (exact), tag, group, area',
          tags,
          querystring: ZPersonQuery,
          response: { 200: ZPersonList, ...errors },
        },
      },
      async (request) => s.persons.search(requireUser(request), request.query),
    )

    app.get(
      '/api/registry/persons/export',
      {
        config: { access: { permission: 'registry.import' } },
        schema: {
          operationId: 'exportRegistry',
          summary: 'The filtered list of persons as an XLSX sheet, personal fields masked; audited',
          tags,
          querystring: ZPersonExportQuery,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { 200: ZStreamedFile, ...errors },
        },
      },
      async (request, reply) => {
        const { filename, stream } = await s.exports.export(
          requireUser(request),
          actorOf(request),
          request.query,
        )
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="registry.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          )
          .send(stream)
      },
    )

    app.post(
      '/api/registry/persons',
      {
        config: manage,
        schema: {
          operationId: 'createPerson',
          summary: 'Record a person (实有人口); the ID number is checked and kept encrypted',
          tags,
          body: ZCreatePerson,
          response: { 201: ZPerson, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.persons.create(requireUser(request), actorOf(request), request.body)),
    )

    app.get(
      '/api/registry/persons/:id',
      {
        config: read,
        schema: {
          operationId: 'getPerson',
          summary: 'A person with household, special-group records (registry.special only) and history',
          tags,
          params: ZPersonIdParams,
          response: { 200: ZPerson, ...errors },
        },
      },
      async (request) => s.persons.get(requireUser(request), request.params.id),
    )

    app.patch(
      '/api/registry/persons/:id',
      {
        config: manage,
        schema: {
          operationId: 'updatePerson',
          summary: 'Correct a person; the version read must still be current (409 otherwise)',
          tags,
          params: ZPersonIdParams,
          body: ZUpdatePerson,
          response: { 200: ZPerson, ...errors },
        },
      },
      async (request) =>
        s.persons.update(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/registry/persons/:id/reveal',
      {
        config: { access: { permission: 'pii.reveal' } },
        schema: {
          operationId: 'revealPersonField',
          summary: 'One personal field in full (ID number, phone, address), with a reason; audited',
          tags,
          params: ZPersonIdParams,
          body: ZRevealPersonField,
          response: { 200: ZRevealed, ...errors },
        },
      },
      async (request) =>
        s.reveal.reveal(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/registry/persons/:id/groups',
      {
        config: special,
        schema: {
          operationId: 'addSpecialGroup',
          summary: 'Record a person in a special group, with its typed fields, risk level and helpers',
          tags,
          params: ZPersonIdParams,
          body: ZGroupMembershipInput,
          response: { 200: ZPerson, ...errors },
        },
      },
      async (request) =>
        s.groups.add(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.patch(
      '/api/registry/persons/:id/groups/:group',
      {
        config: special,
        schema: {
          operationId: 'updateSpecialGroup',
          summary: 'Correct a special-group record: fields, helpers, visit frequency, end',
          tags,
          params: ZMembershipParams,
          body: ZUpdateGroupMembership,
          response: { 200: ZPerson, ...errors },
        },
      },
      async (request) =>
        s.groups.update(
          requireUser(request),
          actorOf(request),
          request.params.id,
          request.params.group,
          request.body,
        ),
    )

    app.put(
      '/api/registry/persons/:id/groups/:group/risk',
      {
        config: special,
        schema: {
          operationId: 'setRiskLevel',
          summary: 'Set the risk level (green/yellow/red) with the reason; recorded with who set it',
          tags,
          params: ZMembershipParams,
          body: ZSetRiskLevel,
          response: { 200: ZPerson, ...errors },
        },
      },
      async (request) =>
        s.groups.setRisk(
          requireUser(request),
          actorOf(request),
          request.params.id,
          request.params.group,
          request.body,
        ),
    )

    app.get(
      '/api/registry/helpers',
      {
        config: special,
        schema: {
          operationId: 'listRegistryHelpers',
          summary:
            'Staff who may be named helpers of a special-group record (grid staff in one’s jurisdiction)',
          tags,
          querystring: ZHelperQuery,
          response: { 200: ZHelperList, ...errors },
        },
      },
      async (request) => s.helpers.list(requireUser(request), request.query),
    )

    app.get(
      '/api/registry/special-groups',
      {
        config: special,
        schema: {
          operationId: 'listSpecialGroupMembers',
          summary: 'Members of the special groups in one’s jurisdiction, red first',
          tags,
          querystring: ZGroupMemberQuery,
          response: { 200: ZGroupMemberList, ...errors },
        },
      },
      async (request) => s.groups.list(requireUser(request), request.query),
    )

    app.post(
      '/api/registry/households',
      {
        config: manage,
        schema: {
          operationId: 'createHousehold',
          summary: 'Record a household and its members’ relation to the householder',
          tags,
          body: ZCreateHousehold,
          response: { 201: ZHousehold, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.households.create(requireUser(request), actorOf(request), request.body)),
    )

    app.patch(
      '/api/registry/households/:id',
      {
        config: manage,
        schema: {
          operationId: 'updateHousehold',
          summary:
            'Move a household into a registry house (or out: null), or correct its address or note, at the version read',
          tags,
          params: ZPersonIdParams,
          body: ZUpdateHousehold,
          response: { 200: ZHousehold, ...errors },
        },
      },
      async (request) =>
        s.households.update(requireUser(request), actorOf(request), request.params.id, request.body),
    )

    app.get(
      '/api/registry/households/:id',
      {
        config: read,
        schema: {
          operationId: 'getHousehold',
          summary: 'A household and its members',
          tags,
          params: ZPersonIdParams,
          response: { 200: ZHousehold, ...errors },
        },
      },
      async (request) => s.households.get(requireUser(request), request.params.id),
    )

    app.get(
      '/api/registry/summary',
      {
        config: read,
        schema: {
          operationId: 'getRegistrySummary',
          summary: 'An area’s registry at a glance: persons, households, non-local, elderly, special groups',
          tags,
          querystring: ZRegistrySummaryQuery,
          response: { 200: ZRegistrySummary, ...errors },
        },
      },
      async (request) => s.persons.summary(requireUser(request), request.query.areaCode),
    )
  }
