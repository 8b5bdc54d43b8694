import { describe, expect, it } from 'vitest'
import { ApiError, createApiClient } from './client.ts'

describe('api client with a file upload', () => {
  it('sends FormData as it is, letting the browser set multipart/form-data with its boundary', async () => {
    const seen: { headers: Headers; body: unknown }[] = []
    const client = createApiClient({
      locale: () => 'zh-CN',
      fetch: async (_input, init) => {
        seen.push({ headers: new Headers(init?.headers), body: init?.body })
        return new Response(JSON.stringify({ ok: true }), { status: 200 })
      },
    })
    const form = new FormData()
    form.set('dryRun', 'true')
    form.set('file', new Blob(['{}']), 'grids.geojson')

    await expect(client.post('/api/areas/import', form)).resolves.toEqual({ ok: true })
    expect(seen[0]?.body).toBe(form)
    expect(seen[0]?.headers.has('Content-Type')).toBe(false)
  })

  it('turns a refused upload into the same ApiError with the fields named', async () => {
    const client = createApiClient({
      locale: () => 'zh-CN',
      fetch: async () =>
        new Response(
          JSON.stringify({
            error: { code: 'validation', message: '请求有误', fields: { 'features.0.code': '不在辖区内' } },
          }),
          { status: 400 },
        ),
    })
    const error = await client.post('/api/areas/import', new FormData()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).fields).toEqual({ 'features.0.code': '不在辖区内' })
  })
})
