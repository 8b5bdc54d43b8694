import { afterEach, describe, expect, it, vi } from 'vitest'
import { newIdempotencyKey, reportCase } from './cases.ts'
import { ApiError } from './client.ts'

const body = { itemCode: '0101', channel: 'hotline' as const, title: '井盖缺失', description: '门口井盖缺失' }

const answer = (respond: typeof globalThis.fetch) => vi.stubGlobal('fetch', respond)

describe('reporting a case', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends the form’s Idempotency-Key with the report', async () => {
    const seen: Headers[] = []
    answer(async (_input, init) => {
      seen.push(new Headers(init?.headers))
      return new Response(JSON.stringify({ id: 4, code: 'AJ4' }), { status: 201 })
    })
    const created = await reportCase(body, 'key-1')
    expect(created).toMatchObject({ id: 4 })
    expect(seen[0]?.get('Idempotency-Key')).toBe('key-1')
    expect(seen[0]?.get('Content-Type')).toBe('application/json')
  })

  it('turns a refusal into the same ApiError as every other call, fields named', async () => {
    answer(
      async () =>
        new Response(
          JSON.stringify({
            error: { code: 'validation', message: '请求有误', fields: { 'reporter.phone': '号码无效' } },
          }),
          { status: 400 },
        ),
    )
    const error = await reportCase(body, 'key-2').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).fields).toEqual({ 'reporter.phone': '号码无效' })
  })

  it('makes a new key per form, also where randomUUID is missing (plain http)', () => {
    const a = newIdempotencyKey()
    expect(a).not.toBe(newIdempotencyKey())
    const original = crypto.randomUUID
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
    try {
      expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{32}$/)
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true })
    }
  })
})
