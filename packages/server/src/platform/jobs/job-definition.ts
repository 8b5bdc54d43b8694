import type { FastifyBaseLogger } from 'fastify'
import type { ZodType } from 'zod'

export type ProgressUpdate = { done: number; total?: number | null; message?: string | null }

export interface JobContext<P> {
  jobId: number
  payload: P
  /** What the last run saved with `checkpoint()`, so a resumed job skips finished work. */
  resumeFrom: unknown
  attempt: number
  /** Aborted when the instance shuts down; the job is then released and resumes elsewhere. */
  signal: AbortSignal
  log: FastifyBaseLogger
  progress(update: ProgressUpdate): Promise<void>
  checkpoint(state: unknown, update?: ProgressUpdate): Promise<void>
}

/** A kind of background work: a name, a payload schema and a handler that reports progress. */
export interface JobDefinition<P = unknown> {
  kind: string
  payload: ZodType<P>
  maxAttempts?: number
  run(ctx: JobContext<P>): Promise<unknown>
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition
}

/** Thrown inside a handler (or raised by the runner) when the job must stop because the instance is stopping. */
export class JobInterrupted extends Error {
  override name = 'JobInterrupted'
}
