import { z } from 'zod'
import { ZAreaCode, ZGridCode } from './grids.ts'

/**
 * Patrols (巡查), attendance check-ins (签到) and patrol coverage (覆盖率).
 *
 * A patrol is started by the field app with an id it chose itself (a UUID), so
 * that the points it records offline can be appended to a patrol the server has
 * not seen yet; the app's queue always sends the start first, and starting the
 * same id twice answers the patrol already started. Points are unique per
 * (patrol, at): a point sent again is ignored. Points that arrive after the end
 * (late, from the same day's queue) are still taken.
 *
 * Distance counts only usable points: accuracy no worse than 100 m, no
 * impossible jump (faster than 30 m/s from the last usable point, unless the
 * next points confirm the new place), and a move of at least 5 m (standing
 * still is not walking). See docs/KPI.md.
 *
 * Coverage of a grid on a day = area of (grid ∩ 30 m buffer of the union of
 * every patrol track in the grid that day) ÷ area of the grid, 0..1, measured
 * in metres in the grid's own frame; a grid is patrolled on a day when at
 * least 100 m were walked in it. Days are calendar days in China time (UTC+8).
 * See docs/KPI.md and ADR 0014.
 */

/** An instant with its offset, as phones send it (`2026-12-01T08:30:00+08:00` or `…Z`). */
export const ZInstant = z.iso.datetime({ offset: true })
/** A calendar day (China time). */
export const ZDay = z.iso.date()
export const ZPatrolId = z.uuid()

export const maxPointsPerBatch = 500
/** Points worse than this (metres) do not count for distance, tracks or coverage. */
export const usableAccuracyM = 100
/** Coverage is the share of a grid within this distance (metres) of the day's tracks. */
export const coverageBufferM = 30
/** A worker is on duty while a patrol of theirs is open and its last point is at most this old. */
export const onDutyWindowMinutes = 15
/** How far (minutes) a phone's clock may run ahead of the server's before its times are refused. */
export const clockSkewMinutes = 10

export const ZTrackPoint = z
  .object({
    /** When the phone took the position. */
    at: ZInstant,
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    /** Radius of the position's 68 % confidence, metres (the Geolocation API's `accuracy`). */
    accuracy: z.number().min(0).max(100_000),
    /** Metres per second, when the phone knows it. */
    speed: z.number().min(0).max(1_000).nullable().optional(),
    /** Degrees clockwise from true north, when the phone knows it. */
    heading: z.number().min(0).max(360).nullable().optional(),
  })
  .meta({ id: 'TrackPoint' })
export type TTrackPoint = z.infer<typeof ZTrackPoint>

export const ZPatrolIdParams = z.object({ id: ZPatrolId })

// ---------------------------------------------------------------- writes

/** startPatrol: POST /api/patrols. 201 when new, 200 with the patrol when this id was started before by the caller. */
export const ZStartPatrol = z.object({
  id: ZPatrolId,
  /** The phone's time of the start; refused when more than `clockSkewMinutes` ahead of the server. */
  startedAt: ZInstant,
  /** The first position, if the phone had one. */
  point: ZTrackPoint.optional(),
})
export type TStartPatrol = z.input<typeof ZStartPatrol>

/** appendPatrolPoints: POST /api/patrols/:id/points. */
export const ZAppendPatrolPoints = z.object({
  points: z.array(ZTrackPoint).min(1).max(maxPointsPerBatch),
})
export type TAppendPatrolPoints = z.input<typeof ZAppendPatrolPoints>

/** endPatrol: POST /api/patrols/:id/end. Ending an ended patrol answers it as it is. */
export const ZEndPatrol = z.object({
  endedAt: ZInstant,
})
export type TEndPatrol = z.input<typeof ZEndPatrol>

// ---------------------------------------------------------------- reads

const ZUserRef = z.object({ id: z.number().int(), name: z.string() })
const ZGridRef = z.object({ code: z.string(), name: z.string() })

export const ZLineString = z
  .object({
    type: z.literal('LineString'),
    coordinates: z.array(z.tuple([z.number(), z.number()])),
  })
  .meta({ id: 'LineString' })
export type TLineString = z.infer<typeof ZLineString>

export const ZLastPosition = z.object({
  at: z.string(),
  lng: z.number(),
  lat: z.number(),
  accuracy: z.number(),
})
export type TLastPosition = z.infer<typeof ZLastPosition>

export const ZPatrolSummary = z
  .object({
    id: z.string(),
    user: ZUserRef,
    /** The area the patrol belongs to: the worker's grid where it started (or the worker's posting). */
    areaCode: z.string(),
    areaName: z.string(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    status: z.enum(['open', 'ended']),
    /** Metres along the usable points. */
    distanceM: z.number(),
    /** Seconds from the start to the end (or to the last point while open). */
    durationS: z.number().int(),
    pointCount: z.number().int(),
    lastPoint: ZLastPosition.nullable(),
  })
  .meta({ id: 'PatrolSummary' })
export type TPatrolSummary = z.infer<typeof ZPatrolSummary>

/** A patrol with its track (null until two usable points). */
export const ZPatrol = ZPatrolSummary.extend({
  track: ZLineString.nullable(),
  /** Points received, and those that counted for the track (see the distance rule). */
  usablePointCount: z.number().int(),
}).meta({ id: 'Patrol' })
export type TPatrol = z.infer<typeof ZPatrol>

/** appendPatrolPoints' answer: how many points were new, how many were already there or refused. */
export const ZAppendPatrolPointsResult = z
  .object({
    accepted: z.number().int(),
    /** Already received (same time) or outside the patrol's time (before its start, ahead of the clock). */
    ignored: z.number().int(),
    patrol: ZPatrolSummary,
  })
  .meta({ id: 'AppendPatrolPointsResult' })
export type TAppendPatrolPointsResult = z.infer<typeof ZAppendPatrolPointsResult>

const ZBool = z.enum(['true', 'false']).transform((v) => v === 'true')

export const ZPatrolListQuery = z.object({
  userId: z.coerce.number().int().positive().optional(),
  /** Patrols that started on this day (China time). */
  day: ZDay.optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
  /** A street, community or grid within the caller's jurisdiction. */
  areaCode: ZAreaCode.optional(),
  status: z.enum(['open', 'ended']).optional(),
  /** Only the caller's own patrols. */
  mine: ZBool.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
})
export type TPatrolListQuery = z.input<typeof ZPatrolListQuery>

export const ZPatrolList = z
  .object({
    items: z.array(ZPatrolSummary),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'PatrolList' })
export type TPatrolList = z.infer<typeof ZPatrolList>

// ---------------------------------------------------------------- check-ins

export const checkInKinds = ['on', 'off'] as const
export const ZCheckInKind = z.enum(checkInKinds)

/**
 * checkIn: POST /api/check-ins (签到 / 签退). Always recorded; `inside` says
 * whether the position is in one of the worker's grids. A position counts as
 * inside when it lies in the grid's polygon or within its own accuracy of it,
 * the accuracy counted up to 50 m (`checkInToleranceM`): a poor fix just
 * outside the line is not held against the worker, a fix 1 km off is.
 */
export const ZCheckIn = z.object({
  at: ZInstant,
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  accuracy: z.number().min(0).max(100_000),
  kind: ZCheckInKind.default('on'),
})
export type TCheckIn = z.input<typeof ZCheckIn>
export const checkInToleranceM = 50

export const ZCheckInRecord = z
  .object({
    id: z.number().int(),
    user: ZUserRef,
    kind: ZCheckInKind,
    at: z.string(),
    receivedAt: z.string(),
    lng: z.number(),
    lat: z.number(),
    accuracy: z.number(),
    /** In (or within tolerance of) one of the worker's grids. */
    inside: z.boolean(),
    /** The worker's grid it was in, or the nearest of them when outside; null when the worker has no grid. */
    grid: ZGridRef.nullable(),
    /** Metres from that grid's boundary when outside; 0 when inside. */
    distanceM: z.number(),
  })
  .meta({ id: 'CheckInRecord' })
export type TCheckInRecord = z.infer<typeof ZCheckInRecord>

export const ZCheckInListQuery = z.object({
  userId: z.coerce.number().int().positive().optional(),
  day: ZDay.optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
  areaCode: ZAreaCode.optional(),
  inside: ZBool.optional(),
  mine: ZBool.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})
export type TCheckInListQuery = z.input<typeof ZCheckInListQuery>

export const ZCheckInList = z
  .object({
    items: z.array(ZCheckInRecord),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'CheckInList' })
export type TCheckInList = z.infer<typeof ZCheckInList>

// ---------------------------------------------------------------- a worker's day

export const ZWorkerDayQuery = z.object({
  /** Default: the caller. */
  userId: z.coerce.number().int().positive().optional(),
  day: ZDay,
})
export type TWorkerDayQuery = z.input<typeof ZWorkerDayQuery>

export const ZWorkerDayCase = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  status: z.string(),
  reportedAt: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
})
export type TWorkerDayCase = z.infer<typeof ZWorkerDayCase>

/** getWorkerDay: one worker's day — tracks, check-ins and the cases they reported. Visits come from listVisits. */
export const ZWorkerDay = z
  .object({
    user: ZUserRef,
    day: z.string(),
    grids: z.array(ZGridRef),
    patrols: z.array(ZPatrol),
    checkIns: z.array(ZCheckInRecord),
    cases: z.array(ZWorkerDayCase),
    distanceM: z.number(),
    durationS: z.number().int(),
  })
  .meta({ id: 'WorkerDay' })
export type TWorkerDay = z.infer<typeof ZWorkerDay>

/** The grid workers one may look at (for the console's worker picker): people with patrols or grids in scope. */
export const ZFieldWorkerQuery = z.object({
  areaCode: ZAreaCode.optional(),
  q: z.string().trim().max(40).optional(),
})
export const ZFieldWorkerList = z
  .object({
    items: z.array(ZUserRef.extend({ grids: z.array(ZGridRef) })),
  })
  .meta({ id: 'FieldWorkerList' })
export type TFieldWorkerList = z.infer<typeof ZFieldWorkerList>

// ---------------------------------------------------------------- coverage

/** getPatrolCoverage: GET /api/patrols/coverage?areaCode|gridCode&from&to (at most 92 days). */
export const ZPatrolCoverageQuery = z.object({
  areaCode: ZAreaCode.optional(),
  gridCode: ZGridCode.optional(),
  from: ZDay,
  to: ZDay,
})
export type TPatrolCoverageQuery = z.input<typeof ZPatrolCoverageQuery>
export const maxCoverageDays = 92
export const maxCoverageCells = 40_000

export const ZGridDay = z.object({
  day: z.string(),
  /** At least 100 m walked inside the grid that day. */
  patrolled: z.boolean(),
  distanceM: z.number(),
  durationS: z.number().int(),
  /** Share of the grid's area within 30 m of the day's tracks, 0..1. */
  coverage: z.number(),
  /** How many workers patrolled in the grid that day. */
  workers: z.number().int(),
})
export type TGridDay = z.infer<typeof ZGridDay>

export const ZGridCoverage = z.object({
  code: z.string(),
  name: z.string(),
  /** One entry per day of the range, in order (days without a patrol: patrolled false, zeros). */
  days: z.array(ZGridDay),
  patrolledDays: z.number().int(),
  /** Mean of the days' coverage over the whole range. */
  meanCoverage: z.number(),
})
export type TGridCoverage = z.infer<typeof ZGridCoverage>

export const ZPatrolCoverage = z
  .object({
    from: z.string(),
    to: z.string(),
    grids: z.array(ZGridCoverage),
  })
  .meta({ id: 'PatrolCoverage' })
export type TPatrolCoverage = z.infer<typeof ZPatrolCoverage>

// ---------------------------------------------------------------- on duty

export const ZOnDutyQuery = z.object({ areaCode: ZAreaCode.optional() })

export const ZOnDutyPosition = z.object({
  user: ZUserRef,
  patrolId: z.string(),
  startedAt: z.string(),
  /** The grid the position is in, when it is in one of the caller's jurisdiction. */
  grid: ZGridRef.nullable(),
  at: z.string(),
  lng: z.number(),
  lat: z.number(),
  accuracy: z.number(),
  distanceM: z.number(),
})
export type TOnDutyPosition = z.infer<typeof ZOnDutyPosition>

/** listOnDutyPositions: the latest position of each worker in scope on duty now; nobody else. */
export const ZOnDutyPositions = z
  .object({
    at: z.string(),
    items: z.array(ZOnDutyPosition),
  })
  .meta({ id: 'OnDutyPositions' })
export type TOnDutyPositions = z.infer<typeof ZOnDutyPositions>
