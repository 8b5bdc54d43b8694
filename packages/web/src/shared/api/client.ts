import type { ErrorCode, TErrorBody } from '@onegrid/core/api/errors'
import { type AppLocale, acceptLanguage } from '../i18n/locale.ts'

/** Codes the client itself assigns when there is no error body from the server. */
export type ClientErrorCode = 'network' | 'bad_response'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number
  readonly code: ErrorCode | ClientErrorCode
  /** Per-field messages of a validation error, already in the caller's language. */
  readonly fields: Readonly<Record<string, string>>
  readonly requestId: string | undefined
  /** Facts beyond the message (a refusal's alternatives, a question to answer first). */
  readonly details: Readonly<Record<string, unknown>>

  constructor(init: {
    status: number
    code: ErrorCode | ClientErrorCode
    message: string
    fields?: Record<string, string> | undefined
    details?: Record<string, unknown> | undefined
    requestId?: string | undefined
    cause?: unknown
  }) {
    super(init.message, { cause: init.cause })
    this.status = init.status
    this.code = init.code
    this.fields = init.fields ?? {}
    this.details = init.details ?? {}
    this.requestId = init.requestId
  }

  /** True when the message came from the server, localised for the caller. */
  get fromServer(): boolean {
    return this.code !== 'network' && this.code !== 'bad_response'
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string')
}

/** Checks the shape by hand: importing the zod schema would put zod into every page's bundle. */
export function isErrorBody(value: unknown): value is TErrorBody {
  if (!isRecord(value) || !isRecord(value.error)) return false
  const { code, message, fields, requestId } = value.error
  return (
    typeof code === 'string' &&
    typeof message === 'string' &&
    (fields === undefined || isStringRecord(fields)) &&
    (requestId === undefined || typeof requestId === 'string')
  )
}

/** Turns a failed response into an ApiError, whatever its body. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  if (isErrorBody(body)) {
    return new ApiError({ status: response.status, ...body.error })
  }
  return new ApiError({
    status: response.status,
    code: 'bad_response',
    message: `HTTP ${response.status} ${response.statusText}`.trim(),
  })
}

export type Query = Record<string, string | number | boolean | undefined>

export interface ApiClientOptions {
  /** Prefix for every path; empty for the same origin. */
  baseUrl?: string
  locale: () => AppLocale
  fetch?: typeof globalThis.fetch
}

/** The value of the Authorization header to send (e.g. `Bearer ogs_…`), or null to send none. */
export type AuthorizationProvider = () => string | null

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  query?: Query | undefined
  /** Sent as JSON, or as multipart/form-data when a FormData; leave out for a call without a body. */
  body?: unknown
  signal?: AbortSignal | undefined
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string> | undefined
  /**
   * A 401 here is an answer, not a lost session (signing in with a wrong password, asking who is signed
   * in): the unauthorized handler is not called.
   */
  expectUnauthorized?: boolean
}

export type UnauthorizedHandler = (error: ApiError) => void

export interface ApiClient {
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>
  get<T>(path: string, query?: Query, init?: { signal?: AbortSignal | undefined }): Promise<T>
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>
  patch<T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>
  delete<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>
  /**
   * Called when a protected call answers 401, i.e. the session is gone; the console sends the user to
   * the sign-in page. Returns a function that removes the handler.
   */
  onUnauthorized(handler: UnauthorizedHandler): () => void
  /**
   * Sends an Authorization header with every call from now on (the field app's bearer token, kept on the
   * device); the cookie goes along as before. Null stops it.
   */
  setAuthorization(provider: AuthorizationProvider | null): void
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value))
  }
  const search = params.toString()
  return `${baseUrl}${path}${search ? `?${search}` : ''}`
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? ''
  // Looked up at call time so tests can replace globalThis.fetch.
  const doFetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init)
  const unauthorizedHandlers = new Set<UnauthorizedHandler>()
  let authorization: AuthorizationProvider | null = null

  async function request<T>(method: HttpMethod, path: string, init: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': acceptLanguage(options.locale()),
      ...init.headers,
    }
    const credentials = authorization?.()
    if (credentials && !headers.Authorization) headers.Authorization = credentials
    // Fastify refuses an empty body that claims to be JSON, so the type goes only with a body. A FormData
    // body sets its own type (multipart/form-data with the boundary).
    const form = typeof FormData !== 'undefined' && init.body instanceof FormData ? init.body : null
    if (init.body !== undefined && !form) headers['Content-Type'] = 'application/json'
    let response: Response
    try {
      response = await doFetch(buildUrl(baseUrl, path, init.query), {
        method,
        headers,
        // The session is an httpOnly cookie of the same origin.
        credentials: 'same-origin',
        body: form ?? (init.body === undefined ? null : JSON.stringify(init.body)),
        signal: init.signal ?? null,
      })
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
      throw new ApiError({ status: 0, code: 'network', message: 'Network request failed', cause })
    }
    if (!response.ok) {
      const error = await errorFromResponse(response)
      if (response.status === 401 && !init.expectUnauthorized) {
        for (const handler of unauthorizedHandlers) handler(error)
      }
      throw error
    }
    if (response.status === 204) return null as T
    try {
      return (await response.json()) as T
    } catch (cause) {
      throw new ApiError({ status: response.status, code: 'bad_response', message: 'Invalid JSON', cause })
    }
  }

  return {
    request,
    get<T>(path: string, query?: Query, init?: { signal?: AbortSignal | undefined }) {
      return request<T>('GET', path, { query, signal: init?.signal })
    },
    post<T>(path: string, body?: unknown, init?: Omit<RequestOptions, 'body'>) {
      return request<T>('POST', path, { ...init, body })
    },
    patch<T>(path: string, body: unknown, init?: Omit<RequestOptions, 'body'>) {
      return request<T>('PATCH', path, { ...init, body })
    },
    delete<T>(path: string, init?: Omit<RequestOptions, 'body'>) {
      return request<T>('DELETE', path, init)
    },
    onUnauthorized(handler) {
      unauthorizedHandlers.add(handler)
      return () => unauthorizedHandlers.delete(handler)
    },
    setAuthorization(provider) {
      authorization = provider
    },
  }
}
