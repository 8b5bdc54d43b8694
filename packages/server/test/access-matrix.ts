import type { Role } from '@onegrid/core/auth/roles'
import type { App } from '../src/app.ts'

/**
 * Types shared by the authorization matrix (src/authorization-matrix.test.ts)
 * and the fixture files each module keeps beside its routes
 * (`<module>/access-fixtures.ts`), so a new module adds its operations without
 * touching the others'.
 */
export type Caller = {
  name: string
  role: Role | 'anonymous' | 'api_key'
  token: string | null
  userId: number | null
  password: string
}
export type Target = 'in' | 'out'
export type Call = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  payload?: unknown
  headers?: Record<string, string>
  token?: string | null
  /**
   * The caller holds the permission but the operation's own rule refuses them
   * here (the state machine's roles for a case action, a department before the
   * case is dispatched to it): expect 400/403/404 even inside.
   */
  refused?: boolean
}
export type Fixture = {
  /** Builds the request; may create what it acts on (a fresh user, key, job...). */
  call: (caller: Caller, target: Target) => Promise<Call>
  /** Whether in/out means anything; self-only and list operations are checked for foreign rows instead. */
  targeted: boolean
  /** Streams and the like are exercised elsewhere; the fixture says where. */
  coveredElsewhere?: string
  /** Public geography may mention areas outside the caller's jurisdiction. */
  showsForeignAreas?: boolean
  /**
   * District-wide rules (catalog, calendar): a caller with the permission but a
   * street's scope is refused; the matrix also calls it as a district-wide admin.
   */
  districtWide?: boolean
}

/** What a module's fixtures may use: the app (after start-up), the two target areas, unique names. */
export type MatrixContext = {
  app: () => App
  /** 东湖… street inside the callers' jurisdiction, and one outside it. */
  inside: string
  outside: string
  areaOf: (t: Target, suffix?: string) => string
  next: (prefix: string) => string
  /** A grid worker account inside and one outside the callers' jurisdiction. */
  userAt: Record<Target, number>
}

export type ModuleFixtures = (ctx: MatrixContext) => Record<string, Fixture>
