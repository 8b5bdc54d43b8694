import { describe, expect, it } from 'vitest'
import type { AppLocale } from '../i18n/locale.ts'
import { ApiError, buildUrl, createApiClient, isErrorBody } from './client.ts'

type Call = { url: string; headers: Headers; init: RequestInit | undefined }

function fakeFetch(respond: () => Response | Promise<Response>) {
  const calls: Call[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers), init })
    return respond()
  }
  return { fetch, calls }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

describe('api client', () => {
  it('sends the current locale as Accept-Language and returns the JSON body', async () => {
    let locale: AppLocale = 'zh-CN'
    const { fetch, calls } = fakeFetch(() =>
      json(200, { status: 'ok', database: 'pglite', version: '0.1.0' }),
    )
    const client = createApiClient({ locale: () => locale, fetch })

    await expect(client.get('/health')).resolves.toEqual({
      status: 'ok',
      database: 'pglite',
      version: '0.1.0',
    })
    locale = 'en'
    await client.get('/health')

    expect(calls.map((c) => c.headers.get('Accept-Language'))).toEqual(['zh-CN', 'en'])
  })

  it('puts defined query values in the URL and leaves undefined ones out', () => {
    expect(buildUrl('', '/api/areas', { under: '320508', level: 'street', extra: undefined })).toBe(
      '/api/areas?under=320508&level=street',
    )
    expect(buildUrl('http://x', '/health')).toBe('http://x/health')
  })

  it('throws an ApiError carrying code, message and fields from the error body', async () => {
    const { fetch } = fakeFetch(() =>
      json(400, {
        error: {
          code: 'validation',
          message: '请求参数有误',
          fields: { under: '区划代码格式不正确' },
          requestId: 'req-7',
        },
      }),
    )
    const error = await rejection(createApiClient({ locale: () => 'zh-CN', fetch }).get('/api/areas'))

    expect(error.status).toBe(400)
    expect(error.code).toBe('validation')
    expect(error.message).toBe('请求参数有误')
    expect(error.fields).toEqual({ under: '区划代码格式不正确' })
    expect(error.requestId).toBe('req-7')
    expect(error.fromServer).toBe(true)
  })

  it('reports a response without an error body as bad_response with its status', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }))
    const error = await rejection(createApiClient({ locale: () => 'en', fetch }).get('/api/version'))

    expect(error.status).toBe(502)
    expect(error.code).toBe('bad_response')
    expect(error.fromServer).toBe(false)
  })

  it('reports a failed connection as a network error with status 0', async () => {
    const fetch: typeof globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    const error = await rejection(createApiClient({ locale: () => 'en', fetch }).get('/health'))

    expect(error.status).toBe(0)
    expect(error.code).toBe('network')
    expect(error.cause).toBeInstanceOf(TypeError)
  })
})

describe('api client: changes and sessions', () => {
  it('sends JSON bodies with their type, and body-less calls without one', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { ok: true }))
    const client = createApiClient({ locale: () => 'zh-CN', fetch })

    await client.post('/api/users', { username: 'li' })
    await client.post('/api/auth/logout')
    await client.patch('/api/users/3', { status: 'disabled' })
    await client.delete('/api/users/3/assignments/9')

    expect(calls.map((c) => [c.init?.method, c.headers.get('Content-Type'), c.init?.body])).toEqual([
      ['POST', 'application/json', '{"username":"li"}'],
      ['POST', null, null],
      ['PATCH', 'application/json', '{"status":"disabled"}'],
      ['DELETE', null, null],
    ])
    expect(calls.every((c) => c.init?.credentials === 'same-origin')).toBe(true)
  })

  it('tells the unauthorized handlers about a 401, unless the call expects one', async () => {
    const { fetch } = fakeFetch(() => json(401, { error: { code: 'unauthorized', message: '请先登录' } }))
    const client = createApiClient({ locale: () => 'zh-CN', fetch })
    const seen: number[] = []
    const remove = client.onUnauthorized((error) => seen.push(error.status))

    await rejection(client.get('/api/users'))
    await rejection(
      client.post('/api/auth/login', { username: 'a', password: 'b' }, { expectUnauthorized: true }),
    )
    expect(seen).toEqual([401])

    remove()
    await rejection(client.get('/api/users'))
    expect(seen).toEqual([401])
  })

  it('sends the Authorization header the app sets (the field app’s bearer token), and stops when told', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}))
    const client = createApiClient({ locale: () => 'zh-CN', fetch })
    let token: string | null = 'ogs_abc'
    client.setAuthorization(() => (token ? `Bearer ${token}` : null))
    await client.get('/api/me')
    token = null
    await client.get('/api/me')
    client.setAuthorization(() => 'Bearer ogs_new')
    await client.get('/api/me', undefined)
    client.setAuthorization(null)
    await client.get('/api/me')
    expect(calls.map((c) => c.headers.get('Authorization'))).toEqual([
      'Bearer ogs_abc',
      null,
      'Bearer ogs_new',
      null,
    ])
  })

  it('does not call the handlers for other failures', async () => {
    const { fetch } = fakeFetch(() => json(403, { error: { code: 'forbidden', message: '没有权限' } }))
    const client = createApiClient({ locale: () => 'zh-CN', fetch })
    let called = false
    client.onUnauthorized(() => {
      called = true
    })
    expect((await rejection(client.get('/api/audit'))).code).toBe('forbidden')
    expect(called).toBe(false)
  })
})

describe('isErrorBody', () => {
  it('accepts the documented shape and rejects others', () => {
    expect(isErrorBody({ error: { code: 'not_found', message: '未找到' } })).toBe(true)
    expect(isErrorBody({ error: { code: 'validation', message: 'x', fields: { a: 1 } } })).toBe(false)
    expect(isErrorBody({ message: 'x' })).toBe(false)
    expect(isErrorBody(null)).toBe(false)
  })
})
