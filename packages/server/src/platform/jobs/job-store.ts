import type { Selectable } from 'kysely'
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import type { JobsTable } from '../db/schema.ts'

export type JobRow = Selectable<JobsTable>

/** SQL of the jobs table. Claiming uses FOR UPDATE SKIP LOCKED so instances never take the same job. */
export class JobStore {
  constructor(private readonly db: Db) {}

  async insert(
    executor: Db,
    job: { kind: string; payload: unknown; runAt: Date; maxAttempts: number; createdBy: number | null },
  ): Promise<number> {
    const row = await executor
      .insertInto('jobs')
      .values({
        kind: job.kind,
        payload: JSON.stringify(job.payload),
        run_at: job.runAt,
        max_attempts: job.maxAttempts,
        created_by: job.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  /** Takes one due job: queued and due, or running with a lapsed lease (its instance died). */
  async claimNext(
    instance: string,
    now: Date,
    leaseMs: number,
    kinds: string[],
  ): Promise<JobRow | undefined> {
    if (kinds.length === 0) return undefined
    const until = new Date(now.getTime() + leaseMs)
    const { rows } = await sql<JobRow>`
      UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${instance},
                      locked_until = ${until}, started_at = coalesce(started_at, ${now})
      WHERE id = (
        SELECT id FROM jobs
        WHERE kind IN (${sql.join(kinds)})
          AND ((status = 'queued' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now}))
        ORDER BY run_at, id
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
      RETURNING *`.execute(this.db)
    return rows[0]
  }

  async claimById(id: number, instance: string, now: Date, leaseMs: number): Promise<JobRow | undefined> {
    const until = new Date(now.getTime() + leaseMs)
    const { rows } = await sql<JobRow>`
      UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${instance},
                      locked_until = ${until}, started_at = coalesce(started_at, ${now})
      WHERE id = (
        SELECT id FROM jobs WHERE id = ${id}
          AND (status = 'queued' OR (status = 'running' AND locked_until < ${now}))
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(this.db)
    return rows[0]
  }

  async reportProgress(
    id: number,
    instance: string,
    leaseUntil: Date,
    progress: { done: number; total: number | null; message: string | null },
    checkpoint?: unknown,
  ): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        progress_done: progress.done,
        progress_total: progress.total,
        progress_message: progress.message,
        locked_until: leaseUntil,
        ...(checkpoint === undefined ? {} : { checkpoint: JSON.stringify(checkpoint) }),
      })
      .where('id', '=', id)
      .where('locked_by', '=', instance)
      .execute()
  }

  async succeed(id: number, instance: string, now: Date, result: unknown): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'succeeded',
        result: result === undefined ? null : JSON.stringify(result),
        finished_at: now,
        locked_by: null,
        locked_until: null,
        progress_done: sql<number>`coalesce(progress_total, progress_done)`,
        error: null,
      })
      .where('id', '=', id)
      .where('locked_by', '=', instance)
      .execute()
  }

  async fail(id: number, instance: string, now: Date, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set(
        retryAt
          ? { status: 'queued', run_at: retryAt, error, locked_by: null, locked_until: null }
          : { status: 'failed', error, finished_at: now, locked_by: null, locked_until: null },
      )
      .where('id', '=', id)
      .where('locked_by', '=', instance)
      .execute()
  }

  /** Hands a job back on shutdown; the interrupted run does not count as an attempt. */
  async release(id: number, instance: string, now: Date): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'queued',
        run_at: now,
        locked_by: null,
        locked_until: null,
        attempts: sql<number>`greatest(attempts - 1, 0)`,
      })
      .where('id', '=', id)
      .where('locked_by', '=', instance)
      .execute()
  }

  async find(id: number): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async recent(limit: number): Promise<JobRow[]> {
    return this.db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(limit).execute()
  }
}
