import type { ApiKeyScope, Permission } from '@onegrid/core/auth/roles'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Principal, UserPrincipal } from '../auth/principal.ts'
import { Forbidden, PasswordChangeRequired, text, Unauthorized } from './errors.ts'

/** Who may call a route. Every /api route declares one; a route without it fails at start-up. */
export type Access =
  | { public: true }
  | { signedIn: true }
  | { permission: Permission }
  | { apiKey: ApiKeyScope | 'any' }

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /** Reachable while the user still has to replace an initial password (me, change password, logout). */
    duringPasswordChange?: boolean
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

export type AccessOptions = {
  resolve: (request: FastifyRequest) => Promise<Principal | null>
}

const guarded = (url: string) => url.startsWith('/api/') || url === '/health'

export const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'onegrid_session',
    description: 'the console’s session cookie',
  },
  bearer: { type: 'http', scheme: 'bearer', description: 'the session token, for the field app and scripts' },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'a machine client’s API key' },
} as const

function securityOf(access: Access): Record<string, string[]>[] {
  if ('public' in access) return []
  if ('apiKey' in access) return [{ apiKey: [] }]
  return [{ session: [] }, { bearer: [] }]
}

function describeAccess(access: Access): string {
  if ('public' in access) return 'public'
  if ('signedIn' in access) return 'signedIn'
  if ('apiKey' in access) return `apiKey:${access.apiKey}`
  return `permission:${access.permission}`
}

export function requireUser(request: FastifyRequest): UserPrincipal {
  const p = request.principal
  if (p?.kind !== 'user') throw new Unauthorized(text('请先登录', 'Please sign in'))
  return p
}

async function access(app: FastifyInstance, opts: AccessOptions): Promise<void> {
  app.decorateRequest('principal', null)

  app.addHook('onRoute', (route) => {
    if (!guarded(route.url) || route.schema?.hide) return
    const declared = route.config?.access
    if (!declared) throw new Error(`route ${route.method} ${route.url} declares no access rule`)
    // x-access documents the rule in the OpenAPI document; the authorization matrix test reads it.
    route.schema = {
      ...route.schema,
      security: securityOf(declared),
      'x-access': describeAccess(declared),
    } as typeof route.schema
  })

  // Authentication and authorization come before validation: a stranger learns nothing from a 400.
  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config?.access
    if (!rule) return
    request.principal = await opts.resolve(request)
    if ('public' in rule) return
    const p = request.principal
    if ('apiKey' in rule) {
      if (p?.kind !== 'api_key')
        throw new Unauthorized(text('需要有效的 API 密钥', 'A valid API key is required'))
      if (rule.apiKey !== 'any' && !p.scopes.includes(rule.apiKey)) {
        throw new Forbidden(text('该 API 密钥没有此权限', 'This API key lacks the scope for this operation'))
      }
      return
    }
    const user = requireUser(request)
    if (user.mustChangePassword && !request.routeOptions.config?.duringPasswordChange) {
      throw new PasswordChangeRequired(text('请先修改初始密码', 'Change your initial password first'))
    }
    if ('permission' in rule && !user.permissions.has(rule.permission)) {
      throw new Forbidden(text('没有执行此操作的权限', 'You are not allowed to do this'))
    }
  })
}

export const accessPlugin = fp(access, { name: 'onegrid-access' })
