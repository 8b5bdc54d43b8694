import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'

describe('Idempotency-Key', () => {
  let app: App
  const countEffects = async () =>
    Number(
      (await app.http.inject({ method: 'GET', url: '/effects' }).then((r) => r.json() as { n: number })).n,
    )

  beforeAll(async () => {
    app = await createTestApp()
    // A write with a visible effect: one audit row per call.
    app.http.post(
      '/api/probe',
      { config: { access: { public: true } }, schema: { body: z.object({ note: z.string() }) } },
      async (request, reply) => {
        const inserted = await app.database.db
          .insertInto('audit_log')
          .values({ action: 'probe', entity_type: 'probe', details: JSON.stringify(request.body) })
          .returning('id')
          .executeTakeFirstOrThrow()
        return reply.status(201).send({ id: inserted.id })
      },
    )
    app.http.get('/effects', async () => ({
      n: (
        await app.database.db
          .selectFrom('audit_log')
          .where('action', '=', 'probe')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    }))
  })
  afterAll(async () => {
    await app.close()
  })

  it('gives one effect for the same key twice and replays the first answer', async () => {
    const send = () =>
      app.http.inject({
        method: 'POST',
        url: '/api/probe',
        headers: { 'idempotency-key': 'k-1' },
        payload: { note: 'x' },
      })
    const first = await send()
    const second = await send()
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.json()).toEqual(first.json())
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(await countEffects()).toBe(1)
  })

  it('refuses the same key with a different body (409)', async () => {
    await app.http.inject({
      method: 'POST',
      url: '/api/probe',
      headers: { 'idempotency-key': 'k-2' },
      payload: { note: 'a' },
    })
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/probe',
      headers: { 'idempotency-key': 'k-2' },
      payload: { note: 'b' },
    })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('idempotency_conflict')
  })

  it('does the work each time without a key', async () => {
    const before = await countEffects()
    await app.http.inject({ method: 'POST', url: '/api/probe', payload: { note: 'n' } })
    await app.http.inject({ method: 'POST', url: '/api/probe', payload: { note: 'n' } })
    expect(await countEffects()).toBe(before + 2)
  })

  it('names the header when the key is malformed', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/probe',
      headers: { 'idempotency-key': 'ä'.repeat(3) },
      payload: { note: 'n' },
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys(res.json().error.fields)).toEqual(['Idempotency-Key'])
  })

  it('names the invalid field of a bad body, in Chinese by default and in English on request', async () => {
    const zh = await app.http.inject({ method: 'POST', url: '/api/probe', payload: { note: 5 } })
    expect(zh.statusCode).toBe(400)
    expect(zh.json().error.code).toBe('validation')
    expect(zh.json().error.fields.note).toMatch(/[\u4e00-\u9fff]/)
    const en = await app.http.inject({
      method: 'POST',
      url: '/api/probe',
      headers: { 'accept-language': 'en' },
      payload: { note: 5 },
    })
    expect(en.json().error.fields.note).toMatch(/expected string/i)
  })
})
