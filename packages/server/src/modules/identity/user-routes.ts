import {
  ZAssignmentIdParams,
  ZAssignRoleRequest,
  ZAuditList,
  ZAuditQuery,
  ZCreateUserRequest,
  ZUnit,
  ZUpdateUserRequest,
  ZUser,
  ZUserIdParams,
  ZUserList,
  ZUserListQuery,
} from '@onegrid/core/api/identity'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import type { AuditService } from './audit.ts'
import { identityErrors } from './routes.ts'
import type { UserService } from './users.ts'

/** Staff accounts, role assignments, units and the audit log, all within the caller's jurisdiction. */
export const userRoutes =
  ({ users, audit }: { users: UserService; audit: AuditService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/users',
      {
        config: { access: { permission: 'users.read' } },
        schema: {
          operationId: 'listUsers',
          summary: 'Staff accounts within the caller’s jurisdiction',
          tags: ['identity'],
          querystring: ZUserListQuery,
          response: { 200: ZUserList, ...identityErrors },
        },
      },
      async (request) => users.list(requireUser(request).scope, request.query),
    )

    app.post(
      '/api/users',
      {
        config: { access: { permission: 'users.manage' } },
        schema: {
          operationId: 'createUser',
          summary: 'Create a staff account with an initial password and role assignments',
          tags: ['identity'],
          body: ZCreateUserRequest,
          response: { 201: ZUser, ...identityErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await users.create(requireUser(request).scope, actorOf(request), request.body)),
    )

    app.patch(
      '/api/users/:id',
      {
        config: { access: { permission: 'users.manage' } },
        schema: {
          operationId: 'updateUser',
          summary: 'Change a staff account: name, mobile, status, or reset its password',
          tags: ['identity'],
          params: ZUserIdParams,
          body: ZUpdateUserRequest,
          response: { 200: ZUser, ...identityErrors },
        },
      },
      async (request) =>
        users.update(requireUser(request).scope, actorOf(request), request.params.id, request.body),
    )

    app.post(
      '/api/users/:id/reveal-mobile',
      {
        config: { access: { permission: 'pii.reveal' } },
        schema: {
          operationId: 'revealUserMobile',
          summary: 'Show a staff member’s full mobile number; every reveal is written to the audit log',
          tags: ['identity'],
          params: ZUserIdParams,
          response: { 200: z.object({ mobile: z.string().nullable() }), ...identityErrors },
        },
      },
      async (request) => users.revealMobile(requireUser(request).scope, actorOf(request), request.params.id),
    )

    app.post(
      '/api/users/:id/assignments',
      {
        config: { access: { permission: 'roles.assign' } },
        schema: {
          operationId: 'assignRole',
          summary: 'Grant a role scoped to an area or a unit',
          tags: ['identity'],
          params: ZUserIdParams,
          body: ZAssignRoleRequest,
          response: { 200: ZUser, ...identityErrors },
        },
      },
      async (request) =>
        users.assign(requireUser(request).scope, actorOf(request), request.params.id, request.body),
    )

    app.delete(
      '/api/users/:id/assignments/:assignmentId',
      {
        config: { access: { permission: 'roles.assign' } },
        schema: {
          operationId: 'revokeRole',
          summary: 'Withdraw one role assignment',
          tags: ['identity'],
          params: ZAssignmentIdParams,
          response: { 200: ZUser, ...identityErrors },
        },
      },
      async (request) =>
        users.revoke(
          requireUser(request).scope,
          actorOf(request),
          request.params.id,
          request.params.assignmentId,
        ),
    )

    app.get(
      '/api/units',
      {
        config: { access: { signedIn: true } },
        schema: {
          operationId: 'listUnits',
          summary: 'Departments, street platforms and joint teams within the caller’s jurisdiction',
          tags: ['identity'],
          response: { 200: z.object({ items: z.array(ZUnit) }), ...identityErrors },
        },
      },
      async (request) => ({ items: await audit.units(requireUser(request).scope) }),
    )

    app.get(
      '/api/audit',
      {
        config: { access: { permission: 'audit.read' } },
        schema: {
          operationId: 'listAuditLog',
          summary: 'The audit log within the caller’s jurisdiction, newest first',
          tags: ['identity'],
          querystring: ZAuditQuery,
          response: { 200: ZAuditList, ...identityErrors },
        },
      },
      async (request) => ({ items: await audit.list(requireUser(request).scope, request.query) }),
    )
  }
