import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, silentLogger } from '../../../test/test-app.ts'
import { systemClock } from '../clock.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { HttpTransport } from './http-transport.ts'
import { backoffMs, enqueueOutbox, OutboxDispatcher } from './outbox.ts'

/** A stand-in for a remote system (12345 platform, superior platform...): records what it receives. */
function fakeReceiver() {
  const received: { body: unknown; headers: http.IncomingHttpHeaders }[] = []
  const server = http.createServer((req, res) => {
    let data = ''
    req.on('data', (c) => {
      data += c
    })
    req.on('end', () => {
      received.push({ body: JSON.parse(data), headers: req.headers })
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
      expect(receiver.received[0]?.headers['x-onegrid-signature']).toMatch(/^sha256=[0-9a-f]{64}$/)
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

  it('backs off exponentially up to an hour', () => {
    const mid = () => 0.5
    expect(backoffMs(1, mid)).toBe(2000)
    expect(backoffMs(3, mid)).toBe(8000)
    expect(backoffMs(30, mid)).toBe(3_600_000)
  })
})
