import type { TMe } from '@onegrid/core/api/identity'

/**
 * The field app's sign-in kept on the phone: the bearer token and the user it belongs to, so the app
 * opens signed in from its cache without signal. With "remember this device" they are kept in
 * localStorage (the server keeps such a session 30 idle days); otherwise in sessionStorage, forgotten
 * when the browser closes the tab.
 */
export interface DeviceSession {
  /** The session token, sent as `Authorization: Bearer`; null when signed in by the cookie alone. */
  token: string | null
  me: TMe
  remember: boolean
  /** Epoch ms of the last answer of GET /api/me. */
  checkedAt: number
}

const key = 'onegrid.field.session'

function storages(): Storage[] {
  const found: Storage[] = []
  try {
    if (typeof localStorage !== 'undefined') found.push(localStorage)
    if (typeof sessionStorage !== 'undefined') found.push(sessionStorage)
  } catch {
    // Storage refused (a privacy mode): the app still works, signed in for the page's life.
  }
  return found
}

function isDeviceSession(value: unknown): value is DeviceSession {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    (v.token === null || typeof v.token === 'string') &&
    typeof v.me === 'object' &&
    v.me !== null &&
    typeof v.remember === 'boolean' &&
    typeof v.checkedAt === 'number'
  )
}

let current: DeviceSession | null | undefined

/** The session kept on the device, or null. */
export function deviceSession(): DeviceSession | null {
  if (current !== undefined) return current
  current = null
  for (const storage of storages()) {
    try {
      const raw = storage.getItem(key)
      const parsed: unknown = raw ? JSON.parse(raw) : null
      if (isDeviceSession(parsed)) {
        current = parsed
        break
      }
    } catch {
      // A damaged entry is no session.
    }
  }
  return current
}

export function saveDeviceSession(session: DeviceSession): void {
  current = session
  for (const storage of storages()) {
    try {
      storage.removeItem(key)
    } catch {
      // ignore
    }
  }
  const storage = storages()[session.remember ? 0 : 1] ?? storages()[0]
  try {
    storage?.setItem(key, JSON.stringify(session))
  } catch {
    // Full or refused: kept in memory for this page.
  }
}

/** Keeps the latest answer of GET /api/me with the token. */
export function updateDeviceMe(me: TMe, checkedAt = Date.now()): void {
  const session = deviceSession()
  if (session) saveDeviceSession({ ...session, me, checkedAt })
}

export function clearDeviceSession(): void {
  current = null
  for (const storage of storages()) {
    try {
      storage.removeItem(key)
    } catch {
      // ignore
    }
  }
}

/** The header value for the api client. */
export function bearer(): string | null {
  const token = deviceSession()?.token
  return token ? `Bearer ${token}` : null
}
