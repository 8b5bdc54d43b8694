import type { TTrackPoint } from '@onegrid/core/api/patrols'
import { walkTrack } from '@onegrid/core/fieldwork/patrol-track'
import { deleteMeta, getMeta, setMeta } from '../../offline/db.ts'
import { enqueue, newClientId, outboxOwner } from '../../offline/outbox.ts'

/**
 * A patrol on the phone (巡查): its id (chosen here, so the points recorded without signal can follow
 * the start in the queue), the positions recorded so far and those not yet queued. Kept in IndexedDB
 * after every position, so the app can be closed and reopened mid-patrol without losing any; every
 * write to the server goes through the queue (startPatrol, appendPatrolPoints in batches, endPatrol).
 */
export interface ActivePatrol {
  id: string
  startedAt: string
  /** Every position recorded, for the track on the map and the running distance. */
  points: TTrackPoint[]
  /** Positions not yet handed to the queue. */
  unsent: TTrackPoint[]
  /** Epoch ms when positions were last handed to the queue. */
  queuedAt: number
  owner: number | null
}

/** Labels of the queued writes, already translated (the pending list shows them). */
export interface PatrolLabels {
  start: string
  points: (n: number) => string
  end: string
}

/** Positions are handed to the queue ten at a time, or every three minutes, whichever comes first. */
export const batchPoints = 10
export const batchMs = 3 * 60_000
/** How often a position is recorded (seconds): the worker's choice, 20 s unless changed. */
export const intervalChoices = [10, 20, 30, 60] as const
export const defaultIntervalS = 20
const intervalKey = 'onegrid.field.patrol.intervalS'

export function intervalSeconds(storage: Pick<Storage, 'getItem'> = localStorage): number {
  const stored = Number(storage.getItem(intervalKey))
  return (intervalChoices as readonly number[]).includes(stored) ? stored : defaultIntervalS
}

export function setIntervalSeconds(seconds: number, storage: Pick<Storage, 'setItem'> = localStorage): void {
  if ((intervalChoices as readonly number[]).includes(seconds)) storage.setItem(intervalKey, String(seconds))
}

const keyOf = (owner: number | null) => `patrol.active.${owner ?? 'anonymous'}`

export async function loadActivePatrol(owner = outboxOwner()): Promise<ActivePatrol | null> {
  return (await getMeta<ActivePatrol>(keyOf(owner))) ?? null
}

async function save(patrol: ActivePatrol): Promise<void> {
  await setMeta(keyOf(patrol.owner), patrol)
}

/** A position as the server takes it: seven decimals (about a centimetre), accuracy to a decimetre. */
export function trackPoint(
  at: Date,
  coords: {
    longitude: number
    latitude: number
    accuracy: number
    speed?: number | null
    heading?: number | null
  },
): TTrackPoint {
  const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits
  return {
    at: at.toISOString(),
    lng: round(coords.longitude, 7),
    lat: round(coords.latitude, 7),
    accuracy: round(Math.max(0, coords.accuracy), 1),
    ...(coords.speed !== undefined && coords.speed !== null && Number.isFinite(coords.speed)
      ? { speed: round(Math.max(0, coords.speed), 2) }
      : {}),
    ...(coords.heading !== undefined && coords.heading !== null && Number.isFinite(coords.heading)
      ? { heading: round(coords.heading, 1) }
      : {}),
  }
}

/** Distance walked (the server's rule: core/fieldwork/patrol-track.ts) and time since the start. */
export function patrolFigures(
  patrol: Pick<ActivePatrol, 'startedAt' | 'points'>,
  now: Date,
): { distanceM: number; durationS: number; usable: number } {
  const { flags, distanceM } = walkTrack(
    patrol.points.map((p) => ({ at: Date.parse(p.at), lng: p.lng, lat: p.lat, accuracy: p.accuracy })),
  )
  return {
    distanceM,
    durationS: Math.max(0, Math.round((now.getTime() - Date.parse(patrol.startedAt)) / 1000)),
    usable: flags.filter((f) => f.kept).length,
  }
}

/** The positions that count, in order, as [lat, lng] for the map's line. */
export function trackLatLngs(points: readonly TTrackPoint[]): [number, number][] {
  const { flags } = walkTrack(
    points.map((p) => ({ at: Date.parse(p.at), lng: p.lng, lat: p.lat, accuracy: p.accuracy })),
  )
  return points.flatMap((p, i) => (flags[i]?.kept ? [[p.lat, p.lng] as [number, number]] : []))
}

export async function startPatrol(
  labels: PatrolLabels,
  first: TTrackPoint | null,
  now = new Date(),
): Promise<ActivePatrol> {
  const patrol: ActivePatrol = {
    id: newClientId(),
    startedAt: now.toISOString(),
    points: first ? [first] : [],
    unsent: [],
    queuedAt: now.getTime(),
    owner: outboxOwner(),
  }
  await save(patrol)
  await enqueue({
    operation: 'startPatrol',
    body: { id: patrol.id, startedAt: patrol.startedAt, ...(first ? { point: first } : {}) },
    label: labels.start,
  })
  return patrol
}

/** Hands the unsent positions to the queue as one appendPatrolPoints. */
export async function queuePoints(
  patrol: ActivePatrol,
  labels: PatrolLabels,
  now = new Date(),
): Promise<ActivePatrol> {
  if (patrol.unsent.length === 0) return patrol
  const points = patrol.unsent
  const next = { ...patrol, unsent: [], queuedAt: now.getTime() }
  // Queued first, then forgotten here: a crash between the two sends a batch twice, and the server ignores repeats.
  await enqueue({
    operation: 'appendPatrolPoints',
    params: { id: patrol.id },
    body: { points },
    label: labels.points(points.length),
  })
  await save(next)
  return next
}

/** Records a position; hands a batch to the queue when it is full or old enough. */
export async function recordPosition(
  patrol: ActivePatrol,
  point: TTrackPoint,
  labels: PatrolLabels,
  now = new Date(),
): Promise<ActivePatrol> {
  const last = patrol.points.at(-1)
  if (last && Date.parse(point.at) <= Date.parse(last.at)) return patrol
  const next = { ...patrol, points: [...patrol.points, point], unsent: [...patrol.unsent, point] }
  await save(next)
  return next.unsent.length >= batchPoints || now.getTime() - next.queuedAt >= batchMs
    ? queuePoints(next, labels, now)
    : next
}

/** Ends the patrol: the last positions, then the end, into the queue; the phone forgets it. */
export async function endPatrol(
  patrol: ActivePatrol,
  labels: PatrolLabels,
  now = new Date(),
): Promise<ActivePatrol> {
  const flushed = await queuePoints(patrol, labels, now)
  await enqueue({
    operation: 'endPatrol',
    params: { id: patrol.id },
    body: { endedAt: now.toISOString() },
    label: labels.end,
  })
  await deleteMeta(keyOf(patrol.owner))
  return flushed
}
