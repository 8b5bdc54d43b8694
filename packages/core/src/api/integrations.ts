import { z } from 'zod'
import { caseActions, caseLevels, caseStatuses } from '../cases/states.ts'
import { ZCaseUrgency, ZPoint } from './cases.ts'
import { ZAreaCode } from './grids.ts'

/**
 * Other systems: the 12345 platform's work orders in (signed webhook) and the
 * case's progress out (through the outbox, signed the same way), and the
 * outbox itself as the console's dead-letter view.
 */

const ZText = (max: number) => z.string().trim().max(max)

/** A 12345 work order (工单) as the platform delivers it. */
export const ZHotlineOrder = z
  .object({
    /** 工单编号: the platform's number; a second delivery of the same number returns the same case. */
    orderNo: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9_-]{1,64}$/,
        '工单编号须为 1–64 位字母、数字、- 或 _ / 1–64 letters, digits, - or _',
      ),
    /** OneGrid's catalog code: the platform maps its own classification onto ours. */
    itemCode: z.string().regex(/^[0-9A-Z]{2,12}$/, '请给出事项类别代码 / give the catalog item code'),
    title: ZText(80).min(2).optional(),
    /** 诉求内容: what the caller said. */
    content: ZText(4000).min(2, '请给出诉求内容 / give the content of the call'),
    address: ZText(200).optional(),
    location: ZPoint.optional(),
    /** The grid, when the platform knows it and gives no point. */
    gridCode: ZAreaCode.optional(),
    urgency: ZCaseUrgency.default('normal'),
    /** Values of the item's report fields (its 上报表单), by field key, where the item asks for them. */
    fields: z.record(z.string(), z.unknown()).default({}),
    /** When the platform took the call. */
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    caller: z
      .object({
        name: ZText(40).min(1).optional(),
        phone: z
          .string()
          .regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, '请填写有效的电话号码 / a valid phone number')
          .optional(),
        /** The caller asked not to be called back. */
        anonymous: z.boolean().default(false),
      })
      .default({ anonymous: false }),
  })
  .meta({ id: 'HotlineOrder' })
export type THotlineOrder = z.input<typeof ZHotlineOrder>

export const ZHotlineReceipt = z
  .object({
    orderNo: z.string(),
    caseId: z.number().int(),
    caseCode: z.string(),
    status: z.enum(caseStatuses),
    /** True when this order number had arrived before: nothing new was made. */
    duplicate: z.boolean(),
  })
  .meta({ id: 'HotlineReceipt' })
export type THotlineReceipt = z.infer<typeof ZHotlineReceipt>

/** What OneGrid pushes to the platform's callback URL after every change of a 12345 case. */
export const ZHotlineUpdate = z
  .object({
    type: z.enum(['case.status', 'case.followed_up', 'case.closed']),
    orderNo: z.string(),
    caseCode: z.string(),
    /** Increases with every update of one order: a receiver drops what it has seen. */
    sequence: z.number().int(),
    action: z.enum(caseActions),
    actionName: z.string(),
    status: z.enum(caseStatuses),
    statusName: z.string(),
    at: z.string(),
    /** The step's note or reason (处理意见, 退回理由). */
    note: z.string().nullable(),
    /** 承办单位: the unit now handling it. Staff are never named. */
    unit: z.string().nullable(),
    followUp: z
      .object({
        reached: z.boolean(),
        satisfaction: z.enum(['satisfied', 'basically', 'unsatisfied']).nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'HotlineUpdate' })
export type THotlineUpdate = z.infer<typeof ZHotlineUpdate>

/** An alert of a machine: video analytics, an IoT sensor, or a department's system referring a matter. */
export const ZMachineReport = z
  .object({
    source: z.enum(['video', 'iot', 'department']),
    /** The camera, sensor or referring system, as the client names it. */
    sourceId: z.string().trim().min(1).max(100),
    /** The client's id of this alert: the same id sent again returns the same case. */
    alertId: z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]{1,100}$/, '1–100 个可见 ASCII 字符 / 1–100 visible ASCII characters'),
    itemCode: z.string().regex(/^[0-9A-Z]{2,12}$/, '请给出事项类别代码 / give the catalog item code'),
    location: ZPoint,
    description: ZText(2000).min(2, '请描述告警内容 / describe the alert'),
    /** Where the evidence (a snapshot, a clip, a reading) can be fetched. */
    evidenceUrl: z
      .string()
      .trim()
      .max(2000)
      .regex(/^https?:\/\/\S+$/i, '应为 http(s) 网址 / an http(s) URL')
      .optional(),
    /** The detector's confidence, 0–1. */
    confidence: z.number().min(0).max(1).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    urgency: ZCaseUrgency.default('normal'),
    /** Values of the item's report fields, where it asks for them. */
    fields: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: 'MachineReport' })
export type TMachineReport = z.input<typeof ZMachineReport>

export const ZMachineReceipt = z
  .object({
    caseId: z.number().int(),
    caseCode: z.string(),
    status: z.enum(caseStatuses),
    /**
     * `new`: a case was made; `same_alert`: this alert id arrived before; `repeat`: an open case of
     * the same item from the same source lies within the duplicate radius, and the alert was added to it.
     */
    outcome: z.enum(['new', 'same_alert', 'repeat']),
    /** How many alerts the case has gathered. */
    alerts: z.number().int(),
  })
  .meta({ id: 'MachineReceipt' })
export type TMachineReceipt = z.infer<typeof ZMachineReceipt>

/** Why a case goes to the superior platform (贯通): its category is one it takes, or the district escalated it. */
export const upstreamReasons = ['category', 'escalation'] as const

/**
 * A case as OneGrid pushes it to the superior platform, at the step that
 * linked it and at every later change: its matter, place and progress, never
 * its reporter (no name, no phone, no form values) and no staff by name.
 */
export const ZUpstreamCase = z
  .object({
    caseCode: z.string(),
    /** Increases with every step of the case (its version): a receiver drops what it has seen. */
    sequence: z.number().int(),
    /** Why the case is linked: set by the step that linked it, kept after. */
    reason: z.enum(upstreamReasons),
    /** The platform's reference, once an update of it gave one. */
    upstreamRef: z.string().nullable(),
    action: z.enum(caseActions),
    actionName: z.string(),
    status: z.enum(caseStatuses),
    statusName: z.string(),
    level: z.enum(caseLevels),
    /** The catalog item (事项) the case is filed under. */
    category: z.object({ code: z.string(), name: z.string() }),
    title: z.string(),
    description: z.string(),
    address: z.string().nullable(),
    location: ZPoint.nullable(),
    /** The grid it lies in (the district is its first six digits). */
    area: z.object({ code: z.string(), name: z.string() }),
    urgency: ZCaseUrgency,
    /** 承办单位: the unit now handling it. */
    unit: z.string().nullable(),
    /** The step's note or reason (上报理由, 处理意见). */
    note: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'UpstreamCase' })
export type TUpstreamCase = z.infer<typeof ZUpstreamCase>

/** Where the superior platform says a pushed case stands. */
export const upstreamStatuses = [
  'received',
  'accepted',
  'instructed',
  'handled',
  'closed',
  'returned',
] as const
export type UpstreamStatus = (typeof upstreamStatuses)[number]
export const upstreamStatusNames: Record<UpstreamStatus, { zh: string; en: string }> = {
  received: { zh: '已接收', en: 'Received' },
  accepted: { zh: '已受理', en: 'Accepted' },
  instructed: { zh: '已交办', en: 'Instructed' },
  handled: { zh: '已办理', en: 'Handled' },
  closed: { zh: '已办结', en: 'Closed' },
  returned: { zh: '已退回', en: 'Returned' },
}

/** An update of the superior platform on a case OneGrid pushed to it (signed like a 12345 order). */
export const ZUpstreamUpdate = z
  .object({
    /** The platform's id of this update: the same id sent again is taken once. */
    updateId: z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]{1,100}$/, '1–100 个可见 ASCII 字符 / 1–100 visible ASCII characters'),
    caseCode: z.string().trim().min(1).max(40),
    /** The platform's own number of the case, kept and sent back with later pushes. */
    upstreamRef: z.string().trim().min(1).max(100).optional(),
    status: z.enum(upstreamStatuses),
    /** 批示, 办理意见, 退回理由. */
    note: ZText(2000).optional(),
    at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'UpstreamUpdate' })
export type TUpstreamUpdate = z.input<typeof ZUpstreamUpdate>

export const ZUpstreamReceipt = z
  .object({
    updateId: z.string(),
    caseCode: z.string(),
    /** True when this update id arrived before: nothing new was recorded. */
    duplicate: z.boolean(),
  })
  .meta({ id: 'UpstreamReceipt' })
export type TUpstreamReceipt = z.infer<typeof ZUpstreamReceipt>

export const outboxStatuses = ['pending', 'delivered', 'dead'] as const
export const ZOutboxStatus = z.enum(outboxStatuses)

export const ZOutboxMessage = z
  .object({
    id: z.number().int(),
    channel: z.string(),
    destination: z.string(),
    /** Messages of one key (one 12345 order) are delivered one after the other, in order. */
    orderingKey: z.string().nullable(),
    status: ZOutboxStatus,
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    nextAttemptAt: z.string(),
    deliveredAt: z.string().nullable(),
    /** Earlier messages of the same key still undelivered: this one waits for them. */
    waitingBehind: z.number().int(),
    payload: z.unknown(),
  })
  .meta({ id: 'OutboxMessage' })
export type TOutboxMessage = z.infer<typeof ZOutboxMessage>

export const ZOutboxListQuery = z.object({
  status: ZOutboxStatus.optional(),
  channel: z
    .string()
    .regex(/^[a-z0-9_.-]{1,40}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type TOutboxListQuery = z.infer<typeof ZOutboxListQuery>

export const ZOutboxList = z
  .object({
    items: z.array(ZOutboxMessage),
    total: z.number().int(),
    counts: z.object({ pending: z.number().int(), delivered: z.number().int(), dead: z.number().int() }),
  })
  .meta({ id: 'OutboxList' })
export type TOutboxList = z.infer<typeof ZOutboxList>

export const ZOutboxIdParams = z.object({ id: z.coerce.number().int().positive() })
