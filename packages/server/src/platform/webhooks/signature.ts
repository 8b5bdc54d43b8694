import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Signed webhooks, both ways (docs/API.md): `X-OneGrid-Timestamp` (Unix
 * seconds), `X-OneGrid-Nonce` and `X-OneGrid-Signature`, the lowercase hex of
 * HMAC-SHA256(secret, timestamp + "\n" + nonce + "\n" + raw body). The
 * timestamp bounds a replay to a window; the nonce closes the window.
 */
export const signatureHeaders = {
  timestamp: 'x-onegrid-timestamp',
  nonce: 'x-onegrid-nonce',
  signature: 'x-onegrid-signature',
} as const

/** How far a timestamp may be from the receiver's clock, in seconds. */
export const maxSkewSeconds = 300
/** How long a nonce is remembered: longer than the window on both sides of now. */
export const nonceMemorySeconds = 600

export function webhookSignature(secret: string, timestamp: string, nonce: string, body: string | Buffer) {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n`).update(body).digest('hex')
}

/** The three headers for a body sent now. */
export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000))
  const nonce = randomBytes(16).toString('hex')
  return {
    [signatureHeaders.timestamp]: timestamp,
    [signatureHeaders.nonce]: nonce,
    [signatureHeaders.signature]: webhookSignature(secret, timestamp, nonce, body),
  }
}

export type SignatureCheck =
  | { ok: true; nonce: string; timestamp: number }
  | { ok: false; reason: 'missing_headers' | 'malformed_headers' | 'stale_timestamp' | 'bad_signature' }

/** Checks the headers against the raw body; the nonce's freshness is the caller's (it needs storage). */
export function checkSignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  now: Date,
): SignatureCheck {
  const one = (name: string) => {
    const v = headers[name]
    return typeof v === 'string' ? v : undefined
  }
  const timestamp = one(signatureHeaders.timestamp)
  const nonce = one(signatureHeaders.nonce)
  const signature = one(signatureHeaders.signature)
  if (!timestamp || !nonce || !signature) return { ok: false, reason: 'missing_headers' }
  if (!/^\d{1,12}$/.test(timestamp) || !/^[\x21-\x7e]{8,128}$/.test(nonce))
    return { ok: false, reason: 'malformed_headers' }
  const seconds = Number(timestamp)
  if (Math.abs(now.getTime() / 1000 - seconds) > maxSkewSeconds)
    return { ok: false, reason: 'stale_timestamp' }
  const expected = Buffer.from(webhookSignature(secret, timestamp, nonce, body), 'hex')
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0)
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' }
  return { ok: true, nonce, timestamp: seconds }
}
