import type { TMe } from '@onegrid/core/api/identity'
import { permissionsOf, type Role } from '@onegrid/core/auth/roles'

/** A signed-in user as `GET /api/me` describes them, for tests. */
export function fakeMe(role: Role, options: { mustChangePassword?: boolean; username?: string } = {}): TMe {
  const scoped = role === 'dept_handler'
  return {
    user: {
      id: 7,
      username: options.username ?? 'wanggeyuan',
      displayName: '吴网格员',
      mobileMasked: null,
      status: 'active',
      mustChangePassword: options.mustChangePassword ?? false,
      lockedUntil: null,
      assignments: [
        {
          id: 1,
          role,
          areaCode: scoped ? null : '110120001001',
          areaName: scoped ? null : '湖滨社区',
          unitId: scoped ? 3 : null,
          unitName: scoped ? '城市管理局' : null,
        },
      ],
      createdAt: '2026-01-05T08:00:00+08:00',
    },
    permissions: permissionsOf([role]),
    areaScopes: scoped ? [] : ['110120.001.001'],
    unitScopes: scoped ? [3] : [],
    session: { expiresAt: '2026-01-05T20:00:00+08:00', idleMinutes: 30, rememberDevice: false },
  }
}

export type Reply = { status: number; body?: unknown }
export type Handler = (request: { method: string; path: string; body: unknown }) => Reply

/** Replaces globalThis.fetch with a router of canned answers; returns the calls made. */
export function stubFetch(handler: Handler) {
  const calls: {
    method: string
    path: string
    body: unknown
    credentials: RequestCredentials | undefined
  }[] = []
  const original = globalThis.fetch
  globalThis.fetch = async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    const request = { method: init?.method ?? 'GET', path: url.pathname, body }
    calls.push({ ...request, credentials: init?.credentials })
    const reply = handler(request)
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'Content-Type': 'application/json' },
    })
  }
  return { calls, restore: () => (globalThis.fetch = original) }
}

export const unauthorized: Reply = {
  status: 401,
  body: { error: { code: 'unauthorized', message: '请先登录' } },
}
