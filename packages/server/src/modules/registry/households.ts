import type { THousehold, ZCreateHousehold } from '@onegrid/core/api/registry'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { maskAddress } from '../../platform/crypto/mask.ts'
import { text, ValidationError } from '../../platform/http/errors.ts'
import { piiContexts } from './person-input.ts'
import type { PersonService } from './persons.ts'
import { householdWord, requireInScope, seesSpecialGroups } from './policy.ts'
import type { RegistryPorts } from './ports.ts'
import { presentSummary } from './present.ts'

type CreateInput = z.output<typeof ZCreateHousehold>

/**
 * Households (户): members and their relation to the householder. The grid's
 * household count is derived from these where records exist, and the field
 * app's visit plans are generated from them.
 */
export class HouseholdService {
  constructor(
    private readonly ports: RegistryPorts,
    private readonly persons: PersonService,
  ) {}

  async create(p: UserPrincipal, actor: Actor, input: CreateInput): Promise<THousehold> {
    const { store, queries, pii, clock } = this.ports
    const grid = await this.persons.grid(p, { gridCode: input.gridCode })
    const members = await queries.persons(input.members.map((m) => m.personId))
    const missing = input.members.filter(
      (m) => !members.some((r) => r.id === m.personId && pathInScope(r.areaPath, p.scope)),
    )
    if (missing.length > 0)
      throw new ValidationError({
        members: text(
          `人员不存在或不在您的辖区内：${missing.map((m) => m.personId).join('、')}`,
          `No such person in your jurisdiction: ${missing.map((m) => m.personId).join(', ')}`,
        ),
      })
    if (
      input.members.length > 0 &&
      input.members.filter((m) => m.relation === '02' || m.relation === '01').length !== 1
    )
      throw new ValidationError({
        members: text(
          '一户应有且只有一位户主（关系代码 01/02）',
          'A household has exactly one householder (01/02)',
        ),
      })
    const now = clock.now()
    const id = await store.db.transaction().execute(async (trx) => {
      const householdId = await store.insertHousehold(
        trx,
        {
          kind: input.kind,
          gridCode: grid.code,
          areaPath: grid.path,
          addressCipher: input.address ? pii.encrypt(input.address, piiContexts.address) : null,
          addressMasked: input.address ? maskAddress(input.address) : null,
          nonLocal: input.nonLocal,
          note: input.note ?? null,
          createdBy: p.userId,
        },
        now,
      )
      for (const m of input.members) {
        await store.joinHousehold(trx, m.personId, householdId, m.relation, now)
        await store.insertHistory(
          trx,
          actor,
          {
            entityType: 'person',
            entityId: m.personId,
            action: 'household.join',
            changes: { householdId: [null, householdId] },
          },
          now,
        )
      }
      await auditInsert(
        trx,
        actor,
        { action: 'household.create', entityType: 'household', entityId: householdId, areaPath: grid.path },
        now,
      ).execute()
      await this.ports.deriveHouseholds(trx, [grid.code])
      return householdId
    })
    return this.get(p, id)
  }

  async get(p: UserPrincipal, id: number): Promise<THousehold> {
    const { queries, clock } = this.ports
    const h = requireInScope(p, await queries.household(id), householdWord, id)
    const members = (await queries.householdMembers(id)).filter((m) => pathInScope(m.areaPath, p.scope))
    const memberships = seesSpecialGroups(p)
      ? await queries.memberships(
          members.map((m) => m.id),
          true,
        )
      : []
    const today = shanghaiDate(clock.now())
    return {
      id: h.id,
      kind: h.kind as THousehold['kind'],
      gridCode: h.gridCode,
      gridName: h.gridName ?? h.gridCode,
      addressMasked: h.addressMasked,
      nonLocal: h.nonLocal,
      note: h.note,
      members: members.map((m) => ({ ...presentSummary(m, today, memberships), relation: m.relation })),
      version: h.version,
    }
  }
}
