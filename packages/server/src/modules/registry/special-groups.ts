import type {
  TGroupMemberList,
  TPerson,
  ZGroupMemberQuery,
  ZGroupMembershipInput,
  ZSetRiskLevel,
  ZUpdateGroupMembership,
} from '@onegrid/core/api/registry'
import {
  defaultVisitEveryDays,
  parseGroupFields,
  type SpecialGroup,
} from '@onegrid/core/registry/special-groups'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import type { Actor, UserPrincipal } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import { Conflict, type LocalText, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import type { PersonService } from './persons.ts'
import { areaPathInScope, personWord, requireInScope } from './policy.ts'
import type { RegistryPorts } from './ports.ts'
import { groupFieldsContext, presentSummary } from './present.ts'

type MembershipInput = z.output<typeof ZGroupMembershipInput>
type MembershipUpdate = z.output<typeof ZUpdateGroupMembership>
type RiskInput = z.output<typeof ZSetRiskLevel>
type MemberQuery = z.output<typeof ZGroupMemberQuery>

const membershipWord = text('特殊人群记录', 'Special-group record')

/**
 * Special groups (特殊人群): a typed record per group on a person, a risk level
 * with its reason and who set it, helpers, and how often the person is visited
 * (the field app's visit plans read `visit_every_days`). The routes require
 * registry.special; the person must be in the caller's jurisdiction.
 */
export class SpecialGroupService {
  constructor(
    private readonly ports: RegistryPorts,
    private readonly persons: PersonService,
  ) {}

  /** The group's fields checked against its schema; problems named `fields.<key>`. */
  private checkedFields(group: SpecialGroup, data: Record<string, unknown>): Record<string, unknown> {
    const parsed = parseGroupFields(group, data)
    if (parsed.success) return parsed.data as Record<string, unknown>
    const errors: Record<string, LocalText> = {}
    for (const issue of parsed.error.issues) {
      const key = ['fields', ...issue.path.map(String)].join('.')
      // The schemas' own messages are written "中文 / English".
      const [zh, en] = issue.message.includes(' / ')
        ? issue.message.split(' / ', 2)
        : [issue.message, issue.message]
      errors[key] = text(`填写有误：${zh}`, en ?? issue.message)
    }
    throw new ValidationError(errors)
  }

  private async helpersExist(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return
    const names = await this.ports.displayNames([...ids])
    const missing = ids.filter((id) => !names.has(id))
    if (missing.length > 0)
      throw new ValidationError({
        helperIds: text(`帮扶人不存在：${missing.join('、')}`, `No such helper: ${missing.join(', ')}`),
      })
  }

  async add(p: UserPrincipal, actor: Actor, personId: number, input: MembershipInput): Promise<TPerson> {
    const { queries, store, pii, clock } = this.ports
    const person = requireInScope(p, await queries.person(personId), personWord, personId)
    const fields = this.checkedFields(input.group, input.fields)
    await this.helpersExist(input.helperIds)
    const existing = (await queries.memberships([personId])).find((m) => m.group === input.group)
    if (existing && existing.endedOn === null)
      throw new Conflict(
        text('该人员已在此特殊人群中，请修改已有记录', 'Already recorded in this group; edit that record'),
      )
    const now = clock.now()
    await store.db.transaction().execute(async (trx) => {
      const write = {
        fieldsCipher: pii.encrypt(JSON.stringify(fields), groupFieldsContext),
        riskLevel: input.riskLevel,
        riskReason: input.riskReason ?? null,
        visitEveryDays: input.visitEveryDays ?? defaultVisitEveryDays(input.group, input.riskLevel),
        helperIds: input.helperIds,
      }
      if (existing) {
        // Back in the group after it ended: the old record is resumed, its history kept.
        await store.updateMembership(
          trx,
          existing.id,
          existing.version,
          {
            fields_cipher: write.fieldsCipher,
            risk_level: write.riskLevel,
            risk_reason: write.riskReason,
            risk_set_by: p.userId,
            risk_set_at: now,
            helper_ids: write.helperIds,
            visit_every_days: write.visitEveryDays,
            ended_on: null,
          },
          now,
        )
      } else {
        await store.insertMembership(
          trx,
          {
            personId,
            group: input.group,
            ...write,
            riskSetBy: p.userId,
            riskSetAt: now,
            since: input.since ?? shanghaiDate(now),
            gridCode: person.gridCode,
            areaPath: person.areaPath,
          },
          now,
        )
      }
      await this.record(
        trx,
        actor,
        personId,
        person.areaPath,
        'person.group.set',
        {
          action: 'group.add',
          changes: { [`group.${input.group}`]: [null, input.riskLevel] },
        },
        now,
      )
    })
    return this.persons.get(p, personId)
  }

  async update(
    p: UserPrincipal,
    actor: Actor,
    personId: number,
    group: SpecialGroup,
    input: MembershipUpdate,
  ): Promise<TPerson> {
    const { store, pii, clock } = this.ports
    const { person, membership } = await this.membership(p, personId, group)
    const fields = input.fields !== undefined ? this.checkedFields(group, input.fields) : undefined
    if (input.helperIds) await this.helpersExist(input.helperIds)
    const now = clock.now()
    await store.db.transaction().execute(async (trx) => {
      const version = await store.updateMembership(
        trx,
        membership.id,
        input.version,
        {
          ...(fields ? { fields_cipher: pii.encrypt(JSON.stringify(fields), groupFieldsContext) } : {}),
          ...(input.helperIds ? { helper_ids: input.helperIds } : {}),
          ...(input.visitEveryDays ? { visit_every_days: input.visitEveryDays } : {}),
          ...(input.endedOn !== undefined ? { ended_on: input.endedOn } : {}),
        },
        now,
      )
      if (version === undefined) throw stale()
      const changes: Record<string, [unknown, unknown]> = {}
      if (fields) changes[`group.${group}.fields`] = ['…', '…']
      if (input.helperIds) changes[`group.${group}.helpers`] = [membership.helperIds, input.helperIds]
      if (input.visitEveryDays)
        changes[`group.${group}.visitEveryDays`] = [membership.visitEveryDays, input.visitEveryDays]
      if (input.endedOn !== undefined) changes[`group.${group}.endedOn`] = [membership.endedOn, input.endedOn]
      await this.record(
        trx,
        actor,
        personId,
        person.areaPath,
        'person.group.set',
        { action: 'group.update', changes },
        now,
      )
    })
    return this.persons.get(p, personId)
  }

  /** setRiskLevel: green/yellow/red with the reason; the visit frequency follows unless it was set by hand. */
  async setRisk(
    p: UserPrincipal,
    actor: Actor,
    personId: number,
    group: SpecialGroup,
    input: RiskInput,
  ): Promise<TPerson> {
    const { store, clock } = this.ports
    const { person, membership } = await this.membership(p, personId, group)
    const now = clock.now()
    const followsDefault = membership.visitEveryDays === defaultVisitEveryDays(group, membership.riskLevel)
    await store.db.transaction().execute(async (trx) => {
      const version = await store.updateMembership(
        trx,
        membership.id,
        input.version,
        {
          risk_level: input.riskLevel,
          risk_reason: input.reason,
          risk_set_by: p.userId,
          risk_set_at: now,
          ...(followsDefault ? { visit_every_days: defaultVisitEveryDays(group, input.riskLevel) } : {}),
        },
        now,
      )
      if (version === undefined) throw stale()
      await this.record(
        trx,
        actor,
        personId,
        person.areaPath,
        'person.risk.set',
        {
          action: 'risk',
          changes: { [`group.${group}.risk`]: [membership.riskLevel, input.riskLevel] },
          reason: input.reason,
        },
        now,
      )
    })
    return this.persons.get(p, personId)
  }

  async list(p: UserPrincipal, input: MemberQuery): Promise<TGroupMemberList> {
    const { queries, clock, displayNames } = this.ports
    let areaPath: string | undefined
    if (input.areaCode) {
      areaPath = await areaPathInScope(this.ports.area, p, input.areaCode)
    }
    const { rows, total } = await queries.groupMembers({
      scope: p.scope,
      ...(areaPath ? { areaPath } : {}),
      ...(input.group ? { group: input.group } : {}),
      ...(input.riskLevel ? { riskLevel: input.riskLevel } : {}),
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    })
    const names = await displayNames([...new Set(rows.flatMap((r) => r.helperIds))])
    const today = shanghaiDate(clock.now())
    return {
      items: rows.map((r) => ({
        person: presentSummary(
          r.person,
          today,
          rows.filter((m) => m.personId === r.personId),
        ),
        group: r.group as SpecialGroup,
        riskLevel: r.riskLevel,
        riskReason: r.riskReason,
        visitEveryDays: r.visitEveryDays,
        helpers: r.helperIds.map((id) => ({ userId: id, name: names.get(id) ?? `#${id}` })),
      })),
      total,
      page: input.page,
      pageSize: input.pageSize,
    }
  }

  private async membership(p: UserPrincipal, personId: number, group: SpecialGroup) {
    const person = requireInScope(p, await this.ports.queries.person(personId), personWord, personId)
    const membership = (await this.ports.queries.memberships([personId])).find((m) => m.group === group)
    if (!membership) throw new NotFound(membershipWord, `${personId}/${group}`)
    return { person, membership }
  }

  private async record(
    trx: Db,
    actor: Actor,
    personId: number,
    areaPath: string,
    audit: 'person.group.set' | 'person.risk.set',
    entry: { action: string; changes: Record<string, [unknown, unknown]>; reason?: string },
    at: Date,
  ): Promise<void> {
    await this.ports.store.insertHistory(
      trx,
      actor,
      { entityType: 'person', entityId: personId, ...entry },
      at,
    )
    await auditInsert(
      trx,
      actor,
      {
        action: audit,
        entityType: 'person',
        entityId: personId,
        areaPath,
        details: { action: entry.action },
      },
      at,
    ).execute()
  }
}

function stale(): Conflict {
  return new Conflict(
    text('该记录已被他人修改，请刷新后重试', 'Somebody changed this record meanwhile; reload and retry'),
  )
}
