import { z } from 'zod'

export const databaseKinds = ['pglite', 'postgres'] as const
export type DatabaseKind = (typeof databaseKinds)[number]

export const ZHealth = z
  .object({
    status: z.literal('ok'),
    database: z.enum(databaseKinds),
    version: z.string(),
  })
  .meta({ id: 'Health' })
export type THealth = z.infer<typeof ZHealth>

export const ZVersionInfo = z
  .object({
    name: z.literal('OneGrid'),
    version: z.string(),
    database: z.enum(databaseKinds),
    databaseVersion: z.string(),
    postgisVersion: z.string().nullable(),
    node: z.string(),
    startedAt: z.iso.datetime({ offset: true }),
    demo: z.boolean(),
  })
  .meta({ id: 'VersionInfo' })
export type TVersionInfo = z.infer<typeof ZVersionInfo>
