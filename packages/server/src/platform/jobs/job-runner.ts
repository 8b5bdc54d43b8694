import { randomUUID } from 'node:crypto'
import type { TJob } from '@onegrid/core/api/jobs'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.ts'
import type { Db } from '../db/database.ts'
import { type JobDefinition, JobInterrupted, type ProgressUpdate } from './job-definition.ts'
import { type JobRow, JobStore } from './job-store.ts'

export type JobRunnerOptions = {
  db: Db
  clock: Clock
  log: FastifyBaseLogger
  instanceId?: string
  pollMs?: number
  /** How long a claim lasts without a heartbeat before another instance may take the job over. */
  leaseMs?: number
  /** Called on every progress change (the realtime hub publishes it to browsers). */
  onProgress?: (job: TJob, ownerId: number | null) => void
}

type RecurringTask = { name: string; everyMs: number; nextAt: number; run: () => Promise<void> }

const progressWriteIntervalMs = 250

export function presentJob(row: JobRow): TJob {
  const total = row.progress_total
  const percent =
    row.status === 'succeeded'
      ? 100
      : total && total > 0
        ? Math.min(100, (row.progress_done / total) * 100)
        : 0
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as TJob['status'],
    progress: {
      percent: Math.round(percent * 10) / 10,
      done: row.progress_done,
      total,
      message: row.progress_message,
    },
    attempts: row.attempts,
    result: row.result ?? null,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  }
}

/**
 * Runs background jobs from the jobs table, and the platform's recurring sweeps
 * (outbox delivery, key expiry). Several instances may run side by side: jobs are
 * claimed with SKIP LOCKED and held by a lease that progress reports renew.
 */
export class JobRunner {
  readonly instanceId: string
  readonly store: JobStore
  private readonly definitions = new Map<string, JobDefinition<unknown>>()
  private readonly tasks: RecurringTask[] = []
  private readonly running = new Map<number, { controller: AbortController; done: Promise<void> }>()
  private timer: NodeJS.Timeout | undefined
  private ticking: Promise<void> | undefined
  private started = false
  private stopping = false
  private readonly pollMs: number
  private readonly leaseMs: number

  constructor(private readonly opts: JobRunnerOptions) {
    this.instanceId = opts.instanceId ?? `instance-${randomUUID().slice(0, 8)}`
    this.store = new JobStore(opts.db)
    this.pollMs = opts.pollMs ?? 1000
    this.leaseMs = opts.leaseMs ?? 30_000
  }

  register<P>(definition: JobDefinition<P>): void {
    this.definitions.set(definition.kind, definition as JobDefinition<unknown>)
  }

  every(name: string, everyMs: number, run: () => Promise<void>): void {
    this.tasks.push({ name, everyMs, nextAt: 0, run })
  }

  /** Queues a job; pass the caller's transaction so the job exists only if the change commits. */
  async enqueue<P>(
    kind: string,
    payload: P,
    options: { runAt?: Date; executor?: Db; createdBy?: number } = {},
  ): Promise<number> {
    const definition = this.definitions.get(kind)
    if (!definition) throw new Error(`unknown job kind ${kind}`)
    const parsed = definition.payload.parse(payload)
    return this.store.insert(options.executor ?? this.opts.db, {
      kind,
      payload: parsed,
      runAt: options.runAt ?? this.opts.clock.now(),
      maxAttempts: definition.maxAttempts ?? 3,
      createdBy: options.createdBy ?? null,
    })
  }

  /** A job as its owner sees it: one's own jobs, and system jobs for whoever administers the whole tree. */
  async getFor(id: number, viewer: { userId: number; rootScope: boolean }): Promise<TJob | undefined> {
    const row = await this.store.find(id)
    if (!row) return undefined
    const mine = row.created_by === viewer.userId || (row.created_by === null && viewer.rootScope)
    return mine ? presentJob(row) : undefined
  }

  async get(id: number): Promise<TJob | undefined> {
    const row = await this.store.find(id)
    return row ? presentJob(row) : undefined
  }

  start(): void {
    if (this.started) return
    this.started = true
    this.stopping = false
    this.schedule(0)
  }

  /** Stops polling, interrupts running jobs and hands them back so they resume on the next start. */
  async stop(): Promise<void> {
    this.stopping = true
    this.started = false
    if (this.timer) clearTimeout(this.timer)
    for (const { controller } of this.running.values()) controller.abort()
    await Promise.allSettled([...this.running.values()].map((r) => r.done))
    await this.ticking
  }

  /** One pass: due recurring tasks, then every due job this instance can take. */
  async tick(): Promise<void> {
    const now = this.opts.clock.now().getTime()
    for (const task of this.tasks) {
      if (task.nextAt > now) continue
      task.nextAt = now + task.everyMs
      try {
        await task.run()
      } catch (err) {
        this.opts.log.error({ err, task: task.name }, 'recurring task failed')
      }
    }
    while (!this.stopping) {
      const row = await this.store.claimNext(this.instanceId, this.opts.clock.now(), this.leaseMs, [
        ...this.definitions.keys(),
      ])
      if (!row) break
      await this.execute(row)
    }
  }

  /** Runs one queued job in this process now (CLI and first-start demo), waiting for it to finish. */
  async runNow(id: number): Promise<TJob> {
    const row = await this.store.claimById(id, this.instanceId, this.opts.clock.now(), this.leaseMs)
    if (row) await this.execute(row)
    const job = await this.get(id)
    if (!job) throw new Error(`job ${id} vanished`)
    return job
  }

  private schedule(delay: number): void {
    if (!this.started) return
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((err: unknown) => this.opts.log.error({ err }, 'job runner tick failed'))
        .finally(() => this.schedule(this.pollMs))
    }, delay)
    this.timer.unref()
  }

  private async execute(row: JobRow): Promise<void> {
    const definition = this.definitions.get(row.kind)
    if (!definition) return
    const controller = new AbortController()
    let resolveDone = () => {}
    const done = new Promise<void>((r) => {
      resolveDone = r
    })
    this.running.set(row.id, { controller, done })
    const log = this.opts.log.child({ job: row.id, kind: row.kind })
    let current = { done: row.progress_done, total: row.progress_total, message: row.progress_message }
    let lastWrite = 0
    const lease = () => new Date(this.opts.clock.now().getTime() + this.leaseMs)
    const publish = () =>
      this.opts.onProgress?.(presentJob({ ...row, ...progressColumns(current) }), row.created_by)
    const write = async (update: ProgressUpdate, checkpoint?: unknown, force = false) => {
      current = {
        done: update.done,
        total: update.total === undefined ? current.total : update.total,
        message: update.message === undefined ? current.message : update.message,
      }
      const now = Date.now()
      if (!force && checkpoint === undefined && now - lastWrite < progressWriteIntervalMs) return
      lastWrite = now
      await this.store.reportProgress(row.id, this.instanceId, lease(), current, checkpoint)
      publish()
    }

    try {
      const payload = definition.payload.parse(row.payload)
      const result = await definition.run({
        jobId: row.id,
        payload,
        resumeFrom: row.checkpoint ?? null,
        attempt: row.attempts,
        signal: controller.signal,
        log,
        progress: (u) => {
          if (controller.signal.aborted) throw new JobInterrupted('stopping')
          return write(u)
        },
        checkpoint: (state, u) => write(u ?? { done: current.done }, state ?? null, true),
      })
      if (controller.signal.aborted) throw new JobInterrupted('stopping')
      await this.store.succeed(row.id, this.instanceId, this.opts.clock.now(), result)
      log.info('job succeeded')
    } catch (err) {
      if (controller.signal.aborted) {
        await this.store.release(row.id, this.instanceId, this.opts.clock.now())
        log.info('job released for resumption')
      } else {
        const message = err instanceof Error ? err.message : String(err)
        const maxAttempts = row.max_attempts
        const retryAt =
          row.attempts < maxAttempts
            ? new Date(this.opts.clock.now().getTime() + 2 ** row.attempts * 1000)
            : null
        await this.store.fail(row.id, this.instanceId, this.opts.clock.now(), message, retryAt)
        log.warn({ err }, retryAt ? 'job failed, will retry' : 'job failed')
      }
    } finally {
      this.running.delete(row.id)
      const final = await this.store.find(row.id)
      if (final) this.opts.onProgress?.(presentJob(final), final.created_by)
      resolveDone()
    }
  }
}

function progressColumns(p: { done: number; total: number | null; message: string | null }) {
  return { progress_done: p.done, progress_total: p.total, progress_message: p.message }
}
