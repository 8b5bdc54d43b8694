import { z } from 'zod'
import { roles } from '../auth/roles.ts'
import { caseActions, caseLevels, caseStatuses } from '../cases/states.ts'
import { channels, limitStages, urgencies } from '../catalog/vocabulary.ts'
import { limitUnits } from '../time/deadline.ts'
import { ZUploadedFile } from './area-import.ts'
import { ZAreaCode } from './grids.ts'

/**
 * Cases (案件): the closed loop from report to follow-up. Every step is a
 * timeline row; every change goes through the one transition function of
 * `core/cases` (performCaseAction), with the case's version checked.
 */

export const ZCaseStatus = z.enum(caseStatuses)
export const ZCaseAction = z.enum(caseActions)
export const ZCaseLevel = z.enum(caseLevels)
export const ZCaseChannel = z.enum(channels)
export const ZCaseUrgency = z.enum(urgencies)
export const ZLight = z.enum(['green', 'yellow', 'red', 'none'])
export type TLight = z.infer<typeof ZLight>

/** The console's work queues (待受理 … 督办); each is a filter over status, stage and flags. */
export const caseQueues = [
  'to_accept',
  'to_register',
  'to_dispatch',
  'to_sign',
  'handling',
  'to_rule',
  'to_verify',
  'to_close',
  'to_follow_up',
  'overdue',
  'supervised',
  'requests',
] as const
export type CaseQueue = (typeof caseQueues)[number]
export const ZCaseQueue = z.enum(caseQueues)

export const ZPoint = z
  .object({ lng: z.number().min(73).max(136), lat: z.number().min(3).max(54) })
  .meta({ id: 'Point', description: 'WGS84 / CGCS2000 longitude and latitude (within China)' })
export type TPoint = z.infer<typeof ZPoint>

const ZText = (max: number) => z.string().trim().max(max)
const ZPhone = z
  .string()
  .regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, '请填写有效的电话号码 / a valid phone number')

export const ZReporter = z
  .object({
    name: ZText(40).min(1).optional(),
    phone: ZPhone.optional(),
    /** The reporter does not want to be called back (匿名). */
    anonymous: z.boolean().default(false),
  })
  .meta({ id: 'Reporter' })

/** A report: what, where, who said so. For a hotline call these are 受理五要素 (name, time, address, cause, course). */
export const ZReportCase = z
  .object({
    itemCode: z.string().regex(/^[0-9A-Z]{2,12}$/, '请选择事项类别 / choose a category'),
    channel: ZCaseChannel,
    /** 事由; the item's name when left out (a grid worker's one-tap report). */
    title: ZText(80).min(2, '请填写事由（至少 2 个字） / give the cause (2+ characters)').optional(),
    description: ZText(4000).min(2, '请描述经过 / describe what happened'),
    address: ZText(200).optional(),
    location: ZPoint.optional(),
    /** The grid, when the reporter chooses it (no location, or a correction). */
    gridCode: ZAreaCode.optional(),
    urgency: ZCaseUrgency.default('normal'),
    /** When it happened (the caller's account); defaults to now. */
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    /** A resident's contact; staff reporters are the signed-in user. */
    reporter: ZReporter.optional(),
    /** Values of the item's report fields. */
    fields: z.record(z.string(), z.unknown()).default({}),
    /** Attachments uploaded before (uploadAttachment). */
    attachmentIds: z.array(z.number().int().positive()).max(20).default([]),
    /** 自处置: the grid worker fixed it; `handlingNote` and an after-photo are required. */
    selfHandle: z.boolean().default(false),
    handlingNote: ZText(2000).optional(),
    /** With `selfHandle`: values of the item's handling form (处置表单, e.g. 化解是否成功). */
    handlingFields: z.record(z.string(), z.unknown()).default({}),
    /** A case reported elsewhere first (12345 ticket number, upstream id). */
    externalRef: ZText(64).optional(),
  })
  .meta({ id: 'ReportCase' })
export type TReportCase = z.input<typeof ZReportCase>

export const ZFollowUp = z.object({
  reached: z.boolean(),
  satisfaction: z.enum(['satisfied', 'basically', 'unsatisfied']).optional(),
  forCause: z.boolean().optional(),
})

export const ZCaseActionRequest = z
  .object({
    action: ZCaseAction,
    expectedVersion: z.number().int().positive(),
    reason: ZText(1000).optional(),
    note: ZText(4000).optional(),
    /** dispatch / reassign: where it goes; without a unit or a person the catalog's routing rule decides. */
    unitId: z.number().int().positive().optional(),
    userId: z.number().int().positive().optional(),
    level: ZCaseLevel.optional(),
    ruling: z.enum(['reassign', 'send_back']).optional(),
    passed: z.boolean().optional(),
    followUp: ZFollowUp.optional(),
    extension: z.object({ amount: z.number().positive().max(1000), unit: z.enum(limitUnits) }).optional(),
    masterCaseId: z.number().int().positive().optional(),
    /** register: the category, urgency and place confirmed. */
    itemCode: z
      .string()
      .regex(/^[0-9A-Z]{2,12}$/)
      .optional(),
    urgency: ZCaseUrgency.optional(),
    location: ZPoint.optional(),
    gridCode: ZAreaCode.optional(),
    /** joint_meeting: who took part. */
    participants: z.array(ZText(80).min(1)).max(30).optional(),
    attachmentIds: z.array(z.number().int().positive()).max(20).default([]),
    /** handle: values of the item's handling form (处置表单: 化解方式, 化解是否成功 …). */
    fields: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'CaseActionRequest' })
export type TCaseActionRequest = z.input<typeof ZCaseActionRequest>

export const ZAttachment = z
  .object({
    id: z.number().int(),
    kind: z.enum(['image', 'audio', 'video']),
    mime: z.string(),
    size: z.number().int(),
    url: z.string(),
    thumbUrl: z.string().nullable(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'CaseAttachment' })
export type TAttachment = z.infer<typeof ZAttachment>

export const ZUploadAttachmentForm = z.object({ file: ZUploadedFile })

export const ZHandler = z
  .object({
    unitId: z.number().int().nullable(),
    unitName: z.string().nullable(),
    userId: z.number().int().nullable(),
    userName: z.string().nullable(),
  })
  .meta({ id: 'CaseHandler' })

export const ZCaseFlags = z
  .object({
    selfHandled: z.boolean(),
    supervised: z.boolean(),
    suspended: z.boolean(),
    overdue: z.boolean(),
    pendingExtension: z.boolean(),
    pendingSuspension: z.boolean(),
    reworkCount: z.number().int(),
    shirkCount: z.number().int(),
    mergedInto: z.object({ id: z.number().int(), code: z.string() }).nullable(),
  })
  .meta({ id: 'CaseFlags' })

export const ZCaseSummary = z
  .object({
    id: z.number().int(),
    code: z.string(),
    title: z.string(),
    status: ZCaseStatus,
    level: ZCaseLevel,
    channel: ZCaseChannel,
    urgency: ZCaseUrgency,
    itemCode: z.string(),
    itemName: z.string(),
    areaCode: z.string(),
    areaName: z.string(),
    gridCode: z.string().nullable(),
    address: z.string().nullable(),
    location: ZPoint.nullable(),
    handler: ZHandler.nullable(),
    flags: ZCaseFlags,
    /** The light of the clock that runs out first (none when no clock runs or all are paused). */
    light: ZLight,
    dueAt: z.string().nullable(),
    dueStage: z.enum(limitStages).nullable(),
    reportedAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'CaseSummary' })
export type TCaseSummary = z.infer<typeof ZCaseSummary>

export const ZStageClock = z
  .object({
    stage: z.enum(limitStages),
    startedAt: z.string(),
    stoppedAt: z.string().nullable(),
    deadline: z.string(),
    paused: z.boolean(),
    runs: z.number().int(),
    light: z.enum(['green', 'yellow', 'red']),
    onTime: z.boolean().nullable(),
  })
  .meta({ id: 'StageClock' })
export type TStageClock = z.infer<typeof ZStageClock>

export const ZTimelineEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    action: z.union([ZCaseAction, z.enum(['alarm', 'merged_in', 'upstream_update', 'resident_update'])]),
    actor: z.string(),
    role: z.enum([...roles, 'system', 'resident']).nullable(),
    fromStatus: ZCaseStatus.nullable(),
    toStatus: ZCaseStatus.nullable(),
    note: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    attachments: z.array(ZAttachment),
  })
  .meta({ id: 'TimelineEntry' })
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>

export const ZCase = ZCaseSummary.extend({
  description: z.string(),
  itemVersion: z.number().int(),
  occurredAt: z.string().nullable(),
  reporter: z.object({
    kind: z.enum(['staff', 'resident', 'anonymous']),
    name: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  fields: z.record(z.string(), z.unknown()),
  satisfaction: z.enum(['satisfied', 'basically', 'unsatisfied']).nullable(),
  externalRef: z.string().nullable(),
  clocks: z.array(ZStageClock),
  timeline: z.array(ZTimelineEntry),
  attachments: z.array(ZAttachment),
  /** What the caller may do now: the buttons to show. */
  allowedActions: z.array(ZCaseAction),
  /** Duplicates merged into this case, with their channels. */
  merged: z.array(
    z.object({ id: z.number().int(), code: z.string(), channel: ZCaseChannel, reportedAt: z.string() }),
  ),
  /** Where the catalog's routing rule sends it (for the dispatch form). */
  suggestedHandler: ZHandler.extend({ body: z.string(), level: ZCaseLevel }).nullable(),
}).meta({ id: 'Case' })
export type TCase = z.infer<typeof ZCase>

const ZBool = z.enum(['true', 'false']).transform((v) => v === 'true')

export const ZCaseQuery = z.object({
  queue: ZCaseQueue.optional(),
  /** Only cases dispatched to me or my unit. */
  mine: ZBool.optional(),
  /** Only cases I reported (a grid worker's 我上报的). */
  reportedByMe: ZBool.optional(),
  status: z
    .union([ZCaseStatus, z.array(ZCaseStatus)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  areaCode: ZAreaCode.optional(),
  itemCode: z.string().max(12).optional(),
  channel: ZCaseChannel.optional(),
  urgency: ZCaseUrgency.optional(),
  overdue: ZBool.optional(),
  supervised: ZBool.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Code, title or address. */
  q: z.string().trim().max(60).optional(),
  sort: z.enum(['reported_desc', 'reported_asc', 'due_asc', 'updated_desc']).default('reported_desc'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})
export type TCaseQuery = z.input<typeof ZCaseQuery>

/** exportCases: the list's filters, without paging, and the file's format. */
export const ZCaseExportQuery = ZCaseQuery.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['csv', 'xlsx', 'geojson']).default('xlsx'),
})
export type TCaseExportQuery = z.input<typeof ZCaseExportQuery>

export const ZCaseList = z
  .object({
    items: z.array(ZCaseSummary),
    /** Exact up to `totalCap`; beyond it, `totalCapped` says "more than". */
    total: z.number().int(),
    totalCapped: z.boolean(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'CaseList' })
export type TCaseList = z.infer<typeof ZCaseList>

export const ZQueueCounts = z
  .object({ queues: z.array(z.object({ queue: ZCaseQueue, count: z.number().int(), capped: z.boolean() })) })
  .meta({ id: 'QueueCounts' })
export type TQueueCounts = z.infer<typeof ZQueueCounts>

export const ZCaseIdParams = z.object({ id: z.coerce.number().int().positive() })
export const ZAttachmentParams = z.object({ id: z.coerce.number().int().positive() })
export const ZAttachmentQuery = z.object({ thumb: ZBool.optional() })

export const ZDuplicateQuery = z.object({
  itemCode: z.string().max(12).optional(),
  lng: z.coerce.number().min(73).max(136),
  lat: z.coerce.number().min(3).max(54),
  radius: z.coerce.number().min(5).max(1000).optional(),
  days: z.coerce.number().int().min(1).max(90).optional(),
  excludeId: z.coerce.number().int().positive().optional(),
})
export const ZDuplicates = z
  .object({
    radius: z.number(),
    days: z.number().int(),
    cases: z.array(ZCaseSummary.extend({ distance: z.number() })),
  })
  .meta({ id: 'DuplicateCases' })
export type TDuplicates = z.infer<typeof ZDuplicates>

export const ZMergeCases = z
  .object({
    masterId: z.number().int().positive(),
    duplicateIds: z.array(z.number().int().positive()).min(1).max(20),
    note: ZText(500).optional(),
  })
  .meta({ id: 'MergeCases' })
export const ZMergeResult = z.object({ master: ZCaseSummary, merged: z.array(ZCaseSummary) })

export const ZCaseMapQuery = z.object({ areaCode: ZAreaCode.optional() })
export const ZCaseMap = z
  .object({
    /** [id, lng, lat, light, status] per open case with a location; compact for thousands of points. */
    points: z.array(z.tuple([z.number().int(), z.number(), z.number(), ZLight, ZCaseStatus])),
  })
  .meta({ id: 'CaseMap' })
export type TCaseMap = z.infer<typeof ZCaseMap>

export const ZNotification = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    caseId: z.number().int().nullable(),
    caseCode: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' })
export type TNotification = z.infer<typeof ZNotification>

export const ZNotificationQuery = z.object({
  unread: ZBool.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export const ZNotificationList = z
  .object({ items: z.array(ZNotification), unread: z.number().int() })
  .meta({ id: 'NotificationList' })
export type TNotificationList = z.infer<typeof ZNotificationList>
export const ZMarkRead = z
  .object({ ids: z.array(z.number().int().positive()).max(500).optional(), all: z.boolean().optional() })
  .refine((v) => v.all === true || (v.ids?.length ?? 0) > 0, {
    message: '请指定通知或全部 / give ids or all',
    path: ['ids'],
  })
