import { z } from 'zod'
import type { CampaignForm } from '../campaigns/form.ts'
import { questionTypes } from '../campaigns/form.ts'
import { campaignPriorities, campaignTargetKinds } from '../campaigns/templates.ts'
import { organizationKinds } from '../registry/places.ts'
import { riskLevels, specialGroupKeys } from '../registry/special-groups.ts'
import { ZAttachment, ZPoint } from './cases.ts'
import { ZAreaCode, ZGridType } from './grids.ts'

/**
 * Instructions and campaigns (指令、专项任务): work sent down the grid network. A campaign
 * selects its targets (every grid of some areas, every rental house, household,
 * organization of some kinds, person of a special group, building) and makes one work
 * item per target object, assigned to the grid workers of the object's grid. Workers
 * fill the campaign's form per item in the field app (offline like every field action:
 * submitCampaignItem is written once per Idempotency-Key), save partially, and turn a
 * "hazard found" answer into a case with one tap (linked back). The issuing office sees
 * progress per street, community and grid, exports the results, and closes the campaign,
 * which freezes its figures.
 *
 * The form's definition and answer checks are `core/campaigns/form.ts` (shared with the
 * field app); the default templates are `core/campaigns/templates.ts`.
 */

export const ZCampaignTargetKind = z.enum(campaignTargetKinds)
export const ZCampaignPriority = z.enum(campaignPriorities)
export const campaignStatuses = ['active', 'closed'] as const
export const ZCampaignStatus = z.enum(campaignStatuses)
export const campaignItemStatuses = ['pending', 'in_progress', 'done'] as const
export const ZCampaignItemStatus = z.enum(campaignItemStatuses)
export type CampaignItemStatus = (typeof campaignItemStatuses)[number]

const ZText = (max: number) => z.string().trim().max(max)
const ZId = z.coerce.number().int().positive()
const ZDay = z.iso.date()

const ZQuestionOption = z.object({
  value: ZText(40).min(1),
  label: ZText(80).min(1),
  hazard: z.boolean().optional(),
})

export const ZQuestion = z.object({
  key: z.string(),
  label: ZText(200),
  help: ZText(500).optional(),
  type: z.enum(questionTypes),
  required: z.boolean().default(false),
  options: z.array(ZQuestionOption).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxPhotos: z.number().int().min(1).max(20).optional(),
  showIf: z.object({ key: z.string(), anyOf: z.array(z.string()).min(1) }).optional(),
})

/** A form; `formProblems` (core/campaigns/form.ts) checks what zod cannot (keys, conditions), as 400 with the field. */
export const ZCampaignForm = z
  .object({ questions: z.array(ZQuestion).min(1).max(60) })
  .meta({ id: 'CampaignForm' }) satisfies z.ZodType<CampaignForm, unknown>

const ZAnswerLocation = z.object({ lng: z.number(), lat: z.number(), accuracy: z.number().min(0).optional() })
/** An answer: see AnswerValue in core/campaigns/form.ts. */
export const ZAnswerValue = z.union([
  z.string(),
  z.array(z.string()),
  z.number(),
  z.array(z.number().int()),
  ZAnswerLocation,
])
export const ZAnswers = z.record(z.string(), ZAnswerValue)

/**
 * Which objects get a work item. `areaCodes`: areas of the creator's jurisdiction (streets,
 * communities, grids, or the district); the objects are those whose grid lies under them.
 */
export const ZCampaignTargets = z
  .object({
    kind: ZCampaignTargetKind,
    areaCodes: z.array(ZAreaCode).min(1).max(100),
    /** grid: only grids of this type. */
    gridType: ZGridType.optional(),
    /** organization: only these kinds. */
    organizationKinds: z.array(z.enum(organizationKinds)).min(1).optional(),
    /** special_group_person: the group (required for that kind). */
    group: z.enum(specialGroupKeys).optional(),
    /** special_group_person: only these risk levels. */
    riskLevels: z.array(z.enum(riskLevels)).min(1).optional(),
  })
  .meta({ id: 'CampaignTargets' })
export type TCampaignTargets = z.infer<typeof ZCampaignTargets>

export const ZPreviewCampaignTargets = z.object({ targets: ZCampaignTargets })

export const ZCampaignTargetPreview = z
  .object({
    total: z.number().int(),
    /** Per area named in the selection. */
    byArea: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
    /** Grids that would get items, and of them those with nobody on duty (items there go to the grid leader or wait). */
    grids: z.number().int(),
    gridsWithoutWorker: z.number().int(),
  })
  .meta({ id: 'CampaignTargetPreview' })
export type TCampaignTargetPreview = z.infer<typeof ZCampaignTargetPreview>

export const ZCreateCampaign = z
  .object({
    title: ZText(80).min(2, '请填写任务名称 / give a title'),
    purpose: ZText(2000).default(''),
    /** The office that issues it (区委政法委, 街道综治中心 …); the issuing level is the creator's area. */
    issuingUnit: ZText(80).min(2, '请填写下达单位 / give the issuing office'),
    templateKey: z.string().max(40).optional(),
    priority: ZCampaignPriority.default('normal'),
    /** The first day (Asia/Shanghai); today when left out. */
    startDate: ZDay.optional(),
    /** The last day items may be done on time; or `workingDays` from the start by the working-day calendar. */
    deadlineDate: ZDay.optional(),
    workingDays: z.number().int().min(1).max(250).optional(),
    targets: ZCampaignTargets,
    form: ZCampaignForm,
    /** The catalog item a hazard becomes a case of by default. */
    hazardItemCode: z
      .string()
      .regex(/^[0-9A-Z]{2,12}$/)
      .optional(),
  })
  .meta({ id: 'CreateCampaign' })
export type TCreateCampaign = z.input<typeof ZCreateCampaign>

/** The headline figures of a campaign or of an area in it. `rate`: done ÷ total in %, two decimals. */
export const ZCampaignFigures = z
  .object({
    total: z.number().int(),
    done: z.number().int(),
    inProgress: z.number().int(),
    pending: z.number().int(),
    /** Not done and past the deadline (after it), or done after it (late). */
    overdue: z.number().int(),
    late: z.number().int(),
    /** Items with a hazard answer; of them, those reported as cases, and of those the cases closed. */
    hazards: z.number().int(),
    hazardCases: z.number().int(),
    hazardCasesClosed: z.number().int(),
    rate: z.number().nullable(),
  })
  .meta({ id: 'CampaignFigures' })
export type TCampaignFigures = z.infer<typeof ZCampaignFigures>

const ZUserRef = z.object({ id: z.number().int(), name: z.string() })

export const ZCampaign = z
  .object({
    id: z.number().int(),
    title: z.string(),
    purpose: z.string(),
    issuingUnit: z.string(),
    issuingArea: z.object({ code: z.string(), name: z.string(), level: z.string() }),
    templateKey: z.string().nullable(),
    priority: ZCampaignPriority,
    status: ZCampaignStatus,
    startDate: ZDay,
    deadlineDate: ZDay,
    /** The instant the deadline passes (end of the deadline day, Asia/Shanghai). */
    deadlineAt: z.iso.datetime(),
    targets: ZCampaignTargets,
    form: ZCampaignForm,
    hazardItemCode: z.string().nullable(),
    /** Live while active; as frozen at closing once closed. */
    figures: ZCampaignFigures,
    createdBy: ZUserRef,
    createdAt: z.iso.datetime(),
    closedBy: ZUserRef.nullable(),
    closedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Campaign' })
export type TCampaign = z.infer<typeof ZCampaign>

export const ZCampaignIdParams = z.object({ id: ZId })

export const ZCampaignListQuery = z.object({
  status: ZCampaignStatus.optional(),
  q: ZText(80).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})

export const ZCampaignList = z
  .object({
    items: z.array(ZCampaign.omit({ form: true })),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'CampaignList' })
export type TCampaignList = z.infer<typeof ZCampaignList>

export const ZCampaignProgressQuery = z.object({
  /** The level rows are at; the level below `under` when left out. */
  level: z.enum(['street', 'community', 'grid']).optional(),
  /** An area of the caller's jurisdiction (default: the campaign's issuing area ∩ the caller's). */
  under: ZAreaCode.optional(),
  /** How many laggards (lowest completion, small units flagged) to name. */
  laggards: z.coerce.number().int().min(0).max(50).default(10),
})

export const ZCampaignAreaProgress = ZCampaignFigures.extend({
  code: z.string(),
  name: z.string(),
  level: z.string(),
}).meta({ id: 'CampaignAreaProgress' })
export type TCampaignAreaProgress = z.infer<typeof ZCampaignAreaProgress>

export const ZCampaignProgress = z
  .object({
    campaignId: z.number().int(),
    status: ZCampaignStatus,
    /** Figures as of this instant (the closing instant once closed: frozen). */
    asOf: z.iso.datetime(),
    frozen: z.boolean(),
    under: z.object({ code: z.string(), name: z.string(), level: z.string() }),
    totals: ZCampaignFigures,
    rows: z.array(ZCampaignAreaProgress),
    /** Lowest completion first among rows with items, past the share of time elapsed. */
    laggards: z.array(ZCampaignAreaProgress),
    /** The share of the campaign's working time elapsed, 0..100: a row behind it is lagging. */
    expectedRate: z.number(),
  })
  .meta({ id: 'CampaignProgress' })
export type TCampaignProgress = z.infer<typeof ZCampaignProgress>

export const ZCampaignTargetView = z.object({
  kind: ZCampaignTargetKind,
  id: z.string(),
  /** 东湖路21号院1单元301 (a house), 某某有限公司, 张*（空巢老人）, 东湖街道第一社区第1网格. Names masked as the registry masks them. */
  label: z.string(),
  address: z.string().nullable(),
})

export const ZCampaignItem = z
  .object({
    id: z.number().int(),
    campaignId: z.number().int(),
    target: ZCampaignTargetView,
    gridCode: z.string(),
    gridName: z.string(),
    location: ZPoint.nullable(),
    assignee: ZUserRef.nullable(),
    status: ZCampaignItemStatus,
    answers: ZAnswers,
    /** Keys of answered questions whose answer is a hazard option. */
    hazards: z.array(z.string()),
    attachments: z.array(ZAttachment),
    /** The case a hazard was reported as, with its state. */
    case: z.object({ id: z.number().int(), code: z.string(), status: z.string() }).nullable(),
    submittedBy: ZUserRef.nullable(),
    submittedAt: z.iso.datetime().nullable(),
    doneAt: z.iso.datetime().nullable(),
    overdue: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'CampaignItem' })
export type TCampaignItem = z.infer<typeof ZCampaignItem>

export const ZCampaignItemListQuery = z.object({
  status: ZCampaignItemStatus.optional(),
  areaCode: ZAreaCode.optional(),
  assigneeId: ZId.optional(),
  hazard: z.coerce.boolean().optional(),
  overdue: z.coerce.boolean().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})

export const ZCampaignItemList = z
  .object({
    items: z.array(ZCampaignItem),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'CampaignItemList' })

/** The field app's list: my open items of active campaigns, with each campaign's form once (cached for offline work). */
export const ZMyCampaignItemsQuery = z.object({
  /** Include items already done (the last 30 days). */
  includeDone: z.coerce.boolean().default(false),
})

export const ZMyCampaignItems = z
  .object({
    campaigns: z.array(
      ZCampaign.pick({
        id: true,
        title: true,
        purpose: true,
        issuingUnit: true,
        priority: true,
        deadlineDate: true,
        deadlineAt: true,
        form: true,
        hazardItemCode: true,
      }),
    ),
    items: z.array(ZCampaignItem),
  })
  .meta({ id: 'MyCampaignItems' })
export type TMyCampaignItems = z.infer<typeof ZMyCampaignItems>

export const ZCampaignItemIdParams = z.object({ id: ZId })

/**
 * submitCampaignItem: a partial save (`complete: false`, 进行中) or the item done. Once per
 * Idempotency-Key (the field app's client id). `reportHazard`: a hazard answer becomes a
 * case in the closed loop (channel grid worker, the item's location and photos), linked
 * back; at most one case per item, whatever is resent.
 */
export const ZSubmitCampaignItem = z
  .object({
    answers: ZAnswers,
    complete: z.boolean(),
    /** Where the worker stood. */
    location: ZPoint.optional(),
    /** When the worker did it (a submission queued offline); not ahead of the server's clock by more than 5 minutes. */
    at: z.iso.datetime({ offset: true }).optional(),
    reportHazard: z
      .object({
        itemCode: z
          .string()
          .regex(/^[0-9A-Z]{2,12}$/)
          .optional(),
        description: ZText(4000).min(2, '请描述隐患 / describe the hazard'),
      })
      .optional(),
  })
  .meta({ id: 'SubmitCampaignItem' })
export type TSubmitCampaignItem = z.input<typeof ZSubmitCampaignItem>

/** reassignCampaignItems: the grid leader hands items of their grids to another worker of the grid. */
export const ZReassignCampaignItems = z.object({
  itemIds: z.array(z.number().int().positive()).min(1).max(1000),
  assigneeId: z.number().int().positive(),
})
export const ZReassigned = z.object({ reassigned: z.number().int() })

export const ZExportCampaignQuery = z.object({ format: z.enum(['xlsx', 'pdf']).default('xlsx') })

export const ZCampaignTemplate = z
  .object({
    key: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    purpose: z.string(),
    targetKind: ZCampaignTargetKind,
    group: z.string().optional(),
    workingDays: z.number().int(),
    priority: ZCampaignPriority,
    hazardItemCode: z.string().optional(),
    form: ZCampaignForm,
  })
  .meta({ id: 'CampaignTemplate' })
export const ZCampaignTemplates = z
  .object({ items: z.array(ZCampaignTemplate) })
  .meta({ id: 'CampaignTemplates' })
