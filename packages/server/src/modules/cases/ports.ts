import type { TArea } from '@onegrid/core/api/areas'
import type { TItemRoute, TUrgency } from '@onegrid/core/api/catalog'
import type { TLocation } from '@onegrid/core/api/grids'
import type { CaseAction, CaseLevel, CaseStatus } from '@onegrid/core/cases/states'
import type { WorkCalendar } from '@onegrid/core/time/calendar'
import type { OperationNodeSource } from 'kysely'
import type { Scope } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { PiiCipher } from '../../platform/crypto/pii-cipher.ts'
import type { Db } from '../../platform/db/database.ts'
import type { RealtimeHub } from '../../platform/realtime/hub.ts'
import type { AdmissionService } from '../catalog/admission.ts'
import type { CurrentItem } from '../catalog/queries.ts'
import type { NotificationService } from '../notifications/service.ts'
import type { CaseQueries } from './queries.ts'
import type { CaseStore } from './store.ts'

/** A step of a case as other systems hear of it (the 12345 platform's callback, the superior platform). */
export type CaseChange = {
  caseId: number
  code: string
  channel: string
  externalRef: string | null
  action: CaseAction
  /** null: the report that made the case. */
  fromStatus: CaseStatus | null
  toStatus: CaseStatus
  /** The level before the step (the report's own level for a report) and after it. */
  fromLevel: CaseLevel
  level: CaseLevel
  /** What the case is and where, after the step; never its reporter. */
  itemCode: string
  itemName: string
  title: string
  description: string
  address: string | null
  location: { lng: number; lat: number } | null
  areaCode: string
  areaName: string
  urgency: TUrgency
  /** The case's version after the step: increases with every step. */
  version: number
  note: string | null
  /** The unit handling it after the step. */
  unitName: string | null
  followUp: { reached: boolean; satisfaction?: 'satisfied' | 'basically' | 'unsatisfied' | undefined } | null
  at: Date
}

/**
 * Writes (an outbox message, a link row) made with a step, in its statement:
 * told exactly when the step commits. Several writes are separate parts of the
 * statement, each seeing the database as it was before it.
 */
export type CaseRelay = (
  db: Db,
  change: CaseChange,
) => OperationNodeSource | readonly OperationNodeSource[] | null

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
  /** Other systems told of every step (the 12345 link, the superior platform). */
  relays: readonly CaseRelay[]
  /** A superior platform takes the district's escalations (贯通): escalate is allowed at the district. */
  escalatesUpstream?: boolean
}
