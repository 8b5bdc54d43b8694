import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, openTestDatabase } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'

describe('system endpoints', () => {
  let app: App
  beforeAll(async () => {
    app = await createTestApp()
  })
  afterAll(async () => {
    await app.close()
  })

  it('reports health with the database kind and version', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/health' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.status).toBe('ok')
    expect(['pglite', 'postgres']).toContain(body.database)
    expect(body.database).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite')
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(res.headers['x-request-id']).toBeTruthy()
  })

  it('reports PostGIS and the database version', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/version' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.postgisVersion).toMatch(/^3\./)
    expect(body.demo).toBe(false)
  })

  it('echoes a caller-supplied request id', async () => {
    const res = await app.http.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'trace-42' },
    })
    expect(res.headers['x-request-id']).toBe('trace-42')
  })

  it('describes every operation in the OpenAPI document with an operationId, a summary and a tag', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json() as {
      openapi: string
      paths: Record<string, Record<string, { operationId?: string; summary?: string; tags?: string[] }>>
    }
    expect(doc.openapi).toMatch(/^3\./)
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p))
    expect(operations.length).toBeGreaterThanOrEqual(5)
    for (const op of operations) {
      expect(op.operationId).toBeTruthy()
      expect(op.summary).toBeTruthy()
      expect(op.tags?.length).toBeGreaterThan(0)
    }
    expect(doc.paths['/health']?.get?.operationId).toBe('getHealth')
    const docs = await app.http.inject({ method: 'GET', url: '/docs' })
    expect([200, 302]).toContain(docs.statusCode)
  })

  it('answers unknown API paths with a JSON 404 in the caller’s language', async () => {
    const zh = await app.http.inject({ method: 'GET', url: '/api/no-such-thing' })
    expect(zh.statusCode).toBe(404)
    expect(zh.json().error.code).toBe('not_found')
    expect(zh.json().error.message).toMatch(/没有这个地址/)
    const en = await app.http.inject({
      method: 'GET',
      url: '/api/no-such-thing',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    })
    expect(en.json().error.message).toMatch(/No route/)
  })

  it('answers 503 on /health when the database does not answer', async () => {
    const database = await openTestDatabase()
    const broken = await createTestApp({ database })
    await database.close()
    const res = await broken.http.inject({ method: 'GET', url: '/health' })
    expect(res.statusCode).toBe(503)
    expect(res.json().error.code).toBe('unavailable')
    await broken.http.close()
  })
})
