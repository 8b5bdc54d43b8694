import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, silentLogger } from '../../../test/test-app.ts'
import { systemClock } from '../clock.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { checkSignature } from '../webhooks/signature.ts'
import { HttpTransport } from './http-transport.ts'
import { backoffMs, enqueueOutbox, OutboxDispatcher } from './outbox.ts'

/** A stand-in for a remote system (12345 platform, superior platform...): records what it receives. */
function fakeReceiver() {
  const received: { body: unknown; raw: string; headers: http.IncomingHttpHeaders }[] = []
  const server = http.createServer((req, res) => {
    let data = ''
    req.on('data', (c) => {
      data += c
    })
    req.on('end', () => {
      received.push({ body: JSON.parse(data), raw: data, headers: req.headers })
      res.writeHead(200).end('ok')
    })
  })
  return {
    received,
    listen: (port = 0) =>
      new Promise<number>((resolve) =>
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe('outbox', () => {
  let database: DatabaseHandle
  beforeAll(async () => {
    database = await openTestDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('delivers a message to a server that was down once it comes up, exactly once', async () => {
    // Find a free port, then leave it closed: the remote system is down.
    const probe = fakeReceiver()
    const port = await probe.listen()
    await probe.close()

    const dispatcher = new OutboxDispatcher({
      db: database.db,
      clock: systemClock,
      log: silentLogger,
      transports: { http: new HttpTransport({ timeoutMs: 2000, signingSecret: 's3cret' }) },
      backoff: () => 0,
    })
    const message = {
      channel: 'http',
      destination: `http://127.0.0.1:${port}/callback`,
      payload: { caseId: 7, status: 'closed' },
    }
    const id = await database.db.transaction().execute((trx) => enqueueOutbox(trx, message, new Date()))

    const down = await dispatcher.dispatchDue()
    expect(down).toEqual({ delivered: 0, failed: 1 })
    const pending = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(pending.status).toBe('pending')
    expect(pending.attempts).toBe(1)
    expect(pending.last_error).toBeTruthy()

    const receiver = fakeReceiver()
    await receiver.listen(port)
    try {
      const up = await dispatcher.dispatchDue()
      expect(up).toEqual({ delivered: 1, failed: 0 })
      expect(await dispatcher.dispatchDue()).toEqual({ delivered: 0, failed: 0 })
      expect(receiver.received).toHaveLength(1)
      expect(receiver.received[0]?.body).toEqual({ caseId: 7, status: 'closed' })
      const first = receiver.received[0]
      if (!first) throw new Error('nothing received')
      expect(checkSignature('s3cret', first.headers, Buffer.from(first.raw), new Date()).ok).toBe(true)
      expect(first.headers['x-onegrid-signature']).toMatch(/^[0-9a-f]{64}$/)
      expect(receiver.received[0]?.headers['x-onegrid-delivery']).toBe(String(id))
      const row = await database.db
        .selectFrom('outbox')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('delivered')
    } finally {
      await receiver.close()
    }
  })

  it('writes nothing when the caller’s transaction rolls back', async () => {
    const before = await database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    await expect(
      database.db.transaction().execute(async (trx) => {
        await enqueueOutbox(
          trx,
          { channel: 'http', destination: 'http://127.0.0.1:9/x', payload: {} },
          new Date(),
        )
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    const after = await database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('gives up after the last attempt and keeps the message as dead for inspection', async () => {
    const dispatcher = new OutboxDispatcher({
      db: database.db,
      clock: systemClock,
      log: silentLogger,
      transports: {},
      backoff: () => 0,
    })
    const id = await enqueueOutbox(
      database.db,
      { channel: 'sms', destination: '13800000000', payload: {}, maxAttempts: 2 },
      new Date(),
    )
    await dispatcher.dispatchDue()
    await dispatcher.dispatchDue()
    const row = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('dead')
    expect(row.last_error).toMatch(/no transport/)
  })

  it('delivers the messages of one ordering key one after the other, in order, while other keys go on', async () => {
    // The receiver refuses the first message of key a once: the rest of a waits, b does not.
    const received: string[] = []
    let refusedOnce = false
    const server = http.createServer((req, res) => {
      let data = ''
      req.on('data', (c) => {
        data += c
      })
      req.on('end', () => {
        const { name } = JSON.parse(data) as { name: string }
        if (name === 'a1' && !refusedOnce) {
          refusedOnce = true
          res.writeHead(503).end()
          return
        }
        received.push(name)
        res.writeHead(204).end()
      })
    })
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    )
    try {
      const dispatcher = new OutboxDispatcher({
        db: database.db,
        clock: systemClock,
        log: silentLogger,
        transports: { ordered: new HttpTransport({ timeoutMs: 2000 }) },
        backoff: () => 0,
      })
      const url = `http://127.0.0.1:${port}/`
      const put = (name: string, orderingKey: string) =>
        enqueueOutbox(
          database.db,
          { channel: 'ordered', destination: url, payload: { name }, orderingKey },
          new Date(),
        )
      const [a1, a2] = [await put('a1', 'key-a'), await put('a2', 'key-a')]
      await put('b1', 'key-b')
      await put('a3', 'key-a')

      expect(await dispatcher.dispatchDue()).toEqual({ delivered: 1, failed: 1 })
      expect(received).toEqual(['b1'])
      const waiting = await database.db
        .selectFrom('outbox')
        .select(['id', 'attempts'])
        .where('id', '=', a2)
        .executeTakeFirstOrThrow()
      expect(waiting.attempts).toBe(0)

      // A dead head holds its key back until it is retried.
      await database.db.updateTable('outbox').set({ status: 'dead' }).where('id', '=', a1).execute()
      expect(await dispatcher.dispatchDue()).toEqual({ delivered: 0, failed: 0 })
      await database.db.updateTable('outbox').set({ status: 'pending' }).where('id', '=', a1).execute()

      for (let i = 0; i < 5 && received.length < 4; i++) await dispatcher.dispatchDue()
      expect(received).toEqual(['b1', 'a1', 'a2', 'a3'])
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('backs off exponentially up to an hour', () => {
    const mid = () => 0.5
    expect(backoffMs(1, mid)).toBe(2000)
    expect(backoffMs(3, mid)).toBe(8000)
    expect(backoffMs(30, mid)).toBe(3_600_000)
  })
})
