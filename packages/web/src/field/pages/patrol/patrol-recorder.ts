import type { TTrackPoint } from '@onegrid/core/api/patrols'
import { type Ref, readonly, ref, shallowRef } from 'vue'
import { outboxOwner } from '../../offline/outbox.ts'
import {
  type ActivePatrol,
  endPatrol,
  intervalSeconds,
  loadActivePatrol,
  type PatrolLabels,
  queuePoints,
  recordPosition,
  startPatrol,
  trackPoint,
} from './patrol-session.ts'

/**
 * The phone's patrol recorder: one for the app, so it keeps recording while the worker opens other
 * tabs (reports, visits), and picks up a patrol left running when the app was closed. It watches the
 * position and records the latest fix every `intervalSeconds()`; a fix older than a minute is not
 * recorded again (the phone lost its position: no made-up track).
 */

export type Translate = (key: string, params?: Record<string, unknown>) => string

export interface Fix {
  lng: number
  lat: number
  accuracy: number
  speed: number | null
  heading: number | null
  /** Epoch ms of the fix. */
  at: number
}

const active = shallowRef<ActivePatrol | null>(null)
const fix = shallowRef<Fix | null>(null)
const geoError = ref<'denied' | 'unavailable' | null>(null)
let watchId: number | undefined
let timer: ReturnType<typeof setInterval> | undefined
let translate: Translate = (key) => key
/** Writes one after another, so positions never race the end. */
let chain: Promise<unknown> = Promise.resolve()
const staleFixMs = 60_000

const labels = (): PatrolLabels => ({
  start: translate('field.patrol.queue.start'),
  points: (n) => translate('field.patrol.queue.points', { n }),
  end: translate('field.patrol.queue.end'),
})

function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = chain.then(work, work)
  chain = next.catch(() => undefined)
  return next
}

function watchPosition(): void {
  if (watchId !== undefined || !('geolocation' in navigator)) {
    if (!('geolocation' in navigator)) geoError.value = 'unavailable'
    return
  }
  watchId = navigator.geolocation.watchPosition(
    (position) => {
      geoError.value = null
      fix.value = {
        lng: position.coords.longitude,
        lat: position.coords.latitude,
        accuracy: position.coords.accuracy,
        speed: position.coords.speed,
        heading: position.coords.heading,
        at: Date.now(),
      }
    },
    (error) => {
      geoError.value = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'
    },
    { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
  )
}

function stopWatching(): void {
  if (watchId !== undefined) navigator.geolocation.clearWatch(watchId)
  watchId = undefined
  if (timer !== undefined) clearInterval(timer)
  timer = undefined
}

function pointOf(f: Fix, at: Date): TTrackPoint {
  return trackPoint(at, {
    longitude: f.lng,
    latitude: f.lat,
    accuracy: f.accuracy,
    speed: f.speed,
    heading: f.heading,
  })
}

/** Records the latest fix now, if there is a fresh one. */
async function tick(): Promise<void> {
  const patrol = active.value
  const f = fix.value
  const now = new Date()
  if (!patrol || !f || now.getTime() - f.at > staleFixMs) return
  const next = await recordPosition(patrol, pointOf(f, now), labels(), now)
  if (active.value?.id === next.id) active.value = next
}

let flushOnHide = false

function run(): void {
  watchPosition()
  if (!flushOnHide && typeof document !== 'undefined') {
    flushOnHide = true
    // The app may be closed from the background: what is recorded goes to the queue before that.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void flushPatrol()
    })
  }
  if (timer !== undefined) clearInterval(timer)
  timer = setInterval(() => void serial(tick), intervalSeconds() * 1000)
}

/** A fix no older than `maxAgeMs`, waiting up to `timeoutMs` for one. */
export async function currentFix(maxAgeMs = 30_000, timeoutMs = 15_000): Promise<Fix | null> {
  const f = fix.value
  if (f && Date.now() - f.at <= maxAgeMs) return f
  if (!('geolocation' in navigator)) return null
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const got: Fix = {
          lng: position.coords.longitude,
          lat: position.coords.latitude,
          accuracy: position.coords.accuracy,
          speed: position.coords.speed,
          heading: position.coords.heading,
          at: Date.now(),
        }
        fix.value = got
        geoError.value = null
        resolve(got)
      },
      (error) => {
        geoError.value = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'
        resolve(null)
      },
      { enableHighAccuracy: true, maximumAge, timeout: timeoutMs },
    )
  })
}
const maximumAge = 10_000

/** Picks up the signed-in worker's patrol left running (after a restart); does nothing otherwise. */
export async function resumePatrol(t: Translate): Promise<void> {
  translate = t
  if (active.value || outboxOwner() === null) return
  const found = await loadActivePatrol()
  if (!found || active.value) return
  active.value = found
  run()
}

export async function beginPatrol(t: Translate): Promise<ActivePatrol> {
  translate = t
  if (active.value) return active.value
  watchPosition()
  const first = await currentFix(30_000, 10_000)
  const patrol = await serial(() => startPatrol(labels(), first ? pointOf(first, new Date()) : null))
  active.value = patrol
  run()
  return patrol
}

/** Ends the patrol; answers it as it was, with its positions, for the summary. */
export async function finishPatrol(t: Translate): Promise<ActivePatrol | null> {
  translate = t
  const patrol = active.value
  if (!patrol) return null
  stopWatching()
  await serial(tick)
  const last = active.value ?? patrol
  await serial(() => endPatrol(last, labels()))
  active.value = null
  return last
}

/** Hands what is recorded to the queue now (the app goes to the background). */
export async function flushPatrol(): Promise<void> {
  const patrol = active.value
  if (!patrol) return
  const next = await serial(() => queuePoints(patrol, labels()))
  if (active.value?.id === next.id) active.value = next
}

/** A new recording interval takes effect at once. */
export function restartTimer(): void {
  if (active.value) run()
}

/** Keeps the position watched while the patrol page is open (for 签到 and the map) without a patrol. */
export function watchWhileOpen(): () => void {
  watchPosition()
  return () => {
    if (!active.value) stopWatching()
  }
}

export function usePatrolRecorder(): {
  active: Readonly<Ref<ActivePatrol | null>>
  fix: Readonly<Ref<Fix | null>>
  geoError: Readonly<Ref<'denied' | 'unavailable' | null>>
} {
  return {
    active: readonly(active) as Readonly<Ref<ActivePatrol | null>>,
    fix: readonly(fix) as Readonly<Ref<Fix | null>>,
    geoError: readonly(geoError),
  }
}
