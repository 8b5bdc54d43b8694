import type { TArea } from '@onegrid/core/api/areas'
import type { TAttachment, TReportCase } from '@onegrid/core/api/cases'
import type { WorkCalendar } from '@onegrid/core/time/calendar'
import type { RawBuilder } from 'kysely'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import type { IdentityQueries } from '../identity/queries.ts'
import type { NotificationMessage } from '../notifications/service.ts'
import type { RegistryCampaignTargets } from '../registry/campaign-targets.ts'

/** Identity's read-model sources: role assignments and accounts. */
export type StaffSources = Pick<ReturnType<IdentityQueries['readModelSources']>, 'assignments' | 'accounts'>

/** An uploaded file as the cases module keeps it: who uploaded it and whether a case took it. */
export type AttachmentOwner = { id: number; uploadedBy: number | null; caseId: number | null }

/** What campaigns need from the other modules, through their services; the composition root wires it. */
export type CampaignPorts = {
  db: Db
  clock: Clock
  calendar: () => Promise<WorkCalendar>
  area: (code: string) => Promise<TArea>
  /** The areas of one level under an area, for the rows of progress. */
  areasUnder: (code: string, level: TArea['level']) => Promise<TArea[]>
  /** Names and levels of areas by code. */
  areaNames: (codes: readonly string[]) => Promise<Map<string, { name: string; level: string }>>
  displayNames: (ids: number[]) => Promise<Map<number, string>>
  /** The registry's objects by kind (never its tables by name). */
  registry: RegistryCampaignTargets
  /** The grids under some areas, optionally of one type. */
  grids: (paths: readonly string[], gridType?: string) => RawBuilder<unknown>
  /** Identity's read-model sources: role assignments (id, user_id, role, area_code) and accounts (id, status). */
  staff: StaffSources
  attachments: {
    owners: (ids: readonly number[]) => Promise<AttachmentOwner[]>
    present: (ids: readonly number[]) => Promise<TAttachment[]>
  }
  /** The closed loop: a hazard becomes a case (an intake key makes a resend return the same case). */
  reportCase: (
    p: UserPrincipal,
    actor: Actor,
    input: TReportCase,
    intakeKey: string,
  ) => Promise<{ id: number; code: string; status: string }>
  caseStates: (ids: readonly number[]) => Promise<{ id: number; code: string; status: string }[]>
  /** In-app notifications, written in the caller's transaction. */
  notify: (trx: Db, message: NotificationMessage, now: Date) => Promise<void>
}
