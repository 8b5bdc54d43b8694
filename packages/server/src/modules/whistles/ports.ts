import type { TLocation } from '@onegrid/core/api/grids'
import type { TUnit } from '@onegrid/core/api/identity'
import type { CaseStatus } from '@onegrid/core/cases/states'
import type { Scope, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import type { RealtimeHub } from '../../platform/realtime/hub.ts'
import type { NotificationService } from '../notifications/service.ts'

/** A unit as the whistle needs it: who it is and where it serves (identity's units). */
export type UnitRef = { id: number; name: string; kind: string; areaPath: string }

/** A case as the whistle names it. */
export type CaseRef = { id: number; code: string; title: string; areaPath: string; status: CaseStatus }

/** What the whistle takes from the other modules, through their services; app.ts wires it. */
export type WhistlePorts = {
  db: Db
  clock: Clock
  hub: RealtimeHub
  notifications: Pick<NotificationService, 'enqueue'>
  /** The grid at a point within a scope (areas' locateGrid); NotFound outside it. */
  locate: (scope: Scope, lng: number, lat: number) => Promise<TLocation>
  /** A case the caller may see (the cases module's getCase rule); NotFound otherwise. */
  visibleCase: (p: UserPrincipal, id: number) => Promise<CaseRef>
  /** Cases by id, for presenting whistles (code and title); in a transaction, read through it. */
  caseRefs: (ids: readonly number[], executor?: Db) => Promise<Map<number, CaseRef>>
  /** The departments and platforms of a district (identity), departments first. */
  summonable: (districtCode: string) => Promise<TUnit[]>
  /** Units by id (identity). */
  units: (ids: readonly number[]) => Promise<UnitRef[]>
  displayNames: (ids: number[]) => Promise<Map<number, string>>
}
