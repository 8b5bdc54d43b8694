import { createHmac } from 'node:crypto'
import type { OutboxRow, Transport } from './outbox.ts'

/**
 * POSTs the payload as JSON. With a signing secret, adds `X-OneGrid-Timestamp`
 * and `X-OneGrid-Signature: sha256=<hmac of "timestamp.body">` so receivers can
 * verify origin and freshness; `X-OneGrid-Delivery` lets them drop duplicates.
 */
export class HttpTransport implements Transport {
  constructor(private readonly options: { timeoutMs?: number; signingSecret?: string } = {}) {}

  async deliver(message: OutboxRow): Promise<void> {
    const body = JSON.stringify(message.payload)
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-onegrid-delivery': String(message.id),
      ...message.headers,
    }
    if (this.options.signingSecret) {
      const timestamp = String(Math.floor(Date.now() / 1000))
      headers['x-onegrid-timestamp'] = timestamp
      headers['x-onegrid-signature'] =
        `sha256=${createHmac('sha256', this.options.signingSecret).update(`${timestamp}.${body}`).digest('hex')}`
    }
    const response = await fetch(message.destination, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    })
    // Drain the body so the connection is reused.
    await response.arrayBuffer().catch(() => undefined)
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${message.destination}`)
  }
}
