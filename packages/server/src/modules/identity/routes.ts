import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZApiKey,
  ZApiKeyIdParams,
  ZApiKeyList,
  ZAssignmentIdParams,
  ZAssignRoleRequest,
  ZAuditList,
  ZAuditQuery,
  ZChangePasswordRequest,
  ZCreateApiKeyRequest,
  ZCreatedApiKey,
  ZCreateUserRequest,
  ZLoginRequest,
  ZLoginResponse,
  ZMe,
  ZOk,
  ZSessionIdParams,
  ZSessionList,
  ZUnit,
  ZUpdateUserRequest,
  ZUser,
  ZUserIdParams,
  ZUserList,
  ZUserListQuery,
} from '@onegrid/core/api/identity'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import { NotFound, text } from '../../platform/http/errors.ts'
import type { ApiKeyService } from './api-keys.ts'
import type { AuditService } from './audit.ts'
import type { LoginService } from './login.ts'
import type { SessionService } from './sessions.ts'
import type { UserService } from './users.ts'

export const sessionCookie = 'onegrid_session'

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody }

export type IdentityServices = {
  login: LoginService
  sessions: SessionService
  users: UserService
  apiKeys: ApiKeyService
  audit: AuditService
}

function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(sessionCookie, token, { path: '/', httpOnly: true, sameSite: 'lax', secure })
}

export const identityRoutes =
  ({ login, sessions, users, apiKeys, audit }: IdentityServices): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { access: { public: true } },
        schema: {
          operationId: 'login',
          summary:
            'Sign in with username and password; sets the session cookie and returns the same token for Bearer use',
          tags: ['identity'],
          body: ZLoginRequest,
          response: { 200: ZLoginResponse, ...errors },
        },
      },
      async (request, reply) => {
        const result = await login.login(request.body.username, request.body.password, actorOf(request))
        setSessionCookie(reply, result.token, request.protocol === 'https')
        return result
      },
    )

    app.post(
      '/api/auth/logout',
      {
        config: { access: { signedIn: true }, duringPasswordChange: true },
        schema: {
          operationId: 'logout',
          summary: 'End the current session',
          tags: ['identity'],
          response: { 200: ZOk, ...errors },
        },
      },
      async (request, reply) => {
        await login.logout(requireUser(request), actorOf(request))
        reply.clearCookie(sessionCookie, { path: '/' })
        return { ok: true as const }
      },
    )

    app.get(
      '/api/me',
      {
        config: { access: { signedIn: true }, duringPasswordChange: true },
        schema: {
          operationId: 'getMe',
          summary: 'The signed-in user, their assignments, permissions and scope',
          tags: ['identity'],
          response: { 200: ZMe, ...errors },
        },
      },
      async (request) => sessions.me(requireUser(request)),
    )

    app.post(
      '/api/me/password',
      {
        config: { access: { signedIn: true }, duringPasswordChange: true },
        schema: {
          operationId: 'changePassword',
          summary: 'Change one’s own password (policy, last 5 refused); ends one’s other sessions',
          tags: ['identity'],
          body: ZChangePasswordRequest,
          response: { 200: ZOk, ...errors },
        },
      },
      async (request) => {
        await login.changePassword(
          requireUser(request),
          request.body.currentPassword,
          request.body.newPassword,
          actorOf(request),
        )
        return { ok: true as const }
      },
    )

    app.get(
      '/api/me/sessions',
      {
        config: { access: { signedIn: true } },
        schema: {
          operationId: 'listMySessions',
          summary: 'One’s own active sessions',
          tags: ['identity'],
          response: { 200: ZSessionList, ...errors },
        },
      },
      async (request) => ({ items: await sessions.list(requireUser(request)) }),
    )

    app.post(
      '/api/me/sessions/:id/revoke',
      {
        config: { access: { signedIn: true } },
        schema: {
          operationId: 'revokeMySession',
          summary: 'End one of one’s own sessions',
          tags: ['identity'],
          params: ZSessionIdParams,
          response: { 200: ZOk, ...errors },
        },
      },
      async (request) => {
        if (!(await login.revokeSession(requireUser(request), request.params.id, actorOf(request)))) {
          throw new NotFound(text('会话', 'Session'), request.params.id)
        }
        return { ok: true as const }
      },
    )

    app.get(
      '/api/users',
      {
        config: { access: { permission: 'users.read' } },
        schema: {
          operationId: 'listUsers',
          summary: 'Staff accounts within the caller’s jurisdiction',
          tags: ['identity'],
          querystring: ZUserListQuery,
          response: { 200: ZUserList, ...errors },
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
          response: { 201: ZUser, ...errors },
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
          response: { 200: ZUser, ...errors },
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
          response: { 200: z.object({ mobile: z.string().nullable() }), ...errors },
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
          response: { 200: ZUser, ...errors },
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
          response: { 200: ZUser, ...errors },
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
          response: { 200: z.object({ items: z.array(ZUnit) }), ...errors },
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
          response: { 200: ZAuditList, ...errors },
        },
      },
      async (request) => ({ items: await audit.list(requireUser(request).scope, request.query) }),
    )

    app.get(
      '/api/api-keys',
      {
        config: { access: { permission: 'apikeys.manage' } },
        schema: {
          operationId: 'listApiKeys',
          summary: 'API keys of machine clients within the caller’s jurisdiction',
          tags: ['identity'],
          response: { 200: ZApiKeyList, ...errors },
        },
      },
      async (request) => ({ items: await apiKeys.list(requireUser(request).scope) }),
    )

    app.post(
      '/api/api-keys',
      {
        config: { access: { permission: 'apikeys.manage' } },
        schema: {
          operationId: 'createApiKey',
          summary: 'Issue an API key; its secret is shown in this answer only',
          tags: ['identity'],
          body: ZCreateApiKeyRequest,
          response: { 201: ZCreatedApiKey, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await apiKeys.create(requireUser(request).scope, actorOf(request), request.body)),
    )

    app.post(
      '/api/api-keys/:id/revoke',
      {
        config: { access: { permission: 'apikeys.manage' } },
        schema: {
          operationId: 'revokeApiKey',
          summary: 'Revoke an API key at once',
          tags: ['identity'],
          params: ZApiKeyIdParams,
          response: { 200: ZApiKey, ...errors },
        },
      },
      async (request) => apiKeys.revoke(requireUser(request).scope, actorOf(request), request.params.id),
    )

    app.get(
      '/api/api-keys/self',
      {
        config: { access: { apiKey: 'any' } },
        schema: {
          operationId: 'getApiKeySelf',
          summary: 'For machine clients: the calling key, to check it works',
          tags: ['identity'],
          response: { 200: ZApiKey, ...errors },
        },
      },
      async (request) => {
        const p = request.principal
        if (p?.kind !== 'api_key') throw new NotFound(text('API 密钥', 'API key'), 'self')
        return apiKeys.self(p.keyId, p.scope)
      },
    )
  }
