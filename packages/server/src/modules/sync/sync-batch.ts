import type { TSyncBatchRequest, TSyncItemResult } from '@onegrid/core/api/sync'
import { ZSyncBatchRequest } from '@onegrid/core/api/sync'
import type { OperationIndex } from '../../platform/http/operation-index.ts'

/** One request as the app's own router answers it (Fastify's inject in the composition root). */
export type Dispatch = (request: {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
  remoteAddress: string
}) => Promise<{ status: number; headers: Record<string, unknown>; body: string }>

/** What of the caller's request each item carries: who they are, their language, where they are. */
export type CallerContext = {
  headers: Record<string, string | undefined>
  remoteAddress: string
}

/** Headers an item inherits from the batch: identity, language and client, never content headers. */
const inherited = ['authorization', 'cookie', 'accept-language', 'user-agent', 'x-api-key'] as const

type Item = ReturnType<typeof ZSyncBatchRequest.parse>['items'][number]

/**
 * syncBatch: each queued item goes to the operation it names, as the caller, with its
 * client id as the Idempotency-Key. The operation itself validates, authorizes, writes and
 * audits; this only sends the items in order and stops where sending more would be wrong.
 */
export class SyncBatch {
  constructor(
    private readonly operations: OperationIndex,
    private readonly dispatch: Dispatch,
  ) {}

  async run(caller: CallerContext, request: TSyncBatchRequest): Promise<TSyncItemResult[]> {
    const { items } = ZSyncBatchRequest.parse(request)
    const results: TSyncItemResult[] = []
    let stopped = false
    for (const item of items) {
      if (stopped) {
        results.push({ id: item.id, attempted: false, status: 0, replayed: false, body: null })
        continue
      }
      const result = await this.send(caller, item)
      results.push(result)
      // A server error may pass; a lost session will not until the worker signs in again.
      // Either way, later items wait so that the queue's order holds.
      if (result.status >= 500 || result.status === 401) stopped = true
    }
    return results
  }

  private async send(caller: CallerContext, item: Item): Promise<TSyncItemResult> {
    const route = this.operations.get(item.operation)
    if (!route) throw new Error(`syncBatch: operation ${item.operation} is not registered`)
    const url = fillPath(route.url, item.params)
    if ('missing' in url) {
      return {
        id: item.id,
        attempted: true,
        status: 400,
        replayed: false,
        body: {
          error: {
            code: 'validation',
            message: `params.${url.missing} is required for ${item.operation}`,
            fields: { [`params.${url.missing}`]: 'required' },
          },
        },
      }
    }
    const headers: Record<string, string> = { 'idempotency-key': item.id }
    for (const name of inherited) {
      const value = caller.headers[name]
      if (value !== undefined) headers[name] = value
    }
    const hasBody = item.body !== undefined && item.body !== null
    if (hasBody) headers['content-type'] = 'application/json'
    const answer = await this.dispatch({
      method: route.method,
      url: url.path,
      headers,
      body: hasBody ? JSON.stringify(item.body) : undefined,
      remoteAddress: caller.remoteAddress,
    })
    return {
      id: item.id,
      attempted: true,
      status: answer.status,
      replayed: answer.headers['idempotent-replayed'] === 'true',
      body: parseBody(answer.body, answer.headers['content-type']),
    }
  }
}

/** `/api/patrols/:id/points` with `{ id: "…" }` → `/api/patrols/…/points`. */
function fillPath(template: string, params: Record<string, string>): { path: string } | { missing: string } {
  let missing: string | undefined
  const path = template.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined || value === '') {
      missing ??= name
      return ''
    }
    return encodeURIComponent(value)
  })
  return missing === undefined ? { path } : { missing }
}

function parseBody(body: string, type: unknown): unknown {
  if (body === '') return null
  if (typeof type === 'string' && type.includes('json')) {
    try {
      return JSON.parse(body) as unknown
    } catch {
      return body
    }
  }
  return body
}
