import type { THousehold, ZCreateHousehold, ZUpdateHousehold } from '@onegrid/core/api/registry'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { maskAddress } from '../../platform/crypto/mask.ts'
import type { Db } from '../../platform/db/database.ts'
import { Conflict, text, ValidationError } from '../../platform/http/errors.ts'
import { piiContexts } from './person-input.ts'
import type { PersonService } from './persons.ts'
import { householdWord, requireInScope, seesSpecialGroups } from './policy.ts'
import type { RegistryPorts } from './ports.ts'
import { presentSummary } from './present.ts'

type CreateInput = z.output<typeof ZCreateHousehold>
type UpdateInput = z.output<typeof ZUpdateHousehold>

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
    if (input.houseId) await this.requireHouse(p, input.houseId)
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
          houseId: input.houseId ?? null,
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

  /** The house a household moves into must be a registry house inside the caller's jurisdiction. */
  private async requireHouse(p: UserPrincipal, houseId: number): Promise<{ address: string }> {
    const house = await this.ports.queries.houseArea(houseId)
    if (!house || !pathInScope(house.areaPath, p.scope))
      throw new ValidationError({
        houseId: text('房屋不存在或不在您的辖区内', 'No such house in your jurisdiction'),
      })
    return house
  }

  /** updateHousehold: moves it into a house (or out), corrects its address, non-local flag or note. */
  async update(p: UserPrincipal, actor: Actor, id: number, input: UpdateInput): Promise<THousehold> {
    const { store, queries, pii, clock } = this.ports
    const before = requireInScope(p, await queries.household(id), householdWord, id)
    const moved = input.houseId !== undefined && input.houseId !== before.houseId
    const into = input.houseId ? await this.requireHouse(p, input.houseId) : null
    // Read before the transaction (PGlite has one connection): who moves with the household.
    const members = moved ? await queries.householdMembers(id) : []
    const set = {
      ...(input.houseId !== undefined ? { house_id: input.houseId } : {}),
      ...(input.address !== undefined
        ? {
            address_cipher: input.address ? pii.encrypt(input.address, piiContexts.address) : null,
            address_masked: input.address ? maskAddress(input.address) : null,
          }
        : {}),
      ...(input.nonLocal !== undefined ? { non_local: input.nonLocal } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
    }
    const now = clock.now()
    await store.db.transaction().execute(async (trx) => {
      const version = await store.updateHousehold(trx, id, input.version, set, now)
      if (version === undefined)
        throw new Conflict(
          text(
            '该户已被他人修改，请刷新后重试',
            'Somebody changed this household meanwhile; reload and retry',
          ),
        )
      if (moved)
        await this.recordMove(trx, actor, { id, members, from: before, to: input.houseId ?? null, into }, now)
      await auditInsert(
        trx,
        actor,
        {
          action: 'household.update',
          entityType: 'household',
          entityId: id,
          areaPath: before.areaPath,
          details: {
            fields: Object.keys(input).filter((k) => k !== 'version'),
            ...(input.houseId !== undefined ? { houseId: [before.houseId, input.houseId] } : {}),
          },
        },
        now,
      ).execute()
    })
    return this.get(p, id)
  }

  /**
   * A move is in each member's history (the house's address before and after)
   * and in the history of the houses it leaves and enters.
   */
  private async recordMove(
    trx: Db,
    actor: Actor,
    move: {
      id: number
      members: readonly { id: number }[]
      from: { houseId: number | null; houseAddress: string | null }
      to: number | null
      into: { address: string } | null
    },
    at: Date,
  ): Promise<void> {
    const { store } = this.ports
    const house: [string | null, string | null] = [move.from.houseAddress, move.into?.address ?? null]
    for (const m of move.members)
      await store.insertHistory(
        trx,
        actor,
        { entityType: 'person', entityId: m.id, action: 'household.move', changes: { house } },
        at,
      )
    const sides: Array<[number | null, 'household.out' | 'household.in', [number | null, number | null]]> = [
      [move.from.houseId, 'household.out', [move.id, null]],
      [move.to, 'household.in', [null, move.id]],
    ]
    for (const [houseId, action, household] of sides)
      if (houseId !== null)
        await store.insertHistory(
          trx,
          actor,
          { entityType: 'house', entityId: houseId, action, changes: { household } },
          at,
        )
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
      houseId: h.houseId,
      // A house outside the caller's jurisdiction is not described.
      houseAddress: h.houseAreaPath && pathInScope(h.houseAreaPath, p.scope) ? h.houseAddress : null,
      members: members.map((m) => ({ ...presentSummary(m, today, memberships), relation: m.relation })),
      version: h.version,
    }
  }
}
