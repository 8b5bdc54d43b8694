import { ZErrorBody } from '@onegrid/core/api/errors'
import {
  ZChangePasswordRequest,
  ZLoginRequest,
  ZLoginResponse,
  ZMe,
  ZOk,
  ZSessionIdParams,
  ZSessionList,
} from '@onegrid/core/api/identity'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import { NotFound, text } from '../../platform/http/errors.ts'
import type { LoginService } from './login.ts'
import type { SessionService } from './sessions.ts'

export const sessionCookie = 'onegrid_session'

export const identityErrors = {
  400: ZErrorBody,
  401: ZErrorBody,
  403: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
}

/** A remembered device keeps the cookie until the session's end; otherwise it lasts while the browser is open. */
function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, expires?: Date): void {
  reply.setCookie(sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    ...(expires ? { expires } : {}),
  })
}

/** Signing in and out, one's own account, password and sessions. */
export const authRoutes =
  ({ login, sessions }: { login: LoginService; sessions: SessionService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { access: { public: true } },
        schema: {
          operationId: 'login',
          summary:
            'Sign in with username and password; sets the session cookie and returns the same token for Bearer use. rememberDevice (the field app): the session idles out after days, not minutes',
          tags: ['identity'],
          body: ZLoginRequest,
          response: { 200: ZLoginResponse, ...identityErrors },
        },
      },
      async (request, reply) => {
        const result = await login.login(request.body.username, request.body.password, actorOf(request), {
          rememberDevice: request.body.rememberDevice,
        })
        const remembered = result.me.session.rememberDevice
          ? new Date(result.me.session.expiresAt)
          : undefined
        setSessionCookie(reply, result.token, request.protocol === 'https', remembered)
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
          response: { 200: ZOk, ...identityErrors },
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
          response: { 200: ZMe, ...identityErrors },
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
          response: { 200: ZOk, ...identityErrors },
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
          response: { 200: ZSessionList, ...identityErrors },
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
          response: { 200: ZOk, ...identityErrors },
        },
      },
      async (request) => {
        if (!(await login.revokeSession(requireUser(request), request.params.id, actorOf(request)))) {
          throw new NotFound(text('会话', 'Session'), request.params.id)
        }
        return { ok: true as const }
      },
    )
  }
