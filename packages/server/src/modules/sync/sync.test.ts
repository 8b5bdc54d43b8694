import type { TSyncBatchRequest, TSyncBatchResponse, TSyncItemResult } from '@onegrid/core/api/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, createUser, loadDemoAreas, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { OperationIndex } from '../../platform/http/operation-index.ts'
import { type Dispatch, SyncBatch } from './sync-batch.ts'

const gridA = '110120001001001'
const gridB = '110120001001002'
/** The body an item was answered with, as the operation's own response type. */
const bodyOf = <T>(result: TSyncItemResult | undefined): T => result?.body as T

describe('syncBatch: the field app queue, each item once', () => {
  let app: App
  let worker = ''
  let other = ''

  const sync = async (token: string, payload: TSyncBatchRequest, lang = 'zh-CN') => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/field/sync',
      headers: { ...bearer(token), 'accept-language': lang },
      payload,
    })
    return res
  }
  const results = async (token: string, payload: TSyncBatchRequest): Promise<TSyncItemResult[]> => {
    const res = await sync(token, payload)
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as TSyncBatchResponse).results
  }
  const person = (name: string, phone: string) => ({ name, documentKind: 'other', phone, gridCode: gridA })
  const countNamed = async (token: string, name: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/api/registry/persons?q=${encodeURIComponent(name)}`,
      headers: bearer(token),
    })
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as { items: { name: string }[] }).items.filter((p) => p.name === name).length
  }

  beforeAll(async () => {
    app = await createTestApp()
    await loadDemoAreas(app)
    await createUser(app, { username: 'sync_worker', role: 'grid_worker', areaCode: gridA })
    await createUser(app, { username: 'sync_other', role: 'grid_worker', areaCode: gridB })
    worker = await tokenFor(app, 'sync_worker')
    other = await tokenFor(app, 'sync_other')
  })
  afterAll(async () => {
    await app?.close()
  })

  it('does each item once, however often the batch is sent', async () => {
    const batch: TSyncBatchRequest = {
      items: [
        {
          id: 'f7a1c0de-0000-4000-8000-000000000001',
          operation: 'createPerson',
          body: person('同步甲', '13800001111'),
        },
        {
          id: 'f7a1c0de-0000-4000-8000-000000000002',
          operation: 'createPerson',
          body: person('同步乙', '13800002222'),
        },
      ],
    }
    const first = await results(worker, batch)
    expect(first.map((r) => [r.attempted, r.status, r.replayed])).toEqual([
      [true, 201, false],
      [true, 201, false],
    ])
    // The answer was lost on the way back; the phone sends the whole queue again, twice.
    const again = await results(worker, batch)
    await results(worker, batch)
    expect(again.map((r) => [r.status, r.replayed])).toEqual([
      [201, true],
      [201, true],
    ])
    expect(bodyOf<{ id: number }>(again[0]).id).toBe(bodyOf<{ id: number }>(first[0]).id)
    expect(await countNamed(worker, '同步甲')).toBe(1)
    expect(await countNamed(worker, '同步乙')).toBe(1)
  })

  it('answers a refused item with its own error and goes on with the next', async () => {
    const [bad, good] = await results(worker, {
      items: [
        {
          id: 'refused-item-0001',
          operation: 'createPerson',
          body: { ...person('同步丙', '123'), name: '' },
        },
        { id: 'accepted-item-0002', operation: 'createPerson', body: person('同步丁', '13800003333') },
      ],
    })
    expect(bad?.status).toBe(400)
    const fields = bodyOf<{ error: { fields: Record<string, string> } }>(bad).error.fields
    expect(Object.keys(fields)).toContain('name')
    expect(good?.status).toBe(201)
    expect(await countNamed(worker, '同步丁')).toBe(1)
  })

  it('replays a correction (a PATCH with a version) instead of refusing it as a conflict', async () => {
    const [created] = await results(worker, {
      items: [{ id: 'patch-target-0001', operation: 'createPerson', body: person('同步戊', '13800004444') }],
    })
    const { id, version } = bodyOf<{ id: number; version: number }>(created)
    const correction: TSyncBatchRequest = {
      items: [
        {
          id: 'patch-item-00001',
          operation: 'updatePerson',
          params: { id: String(id) },
          body: { version, occupation: '个体', reason: '走访核实' },
        },
      ],
    }
    const [first] = await results(worker, correction)
    const [second] = await results(worker, correction)
    expect([first?.status, second?.status, second?.replayed]).toEqual([200, 200, true])
    expect(bodyOf<{ version: number }>(second).version).toBe(version + 1)
  })

  it('runs each item as the caller: another grid’s worker is refused there', async () => {
    const [created] = await results(worker, {
      items: [{ id: 'scope-target-0001', operation: 'createPerson', body: person('同步己', '13800005555') }],
    })
    const { id, version } = bodyOf<{ id: number; version: number }>(created)
    const [refused] = await results(other, {
      items: [
        {
          id: 'scope-item-00001',
          operation: 'updatePerson',
          params: { id: String(id) },
          body: { version, occupation: '篡改' },
        },
      ],
    })
    expect([403, 404]).toContain(refused?.status)
    // Keys belong to their caller: the same id from another user is that user's own item.
    const [own] = await results(other, {
      items: [
        {
          id: 'scope-target-0001',
          operation: 'createPerson',
          body: { ...person('同步庚', '13800006666'), gridCode: gridB },
        },
      ],
    })
    expect([own?.status, own?.replayed]).toEqual([201, false])
  })

  it('refuses the same id for a different write, and names what is wrong with a batch', async () => {
    await results(worker, {
      items: [{ id: 'reused-key-00001', operation: 'createPerson', body: person('同步辛', '13800007777') }],
    })
    const [conflict] = await results(worker, {
      items: [{ id: 'reused-key-00001', operation: 'createPerson', body: person('同步壬', '13800008888') }],
    })
    expect(conflict?.status).toBe(409)
    expect(await countNamed(worker, '同步壬')).toBe(0)

    const [missing] = await results(worker, {
      items: [{ id: 'missing-params-01', operation: 'updatePerson', body: { version: 1 } }],
    })
    expect(missing?.status).toBe(400)
    expect(Object.keys(bodyOf<{ error: { fields: object } }>(missing).error.fields)).toEqual(['params.id'])

    const unknown = await sync(worker, {
      items: [{ id: 'unknown-op-00001', operation: 'dropTables' as 'createPerson', body: {} }],
    })
    expect(unknown.statusCode).toBe(400)
    expect(JSON.stringify(unknown.json())).toContain('items.0.operation')
    const shortId = await sync(worker, { items: [{ id: 'x', operation: 'createPerson', body: {} }] })
    expect(shortId.statusCode).toBe(400)
    expect(JSON.stringify(shortId.json())).toContain('items.0.id')

    const stranger = await app.http.inject({
      method: 'POST',
      url: '/api/field/sync',
      payload: {
        items: [{ id: 'stranger-0000001', operation: 'createPerson', body: person('同步癸', '13800009999') }],
      },
    })
    expect(stranger.statusCode).toBe(401)
  })
})

describe('SyncBatch: where a batch stops', () => {
  const index = new OperationIndex()
  index.add('recordVisit', { method: 'POST', url: '/api/visits' })
  index.add('appendPatrolPoints', { method: 'POST', url: '/api/patrols/:id/points' })
  const caller = {
    headers: { authorization: 'Bearer t', 'content-length': '99', host: 'x' },
    remoteAddress: '10.1.2.3',
  }
  const item = (n: number, status: number) => ({
    id: `item-000000${n}`,
    operation: 'recordVisit' as const,
    body: { status },
  })

  function run(statuses: number[]) {
    const sent: Parameters<Dispatch>[0][] = []
    const dispatch: Dispatch = async (r) => {
      sent.push(r)
      const { status } = JSON.parse(String(r.body)) as { status: number }
      return { status, headers: { 'content-type': 'application/json' }, body: '{}' }
    }
    const batch = new SyncBatch(index, dispatch)
    return { sent, results: batch.run(caller, { items: statuses.map((s, i) => item(i, s)) }) }
  }

  it('stops at a server error and at a lost session, leaving the rest for later', async () => {
    for (const stop of [500, 503, 401]) {
      const { sent, results } = run([201, stop, 201, 201])
      expect((await results).map((r) => [r.attempted, r.status])).toEqual([
        [true, 201],
        [true, stop],
        [false, 0],
        [false, 0],
      ])
      expect(sent).toHaveLength(2)
    }
  })

  it('goes on after a refused item', async () => {
    const { results } = run([201, 422, 403, 409, 201])
    expect((await results).every((r) => r.attempted)).toBe(true)
  })

  it('sends each item as the caller, with its id as the key, and fills its path', async () => {
    const sent: Parameters<Dispatch>[0][] = []
    const batch = new SyncBatch(index, async (r) => {
      sent.push(r)
      return { status: 200, headers: {}, body: '' }
    })
    await batch.run(caller, {
      items: [
        {
          id: 'patrol-points-01',
          operation: 'appendPatrolPoints',
          params: { id: 'a/b' },
          body: { points: [] },
        },
      ],
    })
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: '/api/patrols/a%2Fb/points',
      remoteAddress: '10.1.2.3',
      headers: {
        authorization: 'Bearer t',
        'idempotency-key': 'patrol-points-01',
        'content-type': 'application/json',
      },
    })
    expect(sent[0]?.headers).not.toHaveProperty('content-length')
    expect(sent[0]?.headers).not.toHaveProperty('host')
  })
})
