import { z } from 'zod'
import {
  bodyKinds,
  catalogDomainNames,
  catalogDomains,
  catalogStandards,
  channels,
  fieldForms,
  fieldTypes,
  limitStageNames,
  limitStages,
  routingLevels,
  urgencies,
  urgencyNames,
} from '../catalog/vocabulary.ts'
import { limitUnits } from '../time/deadline.ts'
import { ZUploadedFile } from './area-import.ts'
import { ZAreaCode } from './grids.ts'

export {
  bodyKinds,
  catalogDomainNames,
  catalogDomains,
  catalogStandards,
  channels,
  fieldForms,
  fieldTypes,
  limitStageNames,
  limitStages,
  routingLevels,
  urgencies,
  urgencyNames,
}

/**
 * The event catalog (事项清单) and its admission list (准入制): every kind of
 * matter grid workers may be asked to handle, with the rules a case of that
 * kind runs by. An item's rules are versioned: a change applies to new cases,
 * a case keeps the version it started with.
 */

/** Where a code comes from. Both GB schemes coexist (GB/T 47678.5 replaces 30428.2 from 2026-07-01). */
export const ZCatalogStandard = z.enum(catalogStandards)
export type TCatalogStandard = z.infer<typeof ZCatalogStandard>

export const ZCatalogDomain = z.enum(catalogDomains)
export type TCatalogDomain = z.infer<typeof ZCatalogDomain>

export const ZUrgency = z.enum(urgencies)
export type TUrgency = z.infer<typeof ZUrgency>

export const ZLimitStage = z.enum(limitStages)
export type TLimitStage = z.infer<typeof ZLimitStage>

export const ZLimitUnit = z.enum(limitUnits)
export const ZTimeLimit = z
  .object({
    amount: z.number().positive().max(10_000),
    unit: ZLimitUnit,
  })
  .refine((l) => l.unit.endsWith('hours') || Number.isInteger(l.amount), {
    message: '天数须为整数 / days must be whole',
    path: ['amount'],
  })
  .meta({ id: 'TimeLimit' })
export type TTimeLimit = z.infer<typeof ZTimeLimit>

/** One limit per stage and overall. */
export const ZStageLimits = z.object(
  Object.fromEntries(limitStages.map((s) => [s, ZTimeLimit])) as Record<TLimitStage, typeof ZTimeLimit>,
)
/** Limits by urgency: every urgency, every stage. */
export const ZCatalogLimits = z
  .object({ normal: ZStageLimits, urgent: ZStageLimits, critical: ZStageLimits })
  .meta({ id: 'CatalogLimits' })
export type TCatalogLimits = z.infer<typeof ZCatalogLimits>

export const ZRoutingLevel = z.enum(routingLevels)
export type TRoutingLevel = z.infer<typeof ZRoutingLevel>

export const ZBodyCode = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '处置主体代码为小写字母、数字或下划线')

/** Who handles it: a department type or one of the street's four platforms, at a level. */
export const ZRoutingTarget = z
  .object({ body: ZBodyCode, level: ZRoutingLevel })
  .meta({ id: 'RoutingTarget' })
export type TRoutingTarget = z.infer<typeof ZRoutingTarget>

export const ZRouting = z
  .object({
    default: ZRoutingTarget,
    /** Per area (a street, a town, a community): handled differently there. The most specific area wins. */
    overrides: z.array(z.object({ areaCode: ZAreaCode, target: ZRoutingTarget })).max(500),
  })
  .meta({ id: 'Routing' })
export type TRouting = z.infer<typeof ZRouting>

export const ZHandlingBody = z
  .object({
    code: ZBodyCode,
    name: z.string(),
    nameEn: z.string(),
    kind: z.enum(bodyKinds),
  })
  .meta({ id: 'HandlingBody' })
export type THandlingBody = z.infer<typeof ZHandlingBody>

export const ZFieldType = z.enum(fieldTypes)
export type TFieldType = z.infer<typeof ZFieldType>

export const ZFieldKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '字段键为小写字母开头的字母、数字、下划线')

/** A custom field of an item's report or handling form (also its Open311 service attributes). */
export const ZCatalogField = z
  .object({
    key: ZFieldKey,
    label: z.string().trim().min(1).max(40),
    labelEn: z.string().trim().max(80).default(''),
    type: ZFieldType,
    required: z.boolean().default(false),
    /** Where it is asked: when reporting, when handling, or both. */
    forms: z.array(z.enum(fieldForms)).min(1).default(['report']),
    /** Choices for single_choice and multi_choice. */
    options: z
      .array(z.object({ value: z.string().trim().min(1).max(40), label: z.string().trim().min(1).max(60) }))
      .max(100)
      .default([]),
    /** number: bounds; text: maximum length. */
    min: z.number().nullable().default(null),
    max: z.number().nullable().default(null),
    maxLength: z.number().int().positive().max(2000).nullable().default(null),
    hint: z.string().max(200).default(''),
  })
  .superRefine((f, ctx) => {
    const choice = f.type === 'single_choice' || f.type === 'multi_choice'
    if (choice && f.options.length < 2)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: '选择题至少两个选项 / at least two options',
      })
    if (!choice && f.options.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: '只有选择题有选项 / options are for choices',
      })
    if (new Set(f.options.map((o) => o.value)).size !== f.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '选项值重复 / duplicate option value' })
    if (f.min !== null && f.max !== null && f.min > f.max)
      ctx.addIssue({ code: 'custom', path: ['min'], message: '最小值大于最大值 / min above max' })
  })
  .meta({ id: 'CatalogField' })
export type TCatalogField = z.infer<typeof ZCatalogField>
export type TCatalogFieldInput = z.input<typeof ZCatalogField>

/** 准入: admitted to grid work by the leading group, or refused (回绝) with a reason. */
export const ZAdmission = z
  .object({
    admitted: z.boolean(),
    approvedBy: z.string().trim().max(100).nullable(),
    approvedOn: z.iso.date().nullable(),
    documentRef: z.string().trim().max(100).nullable(),
    /** For a refused item: what the reporter is told (and where to go instead). */
    refusalReason: z.string().trim().max(500).nullable(),
  })
  .superRefine((a, ctx) => {
    if (a.admitted && (!a.approvedBy || !a.approvedOn))
      ctx.addIssue({
        code: 'custom',
        path: ['approvedBy'],
        message: '准入须写明批准单位和日期 / an admitted item needs who approved it and when',
      })
    if (!a.admitted && !a.refusalReason)
      ctx.addIssue({
        code: 'custom',
        path: ['refusalReason'],
        message: '未准入事项须写明回绝理由 / a refused item needs a reason',
      })
  })
  .meta({ id: 'Admission' })
export type TAdmission = z.infer<typeof ZAdmission>

/** Everything about an item that is versioned. */
export const ZCatalogRules = z
  .object({
    name: z.string().trim().min(1).max(60),
    description: z.string().trim().max(1000).default(''),
    admission: ZAdmission,
    /** 自处置: grid workers may fix it themselves and report it done. */
    selfHandle: z.boolean(),
    photoRequired: z.boolean(),
    fields: z
      .array(ZCatalogField)
      .max(40)
      .refine((fs) => new Set(fs.map((f) => f.key)).size === fs.length, '字段键重复 / duplicate field key'),
    routing: ZRouting,
    limits: ZCatalogLimits,
    /** 结案条件: when the case may be closed. */
    closureConditions: z.string().trim().max(1000).default(''),
  })
  .meta({ id: 'CatalogRules' })
export type TCatalogRules = z.infer<typeof ZCatalogRules>
export type TCatalogRulesInput = z.input<typeof ZCatalogRules>

export const ZCatalogCode = z.string().regex(/^[0-9A-Z]{2,12}$/, '事项代码为 2–12 位数字或大写字母')
export const ZCatalogCodeParams = z.object({ code: ZCatalogCode })

export const ZCatalogMajor = z
  .object({
    code: ZCatalogCode,
    name: z.string(),
    description: z.string(),
    domain: ZCatalogDomain,
    standard: ZCatalogStandard,
  })
  .meta({ id: 'CatalogMajor' })
export type TCatalogMajor = z.infer<typeof ZCatalogMajor>

export const ZCatalogItemSummary = z
  .object({
    code: z.string(),
    majorCode: z.string(),
    name: z.string(),
    standard: ZCatalogStandard,
    admitted: z.boolean(),
    selfHandle: z.boolean(),
    photoRequired: z.boolean(),
    fieldCount: z.number().int(),
    routing: ZRoutingTarget,
    version: z.number().int(),
    retired: z.boolean(),
    /** Pinyin initials of the name, lower case (垃圾堆放 → "ljdf"), for the field app's picker. */
    initials: z.string(),
  })
  .meta({ id: 'CatalogItemSummary' })
export type TCatalogItemSummary = z.infer<typeof ZCatalogItemSummary>

export const ZCatalogTree = z
  .object({
    majors: z.array(ZCatalogMajor.extend({ items: z.array(ZCatalogItemSummary) })),
    counts: z.object({ majors: z.number().int(), items: z.number().int(), admitted: z.number().int() }),
  })
  .meta({ id: 'CatalogTree' })
export type TCatalogTree = z.infer<typeof ZCatalogTree>

export const ZCatalogQuery = z.object({
  /** Code prefix, or part of a name or description. */
  q: z.string().trim().max(40).optional(),
  domain: ZCatalogDomain.optional(),
  admitted: z.enum(['true', 'false']).optional(),
  includeRetired: z.enum(['true', 'false']).default('false'),
})

export const ZCatalogVersion = z
  .object({
    version: z.number().int(),
    validFrom: z.iso.datetime({ offset: true }),
    changedBy: z.string().nullable(),
    reason: z.string(),
    /** Top-level rule keys that differ from the previous version. */
    changed: z.array(z.string()),
    admission: ZAdmission,
  })
  .meta({ id: 'CatalogVersion' })

export const ZCatalogItem = ZCatalogRules.extend({
  code: z.string(),
  majorCode: z.string(),
  majorName: z.string(),
  domain: ZCatalogDomain,
  standard: ZCatalogStandard,
  retired: z.boolean(),
  /** The version new cases start with; cases keep theirs (`versionId`). */
  version: z.number().int(),
  versionId: z.number().int(),
  validFrom: z.iso.datetime({ offset: true }),
  history: z.array(ZCatalogVersion),
}).meta({ id: 'CatalogItem' })
export type TCatalogItem = z.infer<typeof ZCatalogItem>

export const ZUpdateCatalogItem = z
  .object({
    rules: ZCatalogRules,
    /** The version the editor started from; a newer one on the server is a 409. */
    expectedVersion: z.number().int().positive(),
    reason: z.string().trim().min(2, '请填写修改原因 / give a reason').max(200),
  })
  .meta({ id: 'UpdateCatalogItem' })
export type TUpdateCatalogItem = z.input<typeof ZUpdateCatalogItem>

export const ZCreateCatalogItem = z
  .object({
    code: ZCatalogCode,
    majorCode: ZCatalogCode,
    rules: ZCatalogRules,
    reason: z.string().trim().min(2, '请填写原因 / give a reason').max(200),
  })
  .meta({ id: 'CreateCatalogItem' })
export type TCreateCatalogItem = z.input<typeof ZCreateCatalogItem>

/** Multipart text fields arrive as strings. */
const ZFormBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .meta({ type: 'boolean' })

export const ZCatalogImportForm = z.object({
  file: ZUploadedFile,
  reason: z.string().trim().min(2, '请填写导入原因 / give a reason').max(200).default('事项清单导入 import'),
  /** Items of the catalog missing from the file are retired (kept for old cases, closed to new ones). */
  retireMissing: ZFormBoolean.default(false),
  dryRun: ZFormBoolean.default(true),
})

export const ZCatalogImportProblem = z
  .object({
    sheet: z.string(),
    /** Spreadsheet row (1-based, header is row 1); null for a problem of the whole sheet. */
    row: z.number().int().nullable(),
    column: z.string().nullable(),
    code: z.string().nullable(),
    kind: z.enum([
      'missing_sheet',
      'missing_column',
      'duplicate_code',
      'invalid_code',
      'unknown_major',
      'missing_value',
      'invalid_value',
      'missing_limit',
      'invalid_limit',
      'unknown_body',
      'unknown_area',
      'unknown_item',
      'invalid_field',
    ]),
    message: z.string(),
  })
  .meta({ id: 'CatalogImportProblem' })
export type TCatalogImportProblem = z.infer<typeof ZCatalogImportProblem>

export const ZCatalogImportReport = z
  .object({
    dryRun: z.boolean(),
    written: z.boolean(),
    majors: z.object({ total: z.number().int(), added: z.number().int(), changed: z.number().int() }),
    items: z.object({
      total: z.number().int(),
      added: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      retired: z.number().int(),
    }),
    problems: z.array(ZCatalogImportProblem),
  })
  .meta({ id: 'CatalogImportReport' })
export type TCatalogImportReport = z.infer<typeof ZCatalogImportReport>

export const ZChannel = z.enum(channels)
export type TChannel = z.infer<typeof ZChannel>

/** Whether a report of this kind may be taken in, with its fields checked (the intake forms call it first). */
export const ZAdmissionCheck = z
  .object({
    itemCode: ZCatalogCode,
    channel: ZChannel.default('grid_worker'),
    /** The area the matter is in, for refusal statistics. */
    areaCode: ZAreaCode.optional(),
    /** Values of the item's report fields, to be validated. */
    fields: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AdmissionCheck' })

export const ZAdmissionResult = z
  .object({
    admitted: z.literal(true),
    itemCode: z.string(),
    versionId: z.number().int(),
    selfHandle: z.boolean(),
    photoRequired: z.boolean(),
  })
  .meta({ id: 'AdmissionResult' })

/** `details` of a `not_admitted` error: the reason and the admitted items a reporter could use instead. */
export const ZRefusalDetails = z.object({
  itemCode: z.string(),
  itemName: z.string(),
  reason: z.string(),
  alternatives: z.array(z.object({ code: z.string(), name: z.string() })),
})
export type TRefusalDetails = z.infer<typeof ZRefusalDetails>

export const ZRefusalQuery = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
})
export const ZRefusalCounts = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    total: z.number().int(),
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        count: z.number().int(),
        lastAt: z.iso.datetime({ offset: true }),
        byChannel: z.record(z.string(), z.number().int()),
      }),
    ),
  })
  .meta({ id: 'RefusalCounts' })
export type TRefusalCounts = z.infer<typeof ZRefusalCounts>

export const ZItemRouteQuery = z.object({ areaCode: ZAreaCode })

/** Where a case of an item reported in an area goes (the dispatch suggestion). */
export const ZItemRoute = z
  .object({
    itemCode: z.string(),
    areaCode: z.string(),
    body: z.string(),
    level: ZRoutingLevel,
    /** The area whose override applied; null for the item's default. */
    overriddenAt: z.string().nullable(),
    /** The area at the target level above the reported area (the street for a street-level body). */
    areaOfLevel: z.string().nullable(),
    /** The unit that is that body there; null when none is set up. */
    unit: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  })
  .meta({ id: 'ItemRoute' })
export type TItemRoute = z.infer<typeof ZItemRoute>
