import type { FastifyRequest } from 'fastify'
import type { Actor } from '../auth/principal.ts'

/** Who is acting, for the audit log: the principal plus where the request came from. */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal
  const ua = request.headers['user-agent']
  return {
    userId: p?.kind === 'user' ? p.userId : null,
    name: p?.kind === 'user' ? p.username : p?.kind === 'api_key' ? `key:${p.name}` : 'anonymous',
    ip: request.ip ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
    requestId: request.id,
  }
}
