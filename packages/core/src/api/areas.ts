import { z } from 'zod'
import { areaLevels } from '../codes/area-code.ts'

export const ZAreaLevel = z.enum(areaLevels)

export const ZArea = z
  .object({
    code: z.string(),
    name: z.string(),
    level: ZAreaLevel,
    parentCode: z.string().nullable(),
    path: z.string(),
    hasGeometry: z.boolean(),
  })
  .meta({ id: 'Area' })
export type TArea = z.infer<typeof ZArea>

export const ZAreaList = z.object({ items: z.array(ZArea) }).meta({ id: 'AreaList' })
export type TAreaList = z.infer<typeof ZAreaList>

export const ZAreaListQuery = z.object({
  /** Only the subtree under this area code (inclusive). */
  under: z
    .string()
    .regex(/^\d{2,15}$/)
    .optional(),
  level: ZAreaLevel.optional(),
  /** Web-map zoom (0–20): boundaries come simplified to about a pixel at that zoom. */
  zoom: z.coerce.number().int().min(0).max(20).optional(),
})
export type TAreaListQuery = z.infer<typeof ZAreaListQuery>

export const ZAreaCodeParams = z.object({ code: z.string().regex(/^\d{2,15}$/) })

const ZPosition = z.tuple([z.number(), z.number()])
export const ZAreaFeatureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        properties: z.object({
          code: z.string(),
          name: z.string(),
          level: ZAreaLevel,
          gridType: z.enum(['basic', 'dedicated']).optional(),
          households: z.number().int().optional(),
        }),
        geometry: z.object({
          type: z.literal('MultiPolygon'),
          coordinates: z.array(z.array(z.array(ZPosition))),
        }),
      }),
    ),
  })
  .meta({ id: 'AreaFeatureCollection' })
export type TAreaFeatureCollection = z.infer<typeof ZAreaFeatureCollection>
