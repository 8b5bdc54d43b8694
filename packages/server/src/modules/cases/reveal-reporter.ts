import { recordAudit } from '../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import type { CaseView } from './case-view.ts'
import type { CasePorts } from './ports.ts'

/**
 * revealCaseReporter: a resident's name and phone in full, for the operator who
 * calls them back. Permission-checked by the route (pii.reveal), limited to cases
 * the caller may see, with a reason, and written to the audit log every time.
 */
export class RevealReporter {
  constructor(
    private readonly db: Db,
    private readonly ports: CasePorts,
    private readonly view: CaseView,
  ) {}

  async reveal(
    p: UserPrincipal,
    actor: Actor,
    id: number,
    reason: string,
  ): Promise<{ name: string | null; phone: string | null }> {
    const row = await this.view.visibleRow(p, id)
    const secret = await this.db
      .selectFrom('cases')
      .select(['reporter_name_cipher', 'reporter_phone_cipher'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const { pii, clock } = this.ports
    const open = (cipher: string | null) => (cipher ? pii.decrypt(cipher, 'case.reporter') : null)
    await recordAudit(
      this.db,
      actor,
      {
        action: 'case.reporter.reveal',
        entityType: 'case',
        entityId: id,
        areaPath: row.areaPath,
        details: { code: row.code, reason },
      },
      clock.now(),
    )
    return { name: open(secret.reporter_name_cipher), phone: open(secret.reporter_phone_cipher) }
  }
}
