import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openTestDatabase, secondHandle, silentLogger } from '../../../test/test-app.ts'
import { systemClock } from '../clock.ts'
import type { DatabaseHandle } from '../db/database.ts'
import { defineJob } from './job-definition.ts'
import { JobRunner } from './job-runner.ts'

/** A job that counts to `total`, saving a checkpoint after each step, and records every step it runs. */
function countingJob(
  ran: number[],
  gate: { pauseAt: number; paused: () => void; release: Promise<void> } | null,
) {
  return defineJob({
    kind: 'test.count',
    payload: z.object({ total: z.number().int() }),
    async run(ctx) {
      let next = typeof ctx.resumeFrom === 'number' ? ctx.resumeFrom : 0
      await ctx.progress({ done: next, total: ctx.payload.total, message: 'counting' })
      while (next < ctx.payload.total) {
        if (gate && next === gate.pauseAt) {
          gate.paused()
          await Promise.race([gate.release, new Promise((r) => ctx.signal.addEventListener('abort', r))])
          if (ctx.signal.aborted) return null
        }
        ran.push(next)
        next++
        await ctx.checkpoint(next, { done: next })
      }
      return { counted: next }
    },
  })
}

describe('job runner', () => {
  let database: DatabaseHandle & { url?: string }
  beforeAll(async () => {
    database = await openTestDatabase()
  })
  afterAll(async () => {
    await database.close()
  })

  it('resumes a job after a restart from its checkpoint and reports progress through to the end', async () => {
    const ran: number[] = []
    let paused = () => {}
    const isPaused = new Promise<void>((r) => {
      paused = r
    })
    const first = new JobRunner({
      db: database.db,
      clock: systemClock,
      log: silentLogger,
      pollMs: 20,
      instanceId: 'a',
    })
    first.register(countingJob(ran, { pauseAt: 4, paused, release: new Promise(() => {}) }))
    const id = await first.enqueue('test.count', { total: 10 })
    first.start()
    await isPaused
    const midway = await first.get(id)
    expect(midway?.status).toBe('running')
    expect(midway?.progress.done).toBe(4)
    expect(midway?.progress.percent).toBe(40)

    // "Restart": the instance stops (the job is handed back), a new one starts on the same database.
    await first.stop()
    const handedBack = await first.get(id)
    expect(handedBack?.status).toBe('queued')

    const other = await secondHandle(database)
    const second = new JobRunner({
      db: other.db,
      clock: systemClock,
      log: silentLogger,
      pollMs: 20,
      instanceId: 'b',
    })
    second.register(countingJob(ran, null))
    await second.tick()
    const done = await second.get(id)
    expect(done?.status).toBe('succeeded')
    expect(done?.progress.percent).toBe(100)
    expect(done?.result).toEqual({ counted: 10 })
    // Steps 0–3 ran once before the restart, 4–9 once after: nothing repeated, nothing skipped.
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(done?.attempts).toBe(1)
    await other.close()
  })

  it('lets another instance take over a job whose instance died (lease lapsed)', async () => {
    const ran: number[] = []
    let paused = () => {}
    const isPaused = new Promise<void>((r) => {
      paused = r
    })
    const dying = new JobRunner({
      db: database.db,
      clock: systemClock,
      log: silentLogger,
      leaseMs: 300,
      instanceId: 'dies',
    })
    dying.register(countingJob(ran, { pauseAt: 2, paused, release: new Promise(() => {}) }))
    const id = await dying.enqueue('test.count', { total: 5 })
    void dying.tick()
    await isPaused
    // The process "dies": no stop(), no release; only the lease protects the job.
    const survivor = new JobRunner({
      db: database.db,
      clock: systemClock,
      log: silentLogger,
      instanceId: 'survivor',
    })
    survivor.register(countingJob(ran, null))
    await survivor.tick()
    expect((await survivor.get(id))?.status).toBe('running')
    await new Promise((r) => setTimeout(r, 400))
    await survivor.tick()
    const job = await survivor.get(id)
    expect(job?.status).toBe('succeeded')
    expect(ran).toEqual([0, 1, 2, 3, 4])
  })

  it('retries a failing job with backoff and marks it failed after its last attempt', async () => {
    let calls = 0
    const runner = new JobRunner({ db: database.db, clock: systemClock, log: silentLogger })
    runner.register(
      defineJob({
        kind: 'test.fail',
        payload: z.object({}),
        maxAttempts: 2,
        async run() {
          calls++
          throw new Error('remote said no')
        },
      }),
    )
    const id = await runner.enqueue('test.fail', {})
    await runner.tick()
    const retried = await runner.get(id)
    expect(retried?.status).toBe('queued')
    expect(retried?.error).toBe('remote said no')
    const row = await runner.store.find(id)
    expect(row?.run_at.getTime()).toBeGreaterThan(Date.now())
    await database.db.updateTable('jobs').set({ run_at: new Date() }).where('id', '=', id).execute()
    await runner.tick()
    const failed = await runner.get(id)
    expect(failed?.status).toBe('failed')
    expect(calls).toBe(2)
  })

  it('rejects a payload that does not match the job definition', async () => {
    const runner = new JobRunner({ db: database.db, clock: systemClock, log: silentLogger })
    runner.register(countingJob([], null))
    await expect(runner.enqueue('test.count', { total: 'ten' })).rejects.toThrow()
    await expect(runner.enqueue('no.such.kind', {})).rejects.toThrow(/unknown job kind/)
  })
})
