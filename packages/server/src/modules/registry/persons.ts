import type {
  TPerson,
  TPersonList,
  TPersonSummary,
  TRegistrySummary,
  ZCreatePerson,
  ZPersonQuery,
  ZUpdatePerson,
} from '@onegrid/core/api/registry'
import { parseIdNumber } from '@onegrid/core/registry/id-number'
import { normalizePhone } from '@onegrid/core/registry/phone'
import type { SpecialGroup } from '@onegrid/core/registry/special-groups'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { isUniqueViolation } from '../../platform/db/sql-text.ts'
import { Conflict, text, ValidationError } from '../../platform/http/errors.ts'
import { gridOf, type PlacedGrid } from './grid-of.ts'
import {
  documentIndex,
  historyColumns,
  type PersonColumns,
  personColumns,
  phoneIndex,
} from './person-input.ts'
import { areaPathInScope, personWord, requireInScope, seesSpecialGroups } from './policy.ts'
import type { RegistryPorts } from './ports.ts'
import { presentHistory, presentMembership, presentSummary } from './present.ts'
import type { PersonFilter, PersonRow } from './queries.ts'

type CreateInput = z.output<typeof ZCreatePerson>
type UpdateInput = z.output<typeof ZUpdatePerson>
type SearchInput = z.output<typeof ZPersonQuery>

const duplicateDocument = text(
  '该证件号码已登记，请查找已有人员后修改',
  'A person with this document is already recorded; find and correct that record',
)

/**
 * Persons of the registry: found by name, pinyin, ID number or phone within
 * the caller's jurisdiction; created and corrected with every change kept in
 * the record's history (masked) and the audit log.
 */
export class PersonService {
  constructor(private readonly ports: RegistryPorts) {}

  private today(): string {
    return shanghaiDate(this.ports.clock.now())
  }

  /** The grid a record belongs to: chosen (inside the caller's jurisdiction) or found at the point. */
  grid(
    p: UserPrincipal,
    input: { gridCode?: string | undefined; location?: { lng: number; lat: number } | undefined },
  ): Promise<PlacedGrid> {
    return gridOf(this.ports, p, input)
  }

  private async householdInScope(p: UserPrincipal, id: number): Promise<void> {
    const h = await this.ports.queries.household(id)
    if (!h || !pathInScope(h.areaPath, p.scope))
      throw new ValidationError({
        householdId: text('该户不存在或不在您的辖区内', 'No such household in your jurisdiction'),
      })
  }

  async create(p: UserPrincipal, actor: Actor, input: CreateInput): Promise<TPerson> {
    const { pii, clock, store } = this.ports
    const now = clock.now()
    const { columns, errors } = personColumns(pii, input, now, null)
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    const grid = await this.grid(p, input)
    if (input.householdId) await this.householdInScope(p, input.householdId)
    const id = await store.db
      .transaction()
      .execute(async (trx) => {
        const personId = await store.insertPerson(
          trx,
          {
            ...columns,
            name: input.name,
            name_pinyin: columns.name_pinyin ?? '',
            name_initials: columns.name_initials ?? '',
            document_kind: input.documentKind,
            grid_code: grid.code,
            area_path: grid.path,
            household_id: input.householdId ?? null,
            created_by: p.userId,
          },
          now,
        )
        await store.insertHistory(
          trx,
          actor,
          {
            entityType: 'person',
            entityId: personId,
            action: 'create',
            changes: changesOf({}, columns, grid.code),
          },
          now,
        )
        await auditInsert(
          trx,
          actor,
          { action: 'person.create', entityType: 'person', entityId: personId, areaPath: grid.path },
          now,
        ).execute()
        return personId
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) throw new ValidationError({ documentNumber: duplicateDocument })
        throw err
      })
    return this.get(p, id)
  }

  async update(p: UserPrincipal, actor: Actor, id: number, input: UpdateInput): Promise<TPerson> {
    const { pii, clock, store, queries } = this.ports
    const now = clock.now()
    const before = requireInScope(p, await queries.person(id), personWord, id)
    const { columns, errors } = personColumns(pii, input, now, before.documentKind)
    if (
      input.documentKind !== undefined &&
      input.documentKind !== before.documentKind &&
      input.documentNumber === undefined
    )
      errors.documentNumber = text('更换证件类型时请同时填写证件号码', 'A new document kind needs its number')
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    const moves = input.gridCode !== undefined || input.location !== undefined
    const grid = moves ? await this.grid(p, input) : null
    if (input.householdId) await this.householdInScope(p, input.householdId)
    const set: PersonColumns & { grid_code?: string; area_path?: string; household_id?: number | null } = {
      ...columns,
      ...(grid ? { grid_code: grid.code, area_path: grid.path } : {}),
      ...(input.householdId !== undefined ? { household_id: input.householdId } : {}),
    }
    const changes = changesOf(before, columns, grid && grid.code !== before.gridCode ? grid.code : undefined)
    if (input.householdId !== undefined && input.householdId !== before.householdId)
      changes.householdId = [before.householdId, input.householdId]
    await store.db
      .transaction()
      .execute(async (trx) => {
        const version = await store.updatePerson(trx, id, input.version, set, p.userId, now)
        if (version === undefined) {
          // Read with the transaction's own handle: PGlite has one connection.
          const current = await trx
            .selectFrom('registry_persons')
            .select('version')
            .where('id', '=', id)
            .executeTakeFirst()
          const conflict = new Conflict(
            text(
              '该人员信息已被他人修改，请刷新后重试',
              'Somebody changed this person meanwhile; reload and retry',
            ),
          )
          conflict.details = { currentVersion: current?.version ?? null }
          throw conflict
        }
        if (grid && grid.code !== before.gridCode) await store.moveMemberships(trx, id, grid.code, grid.path)
        await store.insertHistory(
          trx,
          actor,
          { entityType: 'person', entityId: id, action: 'update', changes, reason: input.reason ?? null },
          now,
        )
        await auditInsert(
          trx,
          actor,
          {
            action: 'person.update',
            entityType: 'person',
            entityId: id,
            areaPath: grid?.path ?? before.areaPath,
            details: { fields: Object.keys(changes), ...(input.reason ? { reason: input.reason } : {}) },
          },
          now,
        ).execute()
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) throw new ValidationError({ documentNumber: duplicateDocument })
        throw err
      })
    return this.get(p, id)
  }

  async get(p: UserPrincipal, id: number): Promise<TPerson> {
    const { queries, pii, displayNames } = this.ports
    const row = requireInScope(p, await queries.person(id), personWord, id)
    const today = this.today()
    const special = seesSpecialGroups(p)
    const memberships = special ? await queries.memberships([id]) : []
    const [members, history, cases] = await Promise.all([
      row.householdId ? queries.householdMembers(row.householdId) : Promise.resolve([]),
      queries.history('person', id),
      this.ports.casesOf(p, { entityType: 'person', entityId: id }),
    ])
    // Helpers and the history's authors by their display names, as the case timeline shows people.
    const names = await displayNames([
      ...new Set([
        ...memberships.flatMap((m) => m.helperIds),
        ...history.flatMap((h) => (h.actorId === null ? [] : [h.actorId])),
      ]),
    ])
    return {
      ...presentSummary(row, today, memberships),
      ethnicity: row.ethnicity,
      education: row.education,
      birthYear: row.birthDate ? Number(row.birthDate.slice(0, 4)) : null,
      hukouRegion: row.hukouRegion,
      hukouAddressMasked: row.hukouAddressMasked,
      relation: row.relation,
      note: row.note,
      areaPath: row.areaPath,
      household: row.householdId
        ? {
            id: row.householdId,
            members: members
              .filter((m) => pathInScope(m.areaPath, p.scope))
              .map((m) => ({
                id: m.id,
                name: m.name,
                relation: m.relation,
                age: presentSummary(m, today, []).age,
              })),
          }
        : null,
      memberships: memberships.map((m) => presentMembership(m, pii, names)),
      history: history.map(({ actorId, ...h }) =>
        presentHistory({
          ...h,
          actorName: (actorId !== null ? names.get(actorId) : undefined) ?? h.actorName,
        }),
      ),
      cases,
      createdAt: row.createdAt.toISOString(),
    }
  }

  /** An area's registry at a glance; without an area, the caller's first jurisdiction. */
  async summary(p: UserPrincipal, areaCode: string | undefined): Promise<TRegistrySummary> {
    let areaPath = p.scope.areaPaths[0]
    if (areaCode) {
      areaPath = await areaPathInScope(this.ports.area, p, areaCode)
    }
    if (!areaPath) throw new ValidationError({ areaCode: text('请选择区域', 'Choose an area') })
    const s = await this.ports.queries.summary(p.scope, areaPath, this.today(), seesSpecialGroups(p))
    return {
      areaCode: areaPath.split('.').at(-1) ?? areaPath,
      persons: s.persons,
      households: s.households,
      nonLocal: s.nonLocal,
      elderly: s.elderly,
      groups: s.groups.map((g) => ({ ...g, group: g.group as SpecialGroup })),
      grids: s.grids,
    }
  }

  /** The caller's search as a filter: the area resolved in scope, numbers to blind indexes. */
  async filterOf(
    p: UserPrincipal,
    input: Omit<SearchInput, 'page' | 'pageSize'> & { page?: number; pageSize?: number },
  ): Promise<PersonFilter> {
    const { pii } = this.ports
    const pageSize = input.pageSize ?? 20
    const filter: PersonFilter = {
      scope: p.scope,
      limit: pageSize,
      offset: ((input.page ?? 1) - 1) * pageSize,
      ...(input.tag ? { tag: input.tag } : {}),
      ...(input.nonLocal !== undefined ? { nonLocal: input.nonLocal } : {}),
      ...(input.status ? { status: input.status } : {}),
    }
    if (input.areaCode) {
      filter.areaPath = await areaPathInScope(this.ports.area, p, input.areaCode)
    }
    if (input.group || input.riskLevel) {
      if (!seesSpecialGroups(p))
        throw new ValidationError({
          group: text('您的角色不能按特殊人群查询', 'Your role may not search by special group'),
        })
      if (input.group) filter.group = input.group
      if (input.riskLevel) filter.riskLevel = input.riskLevel
    }
    if (input.q) Object.assign(filter, nameFilter(input.q))
    if (input.address) filter.address = { text: input.address, today: this.today() }
    if (input.documentNumber)
      filter.documentIndexes = documentIndexes(pii, input.documentNumber, this.ports.clock.now())
    if (input.phone) {
      const phone = normalizePhone(input.phone)
      if (!phone)
        throw new ValidationError({ phone: text('请填写有效的电话号码', 'Enter a valid phone number') })
      filter.phoneIndex = phoneIndex(pii, phone.value)
    }
    return filter
  }

  async search(p: UserPrincipal, input: SearchInput): Promise<TPersonList> {
    const { queries } = this.ports
    const filter = await this.filterOf(p, input)
    const { rows, total, capped } = await queries.search(filter)
    const memberships = seesSpecialGroups(p)
      ? await queries.memberships(
          rows.map((r) => r.id),
          true,
        )
      : []
    const today = this.today()
    return {
      items: rows.map((r): TPersonSummary => presentSummary(r, today, memberships)),
      total,
      totalCapped: capped,
      page: input.page,
      pageSize: input.pageSize,
    }
  }
}

/**
 * A name query: Han characters match a name prefix; Latin letters match the
 * full pinyin when they hold a vowel (zhang, zhangs) and the initials otherwise (zs).
 */
export function nameFilter(q: string): Pick<PersonFilter, 'namePrefix' | 'pinyinPrefix' | 'initialsPrefix'> {
  const compact = q.replace(/\s+/g, '')
  if (/^[a-z]+$/i.test(compact)) {
    const lower = compact.toLowerCase()
    return /[aeiouv]/.test(lower) ? { pinyinPrefix: lower } : { initialsPrefix: lower }
  }
  return { namePrefix: compact }
}

/** The blind indexes a typed document number may have: as an ID number, or as any other document. */
function documentIndexes(pii: RegistryPorts['pii'], raw: string, today: Date): string[] {
  const parsed = parseIdNumber(raw, today)
  const other = raw.replace(/\s+/g, '').toUpperCase()
  const kinds = ['passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'other']
  return [
    ...(parsed.ok ? [documentIndex(pii, 'id_card', parsed.value)] : []),
    ...kinds.map((k) => documentIndex(pii, k, other)),
  ]
}

/** Field → [before, after] for the history, personal fields masked, only what changed. */
function changesOf(
  before: Partial<PersonRow>,
  after: PersonColumns,
  gridCode: string | undefined,
): Record<string, [unknown, unknown]> {
  const beforeColumns: Record<string, unknown> = {
    name: before.name,
    document_kind: before.documentKind,
    document_masked: before.documentMasked,
    sex: before.sex,
    birth_date: before.birthDate,
    ethnicity: before.ethnicity,
    education: before.education,
    phone_masked: before.phoneMasked,
    address_masked: before.addressMasked,
    hukou_region: before.hukouRegion,
    hukou_address_masked: before.hukouAddressMasked,
    non_local: before.nonLocal,
    status: before.status,
    tags: before.tags,
    note: before.note,
    relation: before.relation,
  }
  const changes: Record<string, [unknown, unknown]> = {}
  for (const [field, column] of Object.entries(historyColumns)) {
    if (!(column in after)) continue
    const was = beforeColumns[column] ?? null
    const now = (after as Record<string, unknown>)[column] ?? null
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[field] = [was, now]
  }
  if (gridCode) changes.gridCode = [before.gridCode ?? null, gridCode]
  return changes
}
