import type { TArea } from '@onegrid/core/api/areas'
import type { TItemRoute } from '@onegrid/core/api/catalog'
import type { TLocation } from '@onegrid/core/api/grids'
import type { WorkCalendar } from '@onegrid/core/time/calendar'
import type { Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { RealtimeHub } from '../../platform/realtime/hub.ts'
import type { AdmissionService } from '../catalog/admission.ts'
import type { CurrentItem } from '../catalog/queries.ts'
import type { NotificationService } from '../notifications/service.ts'
import type { CaseQueries } from './queries.ts'
import type { CaseStore } from './store.ts'

/**
 * What the cases module needs from the others, through their services: the
 * composition root wires these, tests can see at a glance what a case touches.
 */
export type CasePorts = {
  store: CaseStore
  queries: CaseQueries
  clock: Clock
  pii: PiiCipher
  hub: RealtimeHub
  notifications: NotificationService
  calendar: () => Promise<WorkCalendar>
  catalogItem: (code: string) => Promise<CurrentItem | undefined>
  admission: AdmissionService
  locate: (scope: Scope, lng: number, lat: number) => Promise<TLocation>
  area: (code: string) => Promise<TArea>
  route: (itemCode: string, areaCode: string) => Promise<TItemRoute>
  unit: (id: number) => Promise<{ id: number; name: string; area_path: string } | undefined>
  user: (id: number) => Promise<{ id: number; display_name: string; status: string } | undefined>
  /** A person's name as the timeline shows it (cached briefly: every step of a busy desk asks). */
  displayName: (id: number) => Promise<string | undefined>
}
