import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp, openTestDatabase, secondHandle } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import type { DatabaseHandle } from '../db/database.ts'

/** Reads an SSE stream until an event of `topic` arrives. */
async function nextEvent(
  url: string,
  topic: string,
  onOpen: () => Promise<void>,
  headers: Record<string, string> = {},
): Promise<{ topic: string; data: unknown; seen: string[] }> {
  const controller = new AbortController()
  const res = await fetch(url, {
    signal: controller.signal,
    headers: { accept: 'text/event-stream', ...headers },
  })
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
  const reader = res.body?.getReader()
  if (!reader) throw new Error('no body')
  const decoder = new TextDecoder()
  let buffer = ''
  let opened = false
  const deadline = setTimeout(() => controller.abort(), 10_000)
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) throw new Error('stream ended')
      buffer += decoder.decode(value, { stream: true })
      if (!opened && buffer.includes(': connected')) {
        opened = true
        await onOpen()
      }
      const seen: string[] = []
      for (const block of buffer.split('\n\n')) {
        const event = /^event: (.+)$/m.exec(block)?.[1]
        const data = /^data: (.+)$/m.exec(block)?.[1]
        if (event) seen.push(event)
        if (event === topic && data)
          return { ...(JSON.parse(data) as { topic: string; data: unknown }), seen }
      }
    }
  } finally {
    clearTimeout(deadline)
    controller.abort()
  }
}

describe('realtime events', () => {
  let a: App
  let b: App
  let databaseB: DatabaseHandle
  let token = ''
  beforeAll(async () => {
    const database = await openTestDatabase()
    databaseB = await secondHandle(database)
    a = await createTestApp({ database })
    b = await createTestApp({ database: databaseB })
    await a.hub.start()
    await b.hub.start()
    await loadDemoAreas(a)
    await createUser(a, { username: 'watcher', role: 'leader', areaCode: '110120001' })
    token = await tokenFor(a, 'watcher')
    await a.http.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await b.close()
    await a.close()
  })

  it('delivers an event raised on one instance to an SSE subscriber on another, within the subscriber’s scope', async () => {
    const port = (a.http.server.address() as AddressInfo).port
    const event = await nextEvent(
      `http://127.0.0.1:${port}/api/events?topics=case.*`,
      'case.updated',
      async () => {
        await b.hub.publish('other.topic', { ignored: true }, { scope: '110120.110120001' })
        await b.hub.publish('case.updated', { caseId: 41 }, { scope: '110120.110120002' })
        await b.hub.publish('case.updated', { caseId: 42 }, { scope: '110120.110120001.110120001003' })
      },
      bearer(token),
    )
    expect(event.topic).toBe('case.updated')
    // Case 41 lies in another street: this subscriber never sees it.
    expect(event.data).toEqual({ caseId: 42 })
  })

  it('gives an anonymous page public system events only', async () => {
    const port = (a.http.server.address() as AddressInfo).port
    const event = await nextEvent(`http://127.0.0.1:${port}/api/events`, 'system.notice', async () => {
      await b.hub.publish('case.updated', { caseId: 43 })
      await b.hub.publish('system.notice', { text: 'hello' })
    })
    expect(event.data).toEqual({ text: 'hello' })
    expect(event.seen).toEqual(['system.notice'])
  })

  it('sends several events of one statement each to its own user, in order, across instances', async () => {
    const received: { data: unknown; userId: number | null }[] = []
    const unsubscribe = a.hub.subscribe((e) => {
      if (e.topic === 'notification.batch') received.push({ data: e.data, userId: e.userId })
    })
    const sent = await b.hub.publishMany('notification.batch', [
      { data: { n: 1 }, userId: 7 },
      { data: { n: 2 }, userId: 8 },
      { data: { n: 3 }, userId: 9 },
    ])
    expect(sent.map((e) => e.userId)).toEqual([7, 8, 9])
    for (let i = 0; i < 50 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 20))
    unsubscribe()
    expect(received).toEqual([
      { data: { n: 1 }, userId: 7 },
      { data: { n: 2 }, userId: 8 },
      { data: { n: 3 }, userId: 9 },
    ])
    expect(await b.hub.publishMany('notification.batch', [])).toEqual([])
  })

  it('sends an event only when the publishing transaction commits', async () => {
    const received: string[] = []
    const unsubscribe = a.hub.subscribe((e) => received.push(e.topic))
    await databaseB.db
      .transaction()
      .execute(async (trx) => {
        await b.hub.publish('rolled.back', {}, { executor: trx })
        throw new Error('abort')
      })
      .catch(() => undefined)
    await databaseB.db.transaction().execute((trx) => b.hub.publish('committed', {}, { executor: trx }))
    await new Promise((r) => setTimeout(r, 300))
    unsubscribe()
    expect(received).toContain('committed')
    expect(received).not.toContain('rolled.back')
  })
})
