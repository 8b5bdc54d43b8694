import { z } from 'zod'
import { ZAreaCode } from './grids.ts'

/**
 * Bulletins (通报): the semi-monthly or monthly bulletin of an area of one's
 * jurisdiction — headline KPIs with 环比, rankings with the bottom flagged,
 * overdue and supervised cases, category shares — generated as XLSX and PDF
 * and archived: each generation is kept, newest first.
 */
export const bulletinPeriodKinds = ['half_month', 'month'] as const
export const ZBulletinPeriodKind = z.enum(bulletinPeriodKinds)
export const bulletinFormats = ['xlsx', 'pdf'] as const
export const ZBulletinFormat = z.enum(bulletinFormats)
export type BulletinFormat = (typeof bulletinFormats)[number]

export const ZGenerateBulletin = z.object({
  period: ZBulletinPeriodKind.default('half_month'),
  /** Any day of the period (default: the last complete one, before the period containing today). */
  day: z.iso.date().optional(),
  /** An area of one's jurisdiction (default: all of it, when it is one area). */
  areaCode: ZAreaCode.optional(),
})
export type TGenerateBulletin = z.infer<typeof ZGenerateBulletin>

const ZBulletinFile = z.object({ size: z.number().int(), url: z.string() })

export const ZBulletin = z
  .object({
    id: z.number().int(),
    districtCode: z.string(),
    areaCode: z.string(),
    areaName: z.string(),
    period: z.object({
      kind: ZBulletinPeriodKind,
      from: z.iso.date(),
      to: z.iso.date(),
      label: z.string(),
    }),
    title: z.string(),
    generatedBy: z.object({ id: z.number().int().nullable(), name: z.string() }),
    generatedAt: z.string(),
    files: z.object({ xlsx: ZBulletinFile, pdf: ZBulletinFile }),
  })
  .meta({ id: 'Bulletin' })
export type TBulletin = z.infer<typeof ZBulletin>

export const ZBulletinListQuery = z.object({
  /** Only this area's bulletins (default: every area of one's jurisdiction). */
  areaCode: ZAreaCode.optional(),
  period: ZBulletinPeriodKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type TBulletinListQuery = z.infer<typeof ZBulletinListQuery>

export const ZBulletinList = z
  .object({ items: z.array(ZBulletin), total: z.number().int() })
  .meta({ id: 'BulletinList' })
export type TBulletinList = z.infer<typeof ZBulletinList>

export const ZBulletinFileParams = z.object({
  id: z.coerce.number().int().positive(),
  format: ZBulletinFormat,
})
