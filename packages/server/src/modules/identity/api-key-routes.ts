import {
  ZApiKey,
  ZApiKeyIdParams,
  ZApiKeyList,
  ZCreateApiKeyRequest,
  ZCreatedApiKey,
} from '@onegrid/core/api/identity'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireUser } from '../../platform/http/access.ts'
import { actorOf } from '../../platform/http/actor.ts'
import { NotFound, text } from '../../platform/http/errors.ts'
import type { ApiKeyService } from './api-keys.ts'
import { identityErrors } from './routes.ts'

/** API keys of machine clients. */
export const apiKeyRoutes =
  ({ apiKeys }: { apiKeys: ApiKeyService }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/api-keys',
      {
        config: { access: { permission: 'apikeys.manage' } },
        schema: {
          operationId: 'listApiKeys',
          summary: 'API keys of machine clients within the caller’s jurisdiction',
          tags: ['identity'],
          response: { 200: ZApiKeyList, ...identityErrors },
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
          response: { 201: ZCreatedApiKey, ...identityErrors },
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
          response: { 200: ZApiKey, ...identityErrors },
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
          response: { 200: ZApiKey, ...identityErrors },
        },
      },
      async (request) => {
        const p = request.principal
        if (p?.kind !== 'api_key') throw new NotFound(text('API 密钥', 'API key'), 'self')
        return apiKeys.self(p.keyId, p.scope)
      },
    )
  }
