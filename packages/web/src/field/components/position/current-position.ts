/** A GPS fix: WGS84 degrees and the accuracy in metres. */
export interface Fix {
  lng: number
  lat: number
  accuracy: number
}

export type FixFailure = 'denied' | 'unavailable'

/** Why a fix could not be had, for the page to say. */
export class FixError extends Error {
  constructor(readonly reason: FixFailure) {
    super(reason)
  }
}

/**
 * The phone's position once: a fresh fix (or one at most `maximumAge` old), within `timeout`.
 * Rejects with a FixError: `denied` when the user refused, `unavailable` otherwise.
 */
export function currentPosition(options: { timeout?: number; maximumAge?: number } = {}): Promise<Fix> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      reject(new FixError('unavailable'))
      return
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lng: p.coords.longitude,
          lat: p.coords.latitude,
          accuracy: Math.round(p.coords.accuracy),
        }),
      (e) => reject(new FixError(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable')),
      {
        enableHighAccuracy: true,
        timeout: options.timeout ?? 20_000,
        maximumAge: options.maximumAge ?? 30_000,
      },
    )
  })
}

/** Degrees rounded to about a metre, as the server keeps them. */
export const roundDegrees = (v: number) => Math.round(v * 1e6) / 1e6
