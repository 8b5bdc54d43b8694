import type { TModerationItem } from '@onegrid/core/api/citizen'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Db } from '../../platform/db/database.ts'
import { NotFound, text } from '../../platform/http/errors.ts'
import type { CitizenQueries } from './citizen-queries.ts'
import type { CitizenStore } from './citizen-store.ts'

const photoText = text('照片', 'Photo')

/**
 * Residents' photos wait for a person before the public map shows them (a
 * face, a number plate, a neighbour's window). Staff of the case's area
 * decide; every decision is audited. The case itself always shows its photos
 * to those who may see the case.
 */
export class PhotoModeration {
  constructor(
    private readonly db: Db,
    private readonly queries: CitizenQueries,
    private readonly store: CitizenStore,
    private readonly clock: Clock,
  ) {}

  async list(p: UserPrincipal, status: TModerationItem['status']): Promise<TModerationItem[]> {
    const rows = await this.queries.moderation(p.scope, status, 200)
    return rows.map((r) => ({
      attachmentId: Number(r.attachment_id),
      caseId: r.case_id === null ? null : Number(r.case_id),
      caseCode: r.code,
      uploadedAt: new Date(r.uploaded_at).toISOString(),
      status: r.status,
    }))
  }

  async decide(
    p: UserPrincipal,
    actor: Actor,
    attachmentId: number,
    decision: 'approved' | 'rejected',
  ): Promise<void> {
    const found = await this.queries.photoCasePath(attachmentId)
    // A photo no report took yet, or of a case outside the caller's areas, is not theirs to judge.
    if (!found?.path || !pathInScope(found.path, p.scope)) throw new NotFound(photoText, String(attachmentId))
    const now = this.clock.now()
    await this.store.moderate(attachmentId, decision, p.userId, now)
    await recordAudit(
      this.db,
      actor,
      {
        action: 'citizen.photo_moderated',
        entityType: 'attachment',
        entityId: String(attachmentId),
        details: { decision },
      },
      now,
    )
  }
}
