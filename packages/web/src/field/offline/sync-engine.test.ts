// @vitest-environment node
import type { TSyncItemResult } from '@onegrid/core/api/sync'
import { beforeEach, describe, expect, it } from 'vitest'
import { getMeta } from './db.ts'
import { enqueue, listOutbox, retryOutboxEntry, setOutboxOwner } from './outbox.ts'
import { SyncEngine, type SyncEngineOptions } from './sync-engine.ts'
import { leaseLock } from './sync-lock.ts'
import { FakeServer, freshIndexedDb, ManualTimers, restartApp } from './test-server.ts'

let server: FakeServer
let timers: ManualTimers
let clock: number

function engine(options: Partial<SyncEngineOptions> = {}, holder = 'tab-1'): SyncEngine {
  return new SyncEngine({
    api: server.api,
    now: () => clock,
    random: () => 0.5,
    setTimer: timers.set,
    clearTimer: timers.clear,
    lock: leaseLock({ holder, now: () => clock }),
    online: () => true,
    ...options,
  })
}

const report = (label: string, extra: Record<string, unknown> = {}) =>
  enqueue({ operation: 'reportCase', body: { description: label, ...extra }, label })

beforeEach(async () => {
  await freshIndexedDb()
  server = new FakeServer()
  timers = new ManualTimers()
  clock = Date.UTC(2026, 11, 1, 8)
  setOutboxOwner(7)
})

describe('the field app sync engine', () => {
  it('sends the queue in the order it was written and empties it', async () => {
    const ids = [await report('one'), await report('two'), await report('three')]
    const e = engine()
    const synced: string[] = []
    e.on('synced', (id) => synced.push(id))

    await e.start()

    expect(server.batches).toEqual([ids])
    expect(synced).toEqual(ids)
    expect(await listOutbox()).toEqual([])
    expect(e.currentStatus).toBe('idle')
    await e.stop()
  })

  it('sends at most 50 items per request, in order', async () => {
    const ids: string[] = []
    for (let i = 0; i < 120; i++) ids.push(await report(`item ${i}`))

    await engine().syncNow()

    expect(server.batches.map((b) => b.length)).toEqual([50, 50, 20])
    expect(server.batches.flat()).toEqual(ids)
  })

  it('uploads the files first and sends their attachment ids with the item', async () => {
    const id = await enqueue({
      operation: 'reportCase',
      body: { description: 'a pothole', attachmentIds: [99] },
      files: [
        { blob: new Blob(['jpeg one']), name: 'one.jpg' },
        { blob: new Blob(['jpeg two']), name: 'two.jpg' },
      ],
      label: 'pothole',
    })

    await engine().syncNow()

    expect(server.uploads).toEqual(['one.jpg', 'two.jpg'])
    expect(server.bodies.get(id)).toEqual({ description: 'a pothole', attachmentIds: [99, 1, 2] })
  })

  it('puts each uploaded id where its file target says: photos appended, a signature set', async () => {
    const id = await enqueue({
      operation: 'submitCampaignItem',
      params: { id: '41' },
      body: { answers: { met: 'yes', photos: [7] }, complete: true },
      files: [
        { blob: new Blob(['p1']), name: 'p1.jpg' },
        { blob: new Blob(['sig']), name: 'sig.png' },
        { blob: new Blob(['p2']), name: 'p2.jpg' },
      ],
      fileTargets: [
        { path: ['answers', 'photos'], mode: 'append' },
        { path: ['answers', 'signature'], mode: 'set' },
        { path: ['answers', 'photos'], mode: 'append' },
      ],
      label: 'item 41',
    })

    await engine().syncNow()

    expect(server.uploads).toEqual(['p1.jpg', 'sig.png', 'p2.jpg'])
    expect(server.bodies.get(id)).toEqual({
      answers: { met: 'yes', photos: [7, 1, 3], signature: 2 },
      complete: true,
    })
  })

  it('keeps the ids of files already uploaded across a restart, uploading only the rest', async () => {
    const id = await enqueue({
      operation: 'recordVisit',
      body: { notes: 'visited' },
      files: [
        { blob: new Blob(['a']), name: 'a.jpg' },
        { blob: new Blob(['b']), name: 'b.jpg' },
      ],
      filesField: 'photoIds',
      label: 'visit',
    })
    server.uploadFailure = (name) => (name === 'b.jpg' ? 'network' : null)
    await engine().syncNow()
    expect(server.uploads).toEqual(['a.jpg'])
    expect(server.batches).toEqual([])
    expect((await listOutbox())[0]?.uploadedIds).toEqual([1])

    await restartApp()
    server.uploadFailure = null
    await engine().syncNow()

    expect(server.uploads).toEqual(['a.jpg', 'b.jpg'])
    expect(server.bodies.get(id)).toEqual({ notes: 'visited', photoIds: [1, 2] })
  })

  it('waits with exponential backoff and jitter when the network is gone, then sends', async () => {
    const id = await report('one')
    server.batchFailure = () => 'network'
    const e = engine({ baseDelayMs: 1000, maxDelayMs: 8000 })
    await e.start()

    expect(e.currentStatus).toBe('waiting')
    expect(e.lastError?.code).toBe('network')
    // random() = 0.5: three quarters of 1 s, 2 s, 4 s, 8 s, then 8 s at most.
    const delays = [timers.lastDelay]
    for (let i = 0; i < 4; i++) {
      timers.fireAll()
      await e.whenIdle()
      delays.push(timers.lastDelay)
    }
    expect(delays).toEqual([750, 1500, 3000, 6000, 6000])
    expect((await listOutbox())[0]?.attempts).toBe(5)

    server.batchFailure = null
    timers.fireAll()
    await e.whenIdle()
    expect(server.done.get(id)).toBe(1)
    expect(e.currentStatus).toBe('idle')
    expect(timers.pending).toEqual([])
    await e.stop()
  })

  it('treats a server error like a lost network: the item stays, the rest wait behind it', async () => {
    const [a, b, c] = [await report('a'), await report('b'), await report('c')]
    server.itemAnswer = (id) => (id === b ? { status: 503 } : null)
    const e = engine()
    await e.syncNow()

    expect(server.done.get(a)).toBe(1)
    expect((await listOutbox()).map((x) => [x.id, x.state])).toEqual([
      [b, 'pending'],
      [c, 'pending'],
    ])
    expect(e.currentStatus).toBe('waiting')

    server.itemAnswer = null
    await e.syncNow()
    expect(server.batches).toEqual([
      [a, b, c],
      [b, c],
    ])
    expect(await listOutbox()).toEqual([])
  })

  it('survives a restart: what was queued before is sent by the next app', async () => {
    const ids = [await report('one'), await report('two')]
    await restartApp()

    expect((await listOutbox()).map((e) => e.id)).toEqual(ids)
    await engine().syncNow()
    expect(server.batches).toEqual([ids])
  })

  it('marks a refused item failed with the server message, sends the others, and retries it when asked', async () => {
    const [a, b, c] = [await report('a'), await report('b'), await report('c')]
    server.itemAnswer = (id) =>
      id === b
        ? {
            status: 400,
            body: { error: { code: 'validation', message: '请求有误', fields: { gridCode: '不在辖区内' } } },
          }
        : null
    const e = engine()
    const failed: string[] = []
    e.on('failed', (id) => failed.push(id))
    await e.syncNow()

    expect(failed).toEqual([b])
    expect(server.done.get(a)).toBe(1)
    expect(server.done.get(c)).toBe(1)
    const [left] = await listOutbox()
    expect(left).toMatchObject({
      id: b,
      state: 'failed',
      attempts: 1,
      error: { status: 400, code: 'validation', message: '请求有误', fields: { gridCode: '不在辖区内' } },
    })
    expect(e.currentStatus).toBe('idle')

    // A failed item is not sent again by itself…
    await e.syncNow()
    expect(server.batches).toHaveLength(1)
    // …only when the user retries it.
    server.itemAnswer = null
    await retryOutboxEntry(b)
    await e.syncNow()
    expect(server.done.get(b)).toBe(1)
    expect(await listOutbox()).toEqual([])
  })

  it('sends items one by one when the whole batch is refused, to fail only the bad one', async () => {
    const [a, b, c] = [await report('a'), await report('b'), await report('c')]
    server.batchFailure = (items) => (items.includes(b) ? 400 : null)
    await engine().syncNow()

    expect(server.batches).toEqual([[a, b, c], [a], [b], [c]])
    expect((await listOutbox()).map((e) => [e.id, e.state])).toEqual([[b, 'failed']])
  })

  it('marks an item failed when its file is refused (too large), without uploading it again', async () => {
    const bad = await enqueue({
      operation: 'reportCase',
      body: {},
      files: [{ blob: new Blob(['x']), name: 'huge.mov' }],
      label: 'video',
    })
    const good = await report('good')
    server.uploadFailure = () => 413
    await engine().syncNow()

    expect(server.batches).toEqual([[good]])
    expect((await listOutbox()).map((e) => [e.id, e.state, e.error?.status])).toEqual([[bad, 'failed', 413]])
  })

  it('stops on 401 and keeps everything until the user signs in again', async () => {
    const ids = [await report('one'), await report('two')]
    server.batchFailure = () => 401
    const e = engine()
    await e.start()

    expect(e.currentStatus).toBe('signed-out')
    expect(e.needsSignIn).toBe(true)
    expect((await listOutbox()).map((x) => [x.id, x.state])).toEqual(ids.map((id) => [id, 'pending']))
    // Nothing more is tried while signed out, whatever wakes the engine.
    await report('three')
    await e.syncNow()
    expect(server.batches).toHaveLength(1)
    expect(timers.pending).toEqual([])

    server.batchFailure = null
    await e.signedIn()
    expect(e.currentStatus).toBe('idle')
    expect(server.batches.at(-1)).toHaveLength(3)
    expect(await listOutbox()).toEqual([])
    await e.stop()
  })

  it('stops on a 401 inside the batch, keeping that item and those after it', async () => {
    const [a, b, c] = [await report('a'), await report('b'), await report('c')]
    server.itemAnswer = (id) => (id === b ? { status: 401 } : null)
    const e = engine()
    await e.syncNow()

    expect(server.done.get(a)).toBe(1)
    expect(e.needsSignIn).toBe(true)
    expect((await listOutbox()).map((x) => [x.id, x.state])).toEqual([
      [b, 'pending'],
      [c, 'pending'],
    ])
  })

  it('sends nothing while paused, remembers the pause across a restart, and sends on resume', async () => {
    const e = engine()
    await e.start()
    await e.pause()
    const id = await report('offline report')
    await e.syncNow()
    expect(server.batches).toEqual([])
    expect(e.currentStatus).toBe('paused')
    await e.stop()

    await restartApp()
    expect(await getMeta('syncPaused')).toBe(true)
    const next = engine()
    await next.start()
    expect(next.isPaused).toBe(true)
    expect(server.batches).toEqual([])

    await next.resume()
    expect(server.batches).toEqual([[id]])
    expect(next.isPaused).toBe(false)
    await next.stop()
  })

  it('wakes on enqueue once started', async () => {
    const e = engine()
    await e.start()
    const synced = new Promise<string>((resolve) => e.on('synced', (id) => resolve(id)))
    const id = await report('woken')
    expect(await synced).toBe(id)
    await e.stop()
  })

  it('wakes when the device comes back online', async () => {
    let online = false
    const events = new EventTarget()
    const e = engine({ online: () => online, onlineEvents: events })
    await e.start()
    const id = await report('later')
    await e.syncNow()
    expect(server.batches).toEqual([])
    expect(e.currentStatus).toBe('waiting')

    online = true
    const synced = new Promise<string>((resolve) => e.on('synced', (x) => resolve(x)))
    events.dispatchEvent(new Event('online'))
    expect(await synced).toBe(id)
    await e.stop()
  })

  it('items not attempted by the server (it stopped before them) are sent again, once each', async () => {
    const [a, b, c] = [await report('a'), await report('b'), await report('c')]
    let stopOnce = true
    server.itemAnswer = (id) => {
      if (id === b && stopOnce) {
        stopOnce = false
        return 'not-attempted'
      }
      return null
    }
    const e = engine()
    await e.start()
    expect(e.currentStatus).toBe('waiting')
    timers.fireAll()
    await e.whenIdle()

    expect(server.batches).toEqual([
      [a, b, c],
      [b, c],
    ])
    expect([a, b, c].map((id) => server.done.get(id))).toEqual([1, 1, 1])
    await e.stop()
  })

  it('never sends the same queue from two tabs at once', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push(await report(`r${i}`))
    let open: () => void = () => {}
    server.gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const tab1 = engine({}, 'tab-1')
    const tab2 = engine({}, 'tab-2')
    const first = tab1.syncNow()
    // Let tab 1 take the lease and send; then tab 2 tries while tab 1's batch is in flight.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const second = tab2.syncNow()
    await second
    open()
    server.gate = null
    await first
    await tab2.syncNow()

    expect(server.batches).toEqual([ids])
    expect(ids.map((id) => server.done.get(id))).toEqual([1, 1, 1, 1, 1])
  })

  it('hands on the answer of each synced item to whoever listens', async () => {
    const id = await report('one')
    const results: TSyncItemResult[] = []
    const e = engine()
    e.on('synced', (_id, result) => results.push(result))
    await e.syncNow()
    expect(results).toEqual([{ id, attempted: true, status: 201, replayed: false, body: { created: id } }])
  })
})
