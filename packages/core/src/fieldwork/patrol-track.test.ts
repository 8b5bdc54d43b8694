import { describe, expect, it } from 'vitest'
import { metresBetween, type TrackSample, trackRules, walkTrack } from './patrol-track.ts'

const t0 = Date.parse('2026-12-01T08:00:00+08:00')
/** Metres north of (116.6, 39.8) as latitude. */
const north = (m: number) => 39.8 + m / 111_195
const at = (s: number, m: number, accuracy = 8): TrackSample => ({
  at: t0 + s * 1000,
  lng: 116.6,
  lat: north(m),
  accuracy,
})

describe('walkTrack (the distance rule)', () => {
  it('measures a straight walk and joins every position', () => {
    const walk = Array.from({ length: 51 }, (_, i) => at(i * 20, i * 20))
    const { flags, distanceM } = walkTrack(walk)
    expect(distanceM).toBeCloseTo(1000, 0)
    expect(flags.every((f) => f.kept)).toBe(true)
    expect(flags.filter((f) => f.joined)).toHaveLength(50)
  })

  it('ignores positions worse than 100 m', () => {
    const { flags, distanceM } = walkTrack([at(0, 0), at(20, 20, 150), at(40, 40)])
    expect(flags.map((f) => f.kept)).toEqual([true, false, true])
    expect(distanceM).toBeCloseTo(40, 0)
  })

  it('drops a lone jump, and takes a jump the next positions confirm without counting it', () => {
    const glitch = walkTrack([at(0, 0), at(20, 20), at(40, 3000), at(60, 60), at(80, 80)])
    expect(glitch.flags.map((f) => f.kept)).toEqual([true, true, false, true, true])
    expect(glitch.distanceM).toBeCloseTo(80, 0)
    const moved = walkTrack([at(0, 0), at(20, 20), at(40, 5000), at(60, 5020), at(80, 5040), at(100, 5060)])
    expect(moved.flags.map((f) => f.kept)).toEqual([true, true, true, true, true, true])
    expect(moved.flags[2]?.joined).toBe(false)
    expect(moved.distanceM).toBeCloseTo(20 + 60, 0)
  })

  it('does not count standing still, nor a gap over 15 minutes', () => {
    const still = walkTrack([at(0, 0), at(20, 2), at(40, 1), at(60, 3), at(80, 30)])
    expect(still.flags.map((f) => f.kept)).toEqual([true, false, false, false, true])
    expect(still.distanceM).toBeCloseTo(30, 0)
    const gap = walkTrack([at(0, 0), at(20, 20), at(20 + trackRules.maxGapS + 1, 400), at(1000, 420)])
    expect(gap.flags.map((f) => f.joined)).toEqual([false, true, false, true])
    expect(gap.distanceM).toBeCloseTo(40, 0)
  })

  it('measures like the server (haversine within 0.5 % of the ellipsoid at this scale)', () => {
    expect(metresBetween({ lng: 116.6, lat: 39.8 }, { lng: 116.61, lat: 39.8 })).toBeCloseTo(855, -1)
  })
})
