import type { Clock } from '../clock.ts'
import { signedHeaders } from '../webhooks/signature.ts'
import type { OutboxRow, Transport } from './outbox.ts'

/**
 * POSTs the payload as JSON. With a signing secret, signs it as OneGrid's
 * webhooks are signed both ways (timestamp, nonce, HMAC-SHA256; see
 * `webhooks/signature.ts`); `X-OneGrid-Delivery` lets receivers drop
 * duplicates. Any 2xx is an acknowledgement; anything else is retried.
 */
export class HttpTransport implements Transport {
  constructor(private readonly options: { timeoutMs?: number; signingSecret?: string; clock?: Clock } = {}) {}

  async deliver(message: OutboxRow): Promise<void> {
    const body = JSON.stringify(message.payload)
    const now = this.options.clock?.now() ?? new Date()
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-onegrid-delivery': String(message.id),
      ...message.headers,
      ...(this.options.signingSecret ? signedHeaders(this.options.signingSecret, body, now) : {}),
    }
    const response = await fetch(message.destination, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    }).catch((err: unknown) => {
      // undici says only "fetch failed"; the reason (ECONNREFUSED, a timeout…) is its cause.
      throw new Error(`${reasonOf(err)} from ${message.destination}`)
    })
    // Drain the body so the connection is reused.
    await response.arrayBuffer().catch(() => undefined)
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${message.destination}`)
  }
}

function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  if (err.name === 'TimeoutError') return 'no answer in time'
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined
  if (typeof cause?.code === 'string') return cause.code
  return typeof cause?.message === 'string' ? cause.message : err.message
}
