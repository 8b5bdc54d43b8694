import { z } from 'zod'
import { ZPoint } from './cases.ts'

/**
 * The whistle (吹哨报到, "网格吹哨、部门报到"): a grid worker or community facing a problem
 * beyond local power (illegal construction needing 城管, 规划和自然资源, 住建 together)
 * summons departments to a place, usually about a case. Each summoned department must
 * acknowledge (报到) within `ackMinutes` and arrive within `arriveMinutes`: a handler of
 * the department checks in at the place (within `checkInRadiusM` of it, by the field
 * app's position), or the caller records the arrival they saw. Past the arrival limit
 * without arriving is a miss (未到), fixed by the whistle sweep; misses and arrivals count
 * in the department's monthly assessment (吹哨报到率). The center may escalate an
 * unanswered whistle (the departments' leaders are told, the whistle is marked); the
 * caller closes it with the outcome.
 */

export const whistleStatuses = ['open', 'closed'] as const
export const ZWhistleStatus = z.enum(whistleStatuses)
export const responseStatuses = ['summoned', 'acknowledged', 'arrived', 'missed'] as const
export const ZWhistleResponseStatus = z.enum(responseStatuses)
export type WhistleResponseStatus = (typeof responseStatuses)[number]

const ZText = (max: number) => z.string().trim().max(max)
const ZId = z.coerce.number().int().positive()

export const ZRaiseWhistle = z
  .object({
    title: ZText(80).min(2, '请填写事由 / give the cause'),
    description: ZText(4000).default(''),
    /** The case it is about (in the caller's jurisdiction). */
    caseId: z.number().int().positive().optional(),
    location: ZPoint,
    address: ZText(200).optional(),
    /** The departments (units) summoned: 1 to 10, distinct. */
    unitIds: z
      .array(z.number().int().positive())
      .min(1, '请选择报到部门 / choose the departments')
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, '部门重复 / a department twice'),
    ackMinutes: z.number().int().min(5).max(1440).default(30),
    arriveMinutes: z.number().int().min(10).max(2880).default(120),
  })
  .meta({ id: 'RaiseWhistle' })
export type TRaiseWhistle = z.input<typeof ZRaiseWhistle>

const ZUserRef = z.object({ id: z.number().int(), name: z.string() })

export const ZWhistleResponse = z
  .object({
    unit: z.object({ id: z.number().int(), name: z.string() }),
    status: ZWhistleResponseStatus,
    ackDueAt: z.iso.datetime(),
    arriveDueAt: z.iso.datetime(),
    acknowledgedAt: z.iso.datetime().nullable(),
    acknowledgedBy: ZUserRef.nullable(),
    ackNote: z.string().nullable(),
    arrivedAt: z.iso.datetime().nullable(),
    /** Who checked in: the department's handler, or the caller recording it. */
    arrivedBy: ZUserRef.nullable(),
    /** How the arrival was recorded: the handler's position, or the caller's word. */
    arrivalSource: z.enum(['check_in', 'recorded']).nullable(),
    /** Metres from the whistle's place, when checked in by position. */
    distanceM: z.number().nullable(),
    arrivedLate: z.boolean(),
  })
  .meta({ id: 'WhistleResponse' })
export type TWhistleResponse = z.infer<typeof ZWhistleResponse>

export const ZWhistle = z
  .object({
    id: z.number().int(),
    code: z.string(),
    title: z.string(),
    description: z.string(),
    case: z.object({ id: z.number().int(), code: z.string(), title: z.string() }).nullable(),
    location: ZPoint,
    address: z.string().nullable(),
    gridCode: z.string(),
    areaName: z.string(),
    raisedBy: ZUserRef,
    raisedAt: z.iso.datetime(),
    ackMinutes: z.number().int(),
    arriveMinutes: z.number().int(),
    checkInRadiusM: z.number().int(),
    status: ZWhistleStatus,
    escalatedAt: z.iso.datetime().nullable(),
    escalatedBy: ZUserRef.nullable(),
    escalationNote: z.string().nullable(),
    outcome: z.string().nullable(),
    closedAt: z.iso.datetime().nullable(),
    closedBy: ZUserRef.nullable(),
    responses: z.array(ZWhistleResponse),
    /** Counts of the responses by status. */
    summary: z.object({
      summoned: z.number().int(),
      acknowledged: z.number().int(),
      arrived: z.number().int(),
      missed: z.number().int(),
    }),
    /** What the caller may do now: acknowledge and check_in for a summoned department's handler; record_arrival, close for the raiser; escalate for the center. */
    allowedActions: z.array(z.enum(['acknowledge', 'check_in', 'record_arrival', 'escalate', 'close'])),
    version: z.number().int(),
  })
  .meta({ id: 'Whistle' })
export type TWhistle = z.infer<typeof ZWhistle>

export const ZWhistleIdParams = z.object({ id: ZId })

export const ZWhistleListQuery = z.object({
  status: ZWhistleStatus.optional(),
  /** Whistles summoning my department and waiting for it. */
  waitingForMe: z.coerce.boolean().optional(),
  caseId: ZId.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})

export const ZWhistleList = z
  .object({
    items: z.array(ZWhistle),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'WhistleList' })
export type TWhistleList = z.infer<typeof ZWhistleList>

export const ZAcknowledgeWhistle = z
  .object({ note: ZText(500).optional() })
  .meta({ id: 'AcknowledgeWhistle' })

/**
 * checkInWhistle: a summoned department's handler at the place (`location` required, within
 * the radius), or the raiser recording a department's arrival (`unitId` required; `at` when
 * it was, not in the future).
 */
export const ZCheckInWhistle = z
  .object({
    unitId: z.number().int().positive().optional(),
    location: ZPoint.extend({ accuracy: z.number().min(0).max(10_000).optional() }).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    note: ZText(500).optional(),
  })
  .meta({ id: 'CheckInWhistle' })
export type TCheckInWhistle = z.input<typeof ZCheckInWhistle>

export const ZEscalateWhistle = z.object({ note: ZText(500).min(2, '请填写督办意见 / give a note') })
export const ZCloseWhistle = z.object({ outcome: ZText(2000).min(2, '请填写处置结果 / give the outcome') })
