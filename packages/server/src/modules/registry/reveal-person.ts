import type { ZRevealPersonField } from '@onegrid/core/api/registry'
import type { z } from 'zod'
import { recordAudit } from '../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import { piiContexts } from './person-input.ts'
import { personWord, requireInScope } from './policy.ts'
import type { RegistryPorts } from './ports.ts'

type RevealInput = z.output<typeof ZRevealPersonField>

const columnOf = {
  document: 'document_cipher',
  phone: 'phone_cipher',
  address: 'address_cipher',
  hukouAddress: 'hukou_address_cipher',
} as const

/**
 * revealPersonField: one personal field in full, for the person who must call
 * or visit. The route checks pii.reveal; the record must be in the caller's
 * jurisdiction; the reason and the field go to the audit log before the value
 * leaves the server.
 */
export class RevealPerson {
  constructor(private readonly ports: RegistryPorts) {}

  async reveal(
    p: UserPrincipal,
    actor: Actor,
    id: number,
    input: RevealInput,
  ): Promise<{ field: RevealInput['field']; value: string | null }> {
    const { queries, pii, store, clock } = this.ports
    const row = requireInScope(p, await queries.person(id), personWord, id)
    const secrets = await queries.secrets(id)
    const cipher = secrets?.[columnOf[input.field]] ?? null
    await recordAudit(
      store.db,
      actor,
      {
        action: 'person.reveal',
        entityType: 'person',
        entityId: id,
        areaPath: row.areaPath,
        details: { field: input.field, reason: input.reason },
      },
      clock.now(),
    )
    return { field: input.field, value: cipher ? pii.decrypt(cipher, piiContexts[input.field]) : null }
  }
}
