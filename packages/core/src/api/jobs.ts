import { z } from 'zod'

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const
export type JobStatus = (typeof jobStatuses)[number]

export const ZJobProgress = z.object({
  percent: z.number().min(0).max(100),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  message: z.string().nullable(),
})
export type TJobProgress = z.infer<typeof ZJobProgress>

export const ZJob = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    status: z.enum(jobStatuses),
    progress: ZJobProgress,
    attempts: z.number().int(),
    result: z.unknown().nullable(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'Job' })
export type TJob = z.infer<typeof ZJob>

export const ZJobIdParams = z.object({ id: z.coerce.number().int().positive() })
