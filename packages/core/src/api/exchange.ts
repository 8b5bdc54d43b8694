import { z } from 'zod'

/** listDailyExports: the scheduled daily export's runs, the latest day first. */
export const ZDailyExportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(366).default(31),
})
export type TDailyExportListQuery = z.input<typeof ZDailyExportListQuery>

export const ZDailyExportFile = z
  .object({
    name: z.string(),
    format: z.enum(['csv', 'geojson', 'xlsx']),
    bytes: z.number().int(),
    rows: z.number().int(),
  })
  .meta({ id: 'DailyExportFile' })

export const ZDailyExport = z
  .object({
    /** The Beijing day whose reported cases the files hold. */
    day: z.iso.date(),
    status: z.enum(['running', 'done', 'failed']),
    instance: z.string(),
    attempts: z.number().int(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    /** `dir:/path` or `s3://bucket/prefix`. */
    target: z.string(),
    files: z.array(ZDailyExportFile),
    rows: z.number().int().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'DailyExport' })
export type TDailyExport = z.infer<typeof ZDailyExport>

export const ZDailyExportList = z
  .object({
    /** False when no target is configured: nothing is exported on schedule. */
    enabled: z.boolean(),
    /** The Beijing hour a day's export runs, the day after. */
    hour: z.number().int().nullable(),
    formats: z.array(z.enum(['csv', 'geojson', 'xlsx'])),
    target: z.string().nullable(),
    items: z.array(ZDailyExport),
  })
  .meta({ id: 'DailyExportList' })
export type TDailyExportList = z.infer<typeof ZDailyExportList>
