import type { TArea } from '@onegrid/core/api/areas'
import type { TWorkerDayCase } from '@onegrid/core/api/patrols'
import type { UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import type { IdentityQueries } from '../identity/queries.ts'

/** Postings and accounts, from identity's read-model sources (never its tables by name). */
export type StaffSources = Pick<ReturnType<IdentityQueries['readModelSources']>, 'assignments' | 'accounts'>

/** What patrols and check-ins need from the other modules; the composition root wires it. */
export type PatrolPorts = {
  db: Db
  clock: Clock
  staff: StaffSources
  area: (code: string) => Promise<TArea>
  /**
   * The cases a staff member reported in [from, to), as far as the caller may see them
   * (the cases module's queries, never its tables).
   */
  casesReportedBy: (p: UserPrincipal, userId: number, from: Date, to: Date) => Promise<TWorkerDayCase[]>
}
