import { describe, expect, it } from 'vitest'
import { checkSignature, signedHeaders, webhookSignature } from './signature.ts'

// The example of docs/API.md, computed with `openssl dgst -sha256 -hmac` (not with this code).
const example = {
  secret: 'onegrid-example-secret',
  timestamp: '1764000000',
  nonce: '3f9a1c2e7b6d4a58',
  body: '{"orderNo":"GD20251124000001"}',
  signature: '66e6552f29dde53d73e75c879afea893ed6e515a3fa6d4705fdff8b489ff7dfe',
}
const at = new Date(Number(example.timestamp) * 1000)
const headers = {
  'x-onegrid-timestamp': example.timestamp,
  'x-onegrid-nonce': example.nonce,
  'x-onegrid-signature': example.signature,
}

describe('webhook signatures', () => {
  it('match the documented example', () => {
    expect(webhookSignature(example.secret, example.timestamp, example.nonce, example.body)).toBe(
      example.signature,
    )
    expect(checkSignature(example.secret, headers, Buffer.from(example.body), at)).toEqual({
      ok: true,
      nonce: example.nonce,
      timestamp: 1764000000,
    })
  })

  it('refuse another secret, a changed body, a changed nonce and upper-case hex', () => {
    const body = Buffer.from(example.body)
    expect(checkSignature('another-secret-0000', headers, body, at)).toEqual({
      ok: false,
      reason: 'bad_signature',
    })
    expect(checkSignature(example.secret, headers, Buffer.from(`${example.body} `), at)).toMatchObject({
      reason: 'bad_signature',
    })
    expect(
      checkSignature(example.secret, { ...headers, 'x-onegrid-nonce': '3f9a1c2e7b6d4a59' }, body, at),
    ).toMatchObject({ reason: 'bad_signature' })
    expect(
      checkSignature(
        example.secret,
        { ...headers, 'x-onegrid-signature': example.signature.toUpperCase() },
        body,
        at,
      ),
    ).toMatchObject({ reason: 'bad_signature' })
  })

  it('refuse a timestamp more than 300 s from the clock, either way, and missing or malformed headers', () => {
    const body = Buffer.from(example.body)
    const shifted = (s: number) => new Date(at.getTime() + s * 1000)
    expect(checkSignature(example.secret, headers, body, shifted(300)).ok).toBe(true)
    expect(checkSignature(example.secret, headers, body, shifted(-300)).ok).toBe(true)
    expect(checkSignature(example.secret, headers, body, shifted(301))).toMatchObject({
      reason: 'stale_timestamp',
    })
    expect(checkSignature(example.secret, headers, body, shifted(-301))).toMatchObject({
      reason: 'stale_timestamp',
    })
    const { 'x-onegrid-nonce': _, ...noNonce } = headers
    expect(checkSignature(example.secret, noNonce, body, at)).toMatchObject({ reason: 'missing_headers' })
    expect(
      checkSignature(example.secret, { ...headers, 'x-onegrid-timestamp': '17640000.5' }, body, at),
    ).toMatchObject({ reason: 'malformed_headers' })
  })

  it('sign what they check', () => {
    const now = new Date()
    const body = '{"a":1}'
    const signed = signedHeaders(example.secret, body, now)
    expect(signed['x-onegrid-nonce']).toMatch(/^[0-9a-f]{32}$/)
    expect(checkSignature(example.secret, signed, Buffer.from(body), now).ok).toBe(true)
  })
})
