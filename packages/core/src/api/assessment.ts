import { z } from 'zod'
import { assessmentAreaLevels, assessmentKinds, grades } from '../stats/assessment.ts'
import { ZAreaCode } from './grids.ts'

/**
 * Assessment (考核): monthly composite scores of grid workers, supervisors, operators, dispatchers,
 * departments and areas in the style of CJ/T 292, graded A–E, ranked district-wide; live until a
 * month is published, frozen after. Weights and bands per district; the grid worker pay helper.
 * docs/KPI.md (考核) has the formulas.
 */

const ZText = z.object({ zh: z.string(), en: z.string() })
export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份须为 YYYY-MM / month must be YYYY-MM')
export const ZAssessmentKind = z.enum(assessmentKinds)
export const ZAssessmentAreaLevel = z.enum(assessmentAreaLevels)
export const ZGrade = z.enum(grades)

export const ZGradeBands = z
  .object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() })
  .meta({ id: 'GradeBands' })
export const ZCountBand = z.object({ min: z.number(), score: z.number() }).meta({ id: 'CountBand' })

export const ZAssessmentQuery = z.object({
  /** YYYY-MM; this month by default. */
  month: ZMonth.optional(),
  kind: ZAssessmentKind.default('grid_worker'),
  /** Areas: which level is assessed. */
  level: ZAssessmentAreaLevel.default('community'),
  /** Only the objects of this area of one's jurisdiction (default: all of it). */
  areaCode: ZAreaCode.optional(),
  grade: z.enum([...grades, 'none']).optional(),
  /** Part of a name. */
  q: z.string().trim().max(40).optional(),
  /** How many of the district's last-ranked are flagged (排名倒数). */
  bottom: z.coerce.number().int().min(0).max(50).default(3),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
})
export type TAssessmentQuery = z.infer<typeof ZAssessmentQuery>

export const ZIndicatorScore = z
  .object({
    key: z.string(),
    value: z.number().nullable(),
    numerator: z.number(),
    denominator: z.number().nullable(),
    score: z.number().nullable(),
    weight: z.number(),
    weighted: z.number().nullable(),
    smallSample: z.boolean(),
  })
  .meta({ id: 'IndicatorScore' })
export type TIndicatorScore = z.infer<typeof ZIndicatorScore>

export const ZSchemeIndicator = z
  .object({
    key: z.string(),
    name: ZText,
    source: ZText,
    kind: z.enum(['rate', 'count']),
    bad: z.boolean(),
    sampled: z.boolean(),
    weight: z.number(),
    bands: z.array(ZCountBand).nullable(),
  })
  .meta({ id: 'SchemeIndicator' })

export const ZAssessmentScheme = z
  .object({
    kind: ZAssessmentKind,
    indicators: z.array(ZSchemeIndicator),
    grades: ZGradeBands,
    minSample: z.number().int(),
    /** 0: the defaults, never changed. */
    version: z.number().int(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'AssessmentScheme' })
export type TAssessmentScheme = z.infer<typeof ZAssessmentScheme>

export const ZAssessmentRow = z
  .object({
    /** District-wide rank by composite (ties share one); null: no data, not graded. */
    rank: z.number().int().nullable(),
    /** The user id, unit id or area code. */
    key: z.string(),
    name: z.string(),
    /** The grids (grid workers), the areas of the posting (supervisors, operators, dispatchers), the area itself. */
    areas: z.array(z.object({ code: z.string(), name: z.string() })),
    /** Grid workers: households served (their grids' households shared among each grid's workers). */
    households: z.number().nullable(),
    indicators: z.array(ZIndicatorScore),
    composite: z.number().nullable(),
    grade: ZGrade.nullable(),
    smallSample: z.boolean(),
    /** Among the district's last-ranked (排名倒数). */
    bottom: z.boolean(),
  })
  .meta({ id: 'AssessmentRow' })
export type TAssessmentRow = z.infer<typeof ZAssessmentRow>

export const ZAssessmentPublication = z
  .object({
    month: ZMonth,
    kind: ZAssessmentKind,
    publishedAt: z.string(),
    publishedBy: z.object({ id: z.number().int(), name: z.string() }),
    /** Objects frozen (areas: of all three levels). */
    rows: z.number().int(),
  })
  .meta({ id: 'AssessmentPublication' })
export type TAssessmentPublication = z.infer<typeof ZAssessmentPublication>

export const ZAssessment = z
  .object({
    month: ZMonth,
    kind: ZAssessmentKind,
    /** Areas only. */
    level: ZAssessmentAreaLevel.nullable(),
    scope: z.object({ areaCode: z.string().nullable(), areaName: z.string().nullable() }),
    /** live: computed now from the statistics and field work; published: the frozen rows. */
    status: z.enum(['live', 'published']),
    published: ZAssessmentPublication.nullable(),
    /** The month has ended and is not yet published. */
    publishable: z.boolean(),
    computedAt: z.string(),
    /** The scheme the scores follow (a published month keeps its own). */
    scheme: ZAssessmentScheme,
    /** Objects visible to the caller (after the grade and name filters). */
    total: z.number().int(),
    /** Visible objects per grade ('none': not graded), before the grade and name filters. */
    gradeCounts: z.record(z.string(), z.number().int()),
    /** Graded objects of the whole district. */
    ranked: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    rows: z.array(ZAssessmentRow),
  })
  .meta({ id: 'Assessment' })
export type TAssessment = z.infer<typeof ZAssessment>

export const ZPublishAssessment = z.object({ month: ZMonth, kind: ZAssessmentKind })
export type TPublishAssessment = z.infer<typeof ZPublishAssessment>

export const ZAssessmentSchemeQuery = z.object({ kind: ZAssessmentKind.default('grid_worker') })

export const ZUpdateAssessmentScheme = z.object({
  kind: ZAssessmentKind,
  /** indicator key → whole points; they sum to 100. */
  weights: z.record(z.string(), z.number()),
  /** count indicator key → bands by ascending lower bound, the first at 0. */
  bands: z.record(z.string(), z.array(ZCountBand).max(20)).default({}),
  grades: ZGradeBands,
  minSample: z.number().int(),
  /** The version read (optimistic: a change meanwhile is a 409). */
  version: z.number().int().min(0),
  reason: z.string().trim().max(200).optional(),
})
export type TUpdateAssessmentScheme = z.input<typeof ZUpdateAssessmentScheme>

const ZFactor = z.number().min(0).max(5)
export const ZPayFactors = z
  .object({ A: ZFactor, B: ZFactor, C: ZFactor, D: ZFactor, E: ZFactor })
  .meta({ id: 'PayFactors' })

export const ZGridWorkerPaySettings = z
  .object({
    /** Yuan per month. */
    base: z.number(),
    /** Yuan per household served per month (盐都区: 1.5). */
    perHousehold: z.number(),
    /** Scales the per-household part; an ungraded worker's factor is 1. */
    factors: ZPayFactors,
    version: z.number().int(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'GridWorkerPaySettings' })
export type TGridWorkerPaySettings = z.infer<typeof ZGridWorkerPaySettings>

export const ZUpdateGridWorkerPaySettings = z.object({
  base: z.number().min(0).max(1_000_000),
  perHousehold: z.number().min(0).max(1_000),
  factors: ZPayFactors,
  version: z.number().int().min(0),
})
export type TUpdateGridWorkerPaySettings = z.infer<typeof ZUpdateGridWorkerPaySettings>

export const ZPayExportQuery = z.object({
  month: ZMonth.optional(),
  areaCode: ZAreaCode.optional(),
})
