import { z } from 'zod'

/**
 * Staff on grids (定格、定人、定责): who is posted to each grid, the grid workers'
 * employment, training and qualifications, and the household load per worker.
 * A posting is a role assignment of the identity module scoped to the grid.
 */

/** Roles a grid's staff set is made of; `dept_handler` at a grid is a department liaison (部门联络员). */
export const gridStaffRoles = ['grid_leader', 'grid_worker', 'supervisor', 'dept_handler'] as const
export const ZGridStaffRole = z.enum(gridStaffRoles)
export type TGridStaffRole = z.infer<typeof ZGridStaffRole>

/** Roles the qualification threshold and the training hours apply to. */
export const qualifiedRoles: readonly TGridStaffRole[] = ['grid_leader', 'grid_worker']

export const employmentTypes = ['full_time', 'part_time'] as const
export const ZEmployment = z.enum(employmentTypes)
export type TEmployment = z.infer<typeof ZEmployment>

/** A calendar day, YYYY-MM-DD (China time). */
export const ZDay = z.iso.date()

const ZAreaCodeParam = z.string().regex(/^\d{6,15}$/)
export const ZGridStaffParams = z.object({ code: ZAreaCodeParam })
export const ZGridWorkerParams = z.object({ userId: z.coerce.number().int().positive() })

/** The thresholds in force (configuration), so clients can explain a flag. */
export const ZGridStaffLimits = z
  .object({
    /** A grid worker's household load above this is a warning. */
    maxHouseholds: z.number().int(),
    /** Training hours needed in the last 12 months. */
    minTrainingHours: z.number(),
    /** Whether an unqualified grid worker or leader may be put on a grid at all. */
    requireQualification: z.boolean(),
  })
  .meta({ id: 'GridStaffLimits' })
export type TGridStaffLimits = z.infer<typeof ZGridStaffLimits>

export const qualificationGaps = ['no_valid_qualification', 'insufficient_training'] as const
export const ZQualificationStatus = z
  .object({
    /** A valid (issued, unexpired) qualification and enough training hours in the last 12 months. */
    qualified: z.boolean(),
    hasValidQualification: z.boolean(),
    /** The earliest expiry among the valid qualifications; null when none is valid or none expires. */
    validUntil: ZDay.nullable(),
    trainingHours12m: z.number(),
    /** What is missing when not qualified. */
    gaps: z.array(z.enum(qualificationGaps)),
  })
  .meta({ id: 'QualificationStatus' })
export type TQualificationStatus = z.infer<typeof ZQualificationStatus>

export const ZGridStaffMember = z
  .object({
    assignmentId: z.number().int(),
    userId: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'disabled']),
    role: ZGridStaffRole,
    /** For a department liaison: the department (unit) they belong to. */
    units: z.array(z.object({ id: z.number().int(), name: z.string() })),
    employment: ZEmployment.nullable(),
    /** Grid workers and leaders only. */
    qualification: ZQualificationStatus.nullable(),
    /** Grid workers only: Σ over their grids of households ÷ grid workers on that grid. */
    load: z.number().nullable(),
    /** How many grids this person serves in this role. */
    gridCount: z.number().int(),
  })
  .meta({ id: 'GridStaffMember' })
export type TGridStaffMember = z.infer<typeof ZGridStaffMember>

export const ZGridStaffWarning = z
  .object({
    kind: z.enum(['overloaded', 'unqualified']),
    userId: z.number().int(),
    displayName: z.string(),
    /** The worker's household load (overloaded). */
    load: z.number().nullable(),
    /** The threshold it was compared with. */
    limit: z.number(),
    /** The warning in the caller's language. */
    message: z.string(),
  })
  .meta({ id: 'GridStaffWarning' })
export type TGridStaffWarning = z.infer<typeof ZGridStaffWarning>

export const ZGridStaff = z
  .object({
    grid: z.object({
      code: z.string(),
      name: z.string(),
      /** The planning figure of the grid's households. */
      households: z.number().int().nullable(),
    }),
    workers: z.number().int(),
    /** households ÷ grid workers on this grid; null when nobody is posted or households are unknown. */
    householdsPerWorker: z.number().nullable(),
    items: z.array(ZGridStaffMember),
    warnings: z.array(ZGridStaffWarning),
    limits: ZGridStaffLimits,
  })
  .meta({ id: 'GridStaff' })
export type TGridStaff = z.infer<typeof ZGridStaff>

export const maxGridStaff = 40
export const ZAssignGridStaffBody = z.object({
  /** The grid's whole staff set: who is not listed is taken off the grid. */
  staff: z.array(z.object({ userId: z.number().int().positive(), role: ZGridStaffRole })).max(maxGridStaff),
})
export type TAssignGridStaffBody = z.infer<typeof ZAssignGridStaffBody>

// ---------------------------------------------------------------- staffing of a subtree (the map)

export const ZGridStaffingQuery = z.object({ under: ZAreaCodeParam.optional() })
export type TGridStaffingQuery = z.infer<typeof ZGridStaffingQuery>

export const ZGridStaffingRow = z
  .object({
    code: z.string(),
    name: z.string(),
    households: z.number().int().nullable(),
    workers: z.number().int(),
    leaders: z.number().int(),
    supervisors: z.number().int(),
    liaisons: z.number().int(),
    /** Grid workers and leaders on this grid who are not qualified. */
    unqualified: z.number().int(),
    householdsPerWorker: z.number().nullable(),
    /** The highest load among this grid's workers (a worker may serve several grids). */
    maxWorkerLoad: z.number().nullable(),
    overloaded: z.boolean(),
  })
  .meta({ id: 'GridStaffingRow' })
export type TGridStaffingRow = z.infer<typeof ZGridStaffingRow>

export const ZGridStaffing = z
  .object({
    /** The area asked for; null for the caller's whole jurisdiction. */
    under: z.string().nullable(),
    items: z.array(ZGridStaffingRow),
    totals: z.object({
      grids: z.number().int(),
      withoutWorker: z.number().int(),
      withoutLeader: z.number().int(),
      overloaded: z.number().int(),
      unqualified: z.number().int(),
    }),
    limits: ZGridStaffLimits,
  })
  .meta({ id: 'GridStaffing' })
export type TGridStaffing = z.infer<typeof ZGridStaffing>

// ---------------------------------------------------------------- grid workers (roster and profile)

export const ZTraining = z
  .object({
    id: z.number().int(),
    course: z.string(),
    hours: z.number(),
    completedOn: ZDay,
    /** Counts towards the last 12 months' hours. */
    recent: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'WorkerTraining' })
export type TTraining = z.infer<typeof ZTraining>

export const ZQualification = z
  .object({
    id: z.number().int(),
    name: z.string(),
    certificateNo: z.string(),
    issuedOn: ZDay,
    expiresOn: ZDay.nullable(),
    valid: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'WorkerQualification' })
export type TQualification = z.infer<typeof ZQualification>

export const ZWorkerPosting = z.object({
  assignmentId: z.number().int(),
  role: ZGridStaffRole,
  areaCode: z.string(),
  areaName: z.string(),
  /** For a posting on a grid: its households. */
  households: z.number().int().nullable(),
})
export type TWorkerPosting = z.infer<typeof ZWorkerPosting>

export const ZWorkerProfile = z
  .object({
    userId: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'disabled']),
    employment: ZEmployment.nullable(),
    hiredOn: ZDay.nullable(),
    note: z.string().nullable(),
    /** Postings within the caller's jurisdiction. */
    postings: z.array(ZWorkerPosting),
    load: z.number().nullable(),
    qualification: ZQualificationStatus,
    trainings: z.array(ZTraining),
    qualifications: z.array(ZQualification),
    limits: ZGridStaffLimits,
  })
  .meta({ id: 'WorkerProfile' })
export type TWorkerProfile = z.infer<typeof ZWorkerProfile>

export const ZUpdateWorkerProfileBody = z
  .object({
    employment: ZEmployment.optional(),
    hiredOn: ZDay.nullable().optional(),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容 / nothing to change' })
export type TUpdateWorkerProfileBody = z.infer<typeof ZUpdateWorkerProfileBody>

export const ZAddTrainingBody = z.object({
  course: z.string().trim().min(2).max(100),
  hours: z.number().positive().max(200),
  completedOn: ZDay,
})
export type TAddTrainingBody = z.infer<typeof ZAddTrainingBody>

export const ZAddQualificationBody = z.object({
  name: z.string().trim().min(2).max(100),
  certificateNo: z.string().trim().min(1).max(50),
  issuedOn: ZDay,
  /** Null or absent: does not expire. */
  expiresOn: ZDay.nullable().optional(),
})
export type TAddQualificationBody = z.infer<typeof ZAddQualificationBody>

export const ZGridWorkerListQuery = z.object({
  /** Only workers posted under this area (inclusive). */
  under: ZAreaCodeParam.optional(),
  /** Part of the username or name. */
  q: z.string().trim().min(1).max(50).optional(),
  qualified: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  role: z.enum(['grid_leader', 'grid_worker']).optional(),
  employment: ZEmployment.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
})
export type TGridWorkerListQuery = z.infer<typeof ZGridWorkerListQuery>

export const ZGridWorkerRow = z
  .object({
    userId: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'disabled']),
    roles: z.array(ZGridStaffRole),
    /** Postings within the caller's jurisdiction (grids, or larger areas for someone not yet on a grid). */
    postings: z.array(ZWorkerPosting),
    employment: ZEmployment.nullable(),
    hiredOn: ZDay.nullable(),
    load: z.number().nullable(),
    qualification: ZQualificationStatus,
  })
  .meta({ id: 'GridWorkerRow' })
export type TGridWorkerRow = z.infer<typeof ZGridWorkerRow>

export const ZGridWorkerList = z
  .object({ items: z.array(ZGridWorkerRow), total: z.number().int(), limits: ZGridStaffLimits })
  .meta({ id: 'GridWorkerList' })
export type TGridWorkerList = z.infer<typeof ZGridWorkerList>
