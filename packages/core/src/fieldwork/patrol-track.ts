/**
 * Which positions of a patrol count, and how far the worker walked: the one
 * rule the server stores and the field app shows while walking.
 *
 * A position counts (is "kept") when:
 * 1. its accuracy is no worse than `maxAccuracyM` (100 m);
 * 2. it is not an impossible jump: the speed from the last kept position is at
 *    most `maxSpeedMps` (30 m/s, 108 km/h). A jump is taken after all when the
 *    next positions confirm it (`confirmJump` in a row, consistent with one
 *    another): the worker really is there (a bus, or the earlier fix was the
 *    glitch). The jump itself is not walked distance;
 * 3. it moved at least `minMoveM` (5 m) from the last kept position: standing
 *    still with a wandering fix is not walking.
 *
 * Two consecutive kept positions are joined by a segment — walked distance,
 * drawn track, coverage — unless the worker jumped between them or more than
 * `maxGapS` (15 min) passed (the app was closed, the phone off).
 */
export const trackRules = {
  maxAccuracyM: 100,
  maxSpeedMps: 30,
  minMoveM: 5,
  confirmJump: 3,
  maxGapS: 15 * 60,
} as const

export type TrackSample = {
  /** Milliseconds since the epoch. */
  at: number
  lng: number
  lat: number
  accuracy: number
}

export type TrackFlags = {
  /** The position counts for the track. */
  kept: boolean
  /** A kept position joined to the previous kept one by a walked segment. */
  joined: boolean
  /** That previous kept position's index, when joined. */
  from: number | null
}

const earthRadiusM = 6_371_008.8
const rad = Math.PI / 180

/** Great-circle distance in metres (haversine on the mean Earth radius). */
export function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)))
}

function speedBetween(a: TrackSample, b: TrackSample): number {
  const dt = (b.at - a.at) / 1000
  if (dt <= 0) return Number.POSITIVE_INFINITY
  return metresBetween(a, b) / dt
}

/**
 * The flags of each sample (in the order given, which must be by time) and the
 * walked distance: the sum of the joined segments.
 */
export function walkTrack(samples: readonly TrackSample[]): { flags: TrackFlags[]; distanceM: number } {
  const flags: TrackFlags[] = samples.map(() => ({ kept: false, joined: false, from: null }))
  let last = -1
  /** Positions that jumped away from `last`, consistent with one another. */
  let pending: number[] = []
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as TrackSample
    if (!(s.accuracy <= trackRules.maxAccuracyM)) continue
    if (last < 0) {
      ;(flags[i] as TrackFlags).kept = true
      last = i
      continue
    }
    const from = samples[last] as TrackSample
    if (s.at <= from.at) continue
    if (speedBetween(from, s) > trackRules.maxSpeedMps) {
      const previous = pending[pending.length - 1]
      if (
        previous !== undefined &&
        speedBetween(samples[previous] as TrackSample, s) <= trackRules.maxSpeedMps
      )
        pending.push(i)
      else pending = [i]
      if (pending.length >= trackRules.confirmJump) {
        // Confirmed: the worker is over there. Keep the run, joined among itself, not to before the jump.
        let prior = -1
        for (const j of pending) {
          const f = flags[j] as TrackFlags
          f.kept = true
          if (prior >= 0 && metresBetween(samples[prior] as TrackSample, samples[j] as TrackSample) > 0) {
            f.joined = true
            f.from = prior
          }
          prior = j
        }
        last = prior
        pending = []
      }
      continue
    }
    pending = []
    if (metresBetween(from, s) < trackRules.minMoveM) continue
    const f = flags[i] as TrackFlags
    f.kept = true
    if ((s.at - from.at) / 1000 <= trackRules.maxGapS) {
      f.joined = true
      f.from = last
    }
    last = i
  }
  let distanceM = 0
  for (let i = 0; i < samples.length; i++) {
    const f = flags[i] as TrackFlags
    if (f.joined && f.from !== null)
      distanceM += metresBetween(samples[f.from] as TrackSample, samples[i] as TrackSample)
  }
  return { flags, distanceM }
}
