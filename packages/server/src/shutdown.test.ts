import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../test/test-app.ts'

describe('graceful shutdown', () => {
  it('finishes the request in flight, refuses new connections, then closes the database', async () => {
    const app = await createTestApp()
    let release = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    let entered = () => {}
    const inside = new Promise<void>((r) => {
      entered = r
    })
    app.http.get('/slow', async () => {
      entered()
      await gate
      return { finished: true }
    })
    await app.start()
    await app.http.listen({ port: 0, host: '127.0.0.1' })
    const url = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`

    const inFlight = fetch(`${url}/slow`).then((r) => r.json())
    await inside
    const closing = app.close()
    await new Promise((r) => setTimeout(r, 100))
    await expect(fetch(`${url}/health`)).rejects.toThrow()
    release()
    expect(await inFlight).toEqual({ finished: true })
    await closing
    await expect(app.database.db.selectFrom('settings').selectAll().execute()).rejects.toThrow()
  })
})
