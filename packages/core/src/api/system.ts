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

/** One basemap tile layer for Leaflet (`{s}`, `{z}`, `{x}`, `{y}` placeholders). */
export const ZTileLayer = z.object({
  url: z.string(),
  subdomains: z.array(z.string()),
  attribution: z.string(),
  maxZoom: z.number().int(),
})
export type TTileLayer = z.infer<typeof ZTileLayer>

/** The basemap: 天地图 vector map and its labels with a key, a configured tile URL, or none (offline: our boundaries alone). */
export const ZMapConfig = z
  .object({ source: z.enum(['tianditu', 'custom', 'none']), layers: z.array(ZTileLayer) })
  .meta({ id: 'MapConfig' })
export type TMapConfig = z.infer<typeof ZMapConfig>
