import type { TArea } from '@onegrid/core/api/areas'
import type { TAttachment } from '@onegrid/core/api/cases'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import type { RegistryVisitTargets } from '../registry/visit-targets.ts'

/** An uploaded file as the cases module keeps it: who uploaded it and whether a case took it. */
export type AttachmentOwner = { id: number; uploadedBy: number | null; caseId: number | null }

/** What visits need from the other modules, through their services; the composition root wires it. */
export type VisitPorts = {
  db: Db
  clock: Clock
  /** The registry's households, special-group memberships and records (never its tables by name). */
  targets: RegistryVisitTargets
  area: (code: string) => Promise<TArea>
  displayNames: (ids: number[]) => Promise<Map<number, string>>
  /** The cases module's uploads (uploadAttachment), which a visit takes as its photos. */
  attachments: {
    owners: (ids: readonly number[]) => Promise<AttachmentOwner[]>
    present: (ids: readonly number[]) => Promise<TAttachment[]>
  }
}
