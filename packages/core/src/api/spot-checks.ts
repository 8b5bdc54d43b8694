import { z } from 'zod'
import { ZAreaCode, ZGridCode } from './grids.ts'
import { ZPersonSummary } from './registry.ts'

/**
 * Spot checks of the registry (抽查): a random sample of active persons per grid
 * under an area, each item checked by a grid worker of its grid by phone or
 * visit, and the data accuracy rate per grid and per worker. The sample is
 * reproducible: the same seed over the same records draws the same persons.
 *
 * Accuracy (抽查准确率) = correct ÷ (checked − unreachable), where `checked`
 * counts items with a result and `correct` those whose record was right as it
 * stood; a record corrected on the spot counts as not correct. See docs/KPI.md.
 */

export const spotCheckMethods = ['phone', 'visit', 'either'] as const
export const ZSpotCheckMethod = z.enum(spotCheckMethods)
export const ZMethodUsed = z.enum(['phone', 'visit'])
export const spotCheckResults = ['correct', 'corrected', 'wrong', 'unreachable'] as const
export const ZSpotCheckResult = z.enum(spotCheckResults)
export const ZSpotCheckStatus = z.enum(['open', 'closed'])
/** The parts of a record a check can find wrong. */
export const checkedFields = [
  'name',
  'document',
  'sex',
  'birthDate',
  'phone',
  'address',
  'hukou',
  'household',
  'status',
  'other',
] as const
export const ZCheckedField = z.enum(checkedFields)

const ZText = (max: number) => z.string().trim().max(max)
const ZId = z.coerce.number().int().positive()

export const ZCreateSpotCheck = z.object({
  name: ZText(100).min(1),
  /** A street, community or grid inside the caller's jurisdiction; every grid under it is sampled. */
  areaCode: ZAreaCode,
  samplePerGrid: z.number().int().min(1).max(100).default(5),
  method: ZSpotCheckMethod.default('either'),
  dueOn: z.iso.date().optional(),
  /** To draw a given sample again; a random one otherwise. */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
})
export type TCreateSpotCheck = z.input<typeof ZCreateSpotCheck>

export const ZSpotCheckIdParams = z.object({ id: ZId })
export const ZSpotCheckItemParams = z.object({ id: ZId, itemId: ZId })

export const ZSpotCheckListQuery = z.object({
  status: ZSpotCheckStatus.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})

/** Which items `getSpotCheck` lists (the accuracy always covers all items in the caller's jurisdiction). */
export const ZSpotCheckItemQuery = z.object({
  gridCode: ZGridCode.optional(),
  /** Only items without a result yet. */
  pending: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Only items assigned to the caller. */
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})

export const ZRecordSpotCheckResult = z.object({
  result: ZSpotCheckResult,
  methodUsed: ZMethodUsed,
  /** Required (non-empty) for `wrong` and `corrected`; empty otherwise. */
  fieldsWrong: z.array(ZCheckedField).max(checkedFields.length).default([]),
  note: ZText(500).optional(),
  version: z.number().int().positive(),
})
export type TRecordSpotCheckResult = z.input<typeof ZRecordSpotCheckResult>

/** Counts with the accuracy as exact integers and a percentage (two decimals, half up; null when nothing was verified). */
export const ZSpotCheckAccuracy = z
  .object({
    items: z.number().int(),
    checked: z.number().int(),
    correct: z.number().int(),
    corrected: z.number().int(),
    wrong: z.number().int(),
    unreachable: z.number().int(),
    /** checked − unreachable: the denominator. */
    verified: z.number().int(),
    /** correct ÷ verified × 100. */
    accuracyPercent: z.number().nullable(),
  })
  .meta({ id: 'SpotCheckAccuracy' })
export type TSpotCheckAccuracy = z.infer<typeof ZSpotCheckAccuracy>

export const ZSpotCheckSummary = z
  .object({
    id: z.number().int(),
    name: z.string(),
    areaCode: z.string(),
    areaName: z.string(),
    samplePerGrid: z.number().int(),
    method: ZSpotCheckMethod,
    dueOn: z.iso.date().nullable(),
    status: ZSpotCheckStatus,
    seed: z.number().int(),
    createdBy: z.string().nullable(),
    createdAt: z.iso.datetime(),
    /** Who ended it and when (`closeSpotCheck`); null while it is open. */
    closedBy: z.string().nullable(),
    closedAt: z.iso.datetime().nullable(),
    /** Items inside the caller's jurisdiction, and how many of them have a result. */
    itemCount: z.number().int(),
    checkedCount: z.number().int(),
    /** The accuracy over those items, so a list shows each spot check's rate. */
    overall: ZSpotCheckAccuracy,
  })
  .meta({ id: 'SpotCheckSummary' })
export type TSpotCheckSummary = z.infer<typeof ZSpotCheckSummary>

export const ZSpotCheckList = z
  .object({
    items: z.array(ZSpotCheckSummary),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'SpotCheckList' })
export type TSpotCheckList = z.infer<typeof ZSpotCheckList>

export const ZSpotCheckItem = z
  .object({
    id: z.number().int(),
    /** The record as it is now, masked; null once it has moved out of the caller's jurisdiction. */
    person: ZPersonSummary.nullable(),
    personId: z.number().int(),
    gridCode: z.string(),
    gridName: z.string(),
    assignee: z.object({ userId: z.number().int(), name: z.string() }).nullable(),
    result: ZSpotCheckResult.nullable(),
    methodUsed: ZMethodUsed.nullable(),
    fieldsWrong: z.array(ZCheckedField),
    note: z.string().nullable(),
    checkedBy: z.string().nullable(),
    checkedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
    /**
     * Whether the caller may record (or correct) its result now: the spot check is open and
     * the caller is its assignee, or a grid leader or administrator over it.
     */
    mayRecord: z.boolean(),
  })
  .meta({ id: 'SpotCheckItem' })
export type TSpotCheckItem = z.infer<typeof ZSpotCheckItem>

export const ZSpotCheck = ZSpotCheckSummary.extend({
  byGrid: z.array(z.object({ gridCode: z.string(), gridName: z.string(), accuracy: ZSpotCheckAccuracy })),
  /** Per assignee; `assignee` null for the items of grids without a grid worker. */
  byWorker: z.array(
    z.object({
      assignee: z.object({ userId: z.number().int(), name: z.string() }).nullable(),
      accuracy: ZSpotCheckAccuracy,
    }),
  ),
  /** One page of the items (ZSpotCheckItemQuery), grid by grid. */
  items: z.array(ZSpotCheckItem),
  itemsTotal: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Whether the caller may close it (`closeSpotCheck`): open, and the caller may draw one over its whole area. */
  mayClose: z.boolean(),
}).meta({ id: 'SpotCheck' })
export type TSpotCheck = z.infer<typeof ZSpotCheck>
