import { z } from 'zod'
import { riskLevels, specialGroupKeys } from '../registry/special-groups.ts'
import { ZAttachment } from './cases.ts'
import { ZAreaCode, ZGridCode } from './grids.ts'

/**
 * Visits (走访) to the registry's households and persons, and the visit plans
 * the field app lists as due and overdue ("五必访": ordinary households twice a
 * year, special families twice a month, special-group persons by their risk
 * level; "日访十户": ten households a day per grid worker).
 *
 * A visit goes to one target: a household or a person of the registry, inside
 * the visitor's jurisdiction. It is written once per Idempotency-Key (syncBatch
 * sends the field app's client id as the key), so a visit queued offline and
 * sent twice is recorded once.
 *
 * Who is a target and how often (docs/KPI.md, 走访):
 * - every household is a target: a 特殊家庭 (a member in one of the plan's
 *   family groups, by default 留守儿童, 空巢老人, 低保/低收入, 残疾人) every
 *   `specialFamilyDays`, any other household every `ordinaryHouseholdDays`;
 * - a person is a target when they belong to a special group other than the
 *   family groups (or to a family group without a household): every
 *   `riskLevelDays[level]` of their highest risk level;
 * - a membership whose visit frequency was set in the registry (it differs from
 *   the registry's default for its group and level) tightens its target to that
 *   frequency when it is shorter.
 * A target is next due `everyDays` after its last visit (any method), or after
 * it entered the plan when never visited; `overdue` once that day has passed,
 * `due` from `dueSoonDays` before it, `upcoming` before that.
 */

export const visitMethods = ['door', 'phone', 'other'] as const
export const ZVisitMethod = z.enum(visitMethods)
export type VisitMethod = (typeof visitMethods)[number]

/** What a visit found; each flag may carry a note. `hazard` and `dispute` are what "发现问题 → 上报" turns into a case. */
export const visitFlags = ['hazard', 'need_help', 'info_changed', 'dispute', 'abnormal'] as const
export const ZVisitFlag = z.enum(visitFlags)
export type VisitFlag = (typeof visitFlags)[number]

export const visitTargetKinds = ['household', 'person'] as const
export const ZVisitTargetKind = z.enum(visitTargetKinds)
export type VisitTargetKind = (typeof visitTargetKinds)[number]

/** Why a target is in the plan. */
export const visitRules = ['ordinary_household', 'special_family', 'special_group'] as const
export const ZVisitRule = z.enum(visitRules)
export type VisitRule = (typeof visitRules)[number]

export const dueStatuses = ['overdue', 'due', 'upcoming'] as const
export const ZDueStatus = z.enum(dueStatuses)
export type DueStatus = (typeof dueStatuses)[number]

const ZText = (max: number) => z.string().trim().max(max)
const ZId = z.coerce.number().int().positive()
const ZDay = z.iso.date()

export const ZVisitTarget = z.object({ kind: ZVisitTargetKind, id: z.number().int().positive() })
export type TVisitTarget = z.infer<typeof ZVisitTarget>

export const ZVisitFinding = z.object({ flag: ZVisitFlag, note: ZText(500).optional() })
export type TVisitFinding = z.infer<typeof ZVisitFinding>

/** Where the visitor stood (WGS84), with the fix's accuracy in metres. */
export const ZVisitLocation = z.object({
  lng: z.number().min(73).max(136),
  lat: z.number().min(3).max(54),
  accuracy: z.number().min(0).max(100_000).optional(),
})
export type TVisitLocation = z.infer<typeof ZVisitLocation>

/**
 * recordVisit. `visitedAt` may be in the past (a visit queued offline) but not
 * more than five minutes ahead of the server's clock, nor older than 31 days.
 * Photos are uploaded first (uploadAttachment) by the visitor and named here; from then
 * on whoever may see the visit may see them.
 */
export const ZRecordVisit = z.object({
  target: ZVisitTarget,
  visitedAt: z.iso.datetime({ offset: true }),
  method: ZVisitMethod.default('door'),
  notes: ZText(2000).default(''),
  findings: z.array(ZVisitFinding).max(visitFlags.length).default([]),
  attachmentIds: z.array(z.number().int().positive()).max(9).default([]),
  location: ZVisitLocation.optional(),
})
export type TRecordVisit = z.input<typeof ZRecordVisit>

export const ZVisitIdParams = z.object({ id: ZId })

/** The target as the caller may see it: a person's name masked for callers without registry.read. */
export const ZVisitTargetView = z
  .object({
    kind: ZVisitTargetKind,
    id: z.number().int(),
    /** 张三 (a person), 张三户 · 东湖路21号院1单元301 (a household: its householder and masked address). */
    label: z.string(),
    gridCode: z.string(),
    gridName: z.string(),
  })
  .meta({ id: 'VisitTargetView' })
export type TVisitTargetView = z.infer<typeof ZVisitTargetView>

export const ZVisit = z
  .object({
    id: z.number().int(),
    target: ZVisitTargetView,
    /** The household the visit reached: the target household, or the person's household when visited. */
    householdId: z.number().int().nullable(),
    visitor: z.object({ userId: z.number().int(), name: z.string() }),
    visitedAt: z.iso.datetime(),
    method: ZVisitMethod,
    notes: z.string(),
    findings: z.array(ZVisitFinding),
    attachments: z.array(ZAttachment),
    location: ZVisitLocation.nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Visit' })
export type TVisit = z.infer<typeof ZVisit>

export const ZVisitListQuery = z.object({
  workerId: ZId.optional(),
  /** One day (Asia/Shanghai), e.g. a worker's day on the map. */
  on: ZDay.optional(),
  /** From and to days inclusive (Asia/Shanghai). */
  from: ZDay.optional(),
  to: ZDay.optional(),
  /** Visits to this person. */
  personId: ZId.optional(),
  /** Visits that reached this household: to it, or to one of its members. */
  householdId: ZId.optional(),
  /** A grid, or any area above it. */
  areaCode: ZAreaCode.optional(),
  gridCode: ZGridCode.optional(),
  flag: ZVisitFlag.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
})
export type TVisitListQuery = z.input<typeof ZVisitListQuery>

export const ZVisitList = z
  .object({
    items: z.array(ZVisit),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'VisitList' })
export type TVisitList = z.infer<typeof ZVisitList>

export const ZDueVisitsQuery = z.object({
  /** A grid or an area above it, inside the caller's jurisdiction; the caller's whole jurisdiction when left out. */
  areaCode: ZAreaCode.optional(),
  gridCode: ZGridCode.optional(),
  status: ZDueStatus.optional(),
  kind: ZVisitTargetKind.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  /** Large enough for a grid's whole list, which the field app keeps for offline use. */
  pageSize: z.coerce.number().int().min(1).max(2000).default(100),
})
export type TDueVisitsQuery = z.input<typeof ZDueVisitsQuery>

export const ZDueVisit = z
  .object({
    target: ZVisitTargetView,
    /** Masked address (a household's, or the person's). */
    address: z.string().nullable(),
    /** The person's household, or null (a household target is its own). */
    householdId: z.number().int().nullable(),
    rule: ZVisitRule,
    /** Special groups behind the rule and their risk level; empty for callers without registry.special. */
    groups: z.array(z.object({ group: z.enum(specialGroupKeys), riskLevel: z.enum(riskLevels) })),
    riskLevel: z.enum(riskLevels).nullable(),
    everyDays: z.number().int(),
    lastVisitedAt: z.iso.datetime().nullable(),
    lastVisitorName: z.string().nullable(),
    dueOn: ZDay,
    status: ZDueStatus,
    /** Days past the due date (negative: days left). */
    daysOverdue: z.number().int(),
  })
  .meta({ id: 'DueVisit' })
export type TDueVisit = z.infer<typeof ZDueVisit>

/** The caller's day against "日访十户": distinct households reached today in person (入户). */
export const ZVisitProgress = z
  .object({
    on: ZDay,
    householdsVisited: z.number().int(),
    target: z.number().int(),
    visits: z.number().int(),
  })
  .meta({ id: 'VisitProgress' })
export type TVisitProgress = z.infer<typeof ZVisitProgress>

export const ZDueVisits = z
  .object({
    /** Most urgent first: overdue (longest first), then by risk level, then the due date. */
    items: z.array(ZDueVisit),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    counts: z.object({ overdue: z.number().int(), due: z.number().int(), upcoming: z.number().int() }),
    today: ZVisitProgress,
    /** When this was computed (the field app shows the age of its cached copy). */
    asOf: z.iso.datetime(),
  })
  .meta({ id: 'DueVisits' })
export type TDueVisits = z.infer<typeof ZDueVisits>

const ZDays = z.number().int().min(1).max(366)

/** The plan's rates, district-wide. Defaults: 182, 15, the four family groups, 7/15/30, 10, 3. */
export const ZVisitPlanRates = z.object({
  ordinaryHouseholdDays: ZDays,
  specialFamilyDays: ZDays,
  /** Groups that make a member's household a 特殊家庭 (and are visited with it). */
  specialFamilyGroups: z.array(z.enum(specialGroupKeys)).max(specialGroupKeys.length),
  riskLevelDays: z.object({ red: ZDays, yellow: ZDays, green: ZDays }),
  /** 日访十户: households a grid worker visits in person each working day. */
  dailyHouseholdTarget: z.number().int().min(0).max(100),
  /** A target counts as due this many days before its date. */
  dueSoonDays: z.number().int().min(0).max(60),
})
export type TVisitPlanRates = z.infer<typeof ZVisitPlanRates>

export const ZVisitPlanSettings = ZVisitPlanRates.extend({
  version: z.number().int(),
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: z.string().nullable(),
}).meta({ id: 'VisitPlanSettings' })
export type TVisitPlanSettings = z.infer<typeof ZVisitPlanSettings>

/** updateVisitPlanSettings: the whole set of rates, at the version read (409 when it changed meanwhile). */
export const ZUpdateVisitPlanSettings = ZVisitPlanRates.extend({
  version: z.number().int().min(0),
  reason: ZText(200).optional(),
})
export type TUpdateVisitPlanSettings = z.input<typeof ZUpdateVisitPlanSettings>

export const ZVisitStatsQuery = z.object({
  /** The area whose grids are counted; the caller's jurisdiction when left out. */
  areaCode: ZAreaCode.optional(),
  /** The month whose visits are counted (YYYY-MM); this month by default. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份须为 YYYY-MM / month must be YYYY-MM')
    .optional(),
})
export type TVisitStatsQuery = z.input<typeof ZVisitStatsQuery>

const ZVisitCounts = {
  /** Targets in the plan. */
  targets: z.number().int(),
  overdue: z.number().int(),
  due: z.number().int(),
  /** Visits recorded in the month, and distinct targets they reached. */
  visits: z.number().int(),
  visitedTargets: z.number().int(),
  /** (targets − overdue) ÷ targets × 100, two decimals; null without targets (docs/KPI.md). */
  completionPercent: z.number().nullable(),
}

export const ZVisitStats = z
  .object({
    areaCode: z.string(),
    month: z.string(),
    asOf: z.iso.datetime(),
    total: z.object(ZVisitCounts),
    /** Every grid under the area, most overdue first. */
    grids: z.array(z.object({ gridCode: z.string(), gridName: z.string(), ...ZVisitCounts })),
  })
  .meta({ id: 'VisitStats' })
export type TVisitStats = z.infer<typeof ZVisitStats>
