import { randomInt } from 'node:crypto'
import type { TPersonSummary } from '@onegrid/core/api/registry'
import type {
  TSpotCheck,
  TSpotCheckAccuracy,
  TSpotCheckItem,
  TSpotCheckList,
  TSpotCheckSummary,
  ZCreateSpotCheck,
  ZRecordSpotCheckResult,
  ZSpotCheckItemQuery,
  ZSpotCheckListQuery,
} from '@onegrid/core/api/spot-checks'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { Conflict, Forbidden, NotFound, text, ValidationError } from '../../platform/http/errors.ts'
import { requireInScope, seesSpecialGroups } from './policy.ts'
import type { RegistryPorts } from './ports.ts'
import { presentSummary } from './present.ts'
import {
  type AccuracyRow,
  type SpotCheckItemRow,
  SpotCheckQueries,
  type SpotCheckRow,
  type StaffSources,
} from './spot-check-queries.ts'

type CreateInput = z.output<typeof ZCreateSpotCheck>
type ResultInput = z.output<typeof ZRecordSpotCheckResult>
type ListInput = z.output<typeof ZSpotCheckListQuery>
type ItemQuery = z.output<typeof ZSpotCheckItemQuery>

export const spotCheckWord = text('抽查', 'Spot check')
export const spotCheckItemWord = text('抽查记录', 'Spot check item')

/**
 * The data accuracy rate (抽查准确率) of a group of items:
 *
 *   accuracy = correct ÷ (checked − unreachable)
 *
 * `checked` counts items with a result; `correct` those whose record was right as
 * it stood. A record corrected on the spot (`corrected`) or found wrong (`wrong`)
 * counts against the rate; a person who could not be reached (`unreachable`)
 * counts neither way. The percentage has two decimals, rounded half up in integer
 * arithmetic; null when nothing was verified. See docs/KPI.md.
 */
export function accuracyOf(c: Omit<AccuracyRow, 'gridCode' | 'assigneeId' | 'level'>): TSpotCheckAccuracy {
  const verified = c.checked - c.unreachable
  return {
    items: c.items,
    checked: c.checked,
    correct: c.correct,
    corrected: c.corrected,
    wrong: c.wrong,
    unreachable: c.unreachable,
    verified,
    accuracyPercent:
      verified === 0 ? null : Math.floor((2 * c.correct * 10_000 + verified) / (2 * verified)) / 100,
  }
}

const noItems = { items: 0, checked: 0, correct: 0, corrected: 0, wrong: 0, unreachable: 0 }

/** Who may draw a sample: a spot check checks the grid workers' records, so not a grid worker alone. */
function mayCreate(p: UserPrincipal): boolean {
  return p.roles.includes('grid_leader') || p.roles.includes('admin')
}

/**
 * Who may close a spot check: whoever could have drawn it — a grid leader or an administrator
 * whose jurisdiction holds its whole area, not one who sees only some of its grids.
 */
function mayClose(p: UserPrincipal, check: Pick<SpotCheckRow, 'areaPath'>): boolean {
  return p.permissions.has('registry.manage') && mayCreate(p) && pathInScope(check.areaPath, p.scope)
}

/**
 * Who may record an item's result: its assignee, or a grid leader or administrator (the item is
 * inside their jurisdiction, or they would not have read it). Whether the check is open is apart.
 */
function mayRecordFor(p: UserPrincipal, assigneeId: number | null): boolean {
  return (
    p.permissions.has('registry.manage') &&
    (assigneeId === p.userId || p.roles.includes('grid_leader') || p.roles.includes('admin'))
  )
}

const closedConflict = () => new Conflict(text('该抽查已结束，不能再登记结果', 'This spot check is closed'))
const closedAlready = () => new Conflict(text('该抽查已经结束', 'This spot check is closed already'))

/**
 * Spot checks of the registry (抽查): draw a reproducible random sample of active
 * persons per grid under an area (inside the caller's jurisdiction), assign each
 * to a grid worker of its grid, record what the phone call or visit found, and
 * report the accuracy per grid, per worker and overall.
 */
export class SpotCheckService {
  private readonly queries: SpotCheckQueries

  constructor(
    private readonly ports: RegistryPorts,
    staff: StaffSources,
  ) {
    this.queries = new SpotCheckQueries(ports.store.db, staff)
  }

  async create(p: UserPrincipal, actor: Actor, input: CreateInput): Promise<TSpotCheck> {
    if (!mayCreate(p))
      throw new Forbidden(
        text('抽查由网格长或管理员发起', 'A spot check is started by a grid leader or an administrator'),
      )
    const area = await this.ports.area(input.areaCode).catch(() => null)
    if (!area || !pathInScope(area.path, p.scope))
      throw new ValidationError({
        areaCode: text('区域不存在或不在您的辖区内', 'No such area in your jurisdiction'),
      })
    const now = this.ports.clock.now()
    if (input.dueOn !== undefined && input.dueOn < shanghaiDate(now))
      throw new ValidationError({ dueOn: text('截止日期不能早于今天', 'The due date cannot be in the past') })
    const seed = input.seed ?? randomInt(0, 2 ** 47)
    const id = await this.queries.db.transaction().execute(async (trx) => {
      const spotCheckId = await this.queries.insertSpotCheck(
        trx,
        {
          name: input.name,
          areaCode: area.code,
          areaPath: area.path,
          samplePerGrid: input.samplePerGrid,
          method: input.method,
          dueOn: input.dueOn ?? null,
          seed,
          createdBy: p.userId,
        },
        now,
      )
      const drawn = await this.queries.drawSample(trx, spotCheckId, p.scope)
      if (drawn === 0)
        throw new ValidationError({
          areaCode: text('该区域没有可抽查的在册人员', 'There are no active persons to sample in this area'),
        })
      await auditInsert(
        trx,
        actor,
        {
          action: 'spotcheck.create',
          entityType: 'spot_check',
          entityId: spotCheckId,
          areaPath: area.path,
          details: { name: input.name, samplePerGrid: input.samplePerGrid, items: drawn, seed },
        },
        now,
      ).execute()
      return spotCheckId
    })
    return this.get(p, id, { page: 1, pageSize: 50 })
  }

  async list(p: UserPrincipal, input: ListInput): Promise<TSpotCheckList> {
    const { rows, total } = await this.queries.list({
      scope: p.scope,
      status: input.status,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
    })
    const names = await this.ports.displayNames(namedAccounts(rows))
    return {
      items: rows.map((r) => presentCheck(r, names)),
      total,
      page: input.page,
      pageSize: input.pageSize,
    }
  }

  async get(p: UserPrincipal, id: number, query: ItemQuery): Promise<TSpotCheck> {
    const check = await this.queries.get(p.scope, id)
    if (!check) throw new NotFound(spotCheckWord, String(id))
    const [page, counts] = await Promise.all([
      this.queries.items({
        scope: p.scope,
        spotCheckId: id,
        gridCode: query.gridCode,
        pending: query.pending,
        ...(query.mine ? { assigneeId: p.userId } : {}),
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      }),
      this.queries.accuracy(p.scope, id),
    ])
    const userIds = [
      ...namedAccounts([check]),
      ...page.rows.flatMap((i) => [i.assigneeId, i.checkedBy]),
      ...counts.map((c) => c.assigneeId),
    ].filter((u): u is number => u !== null)
    const gridCodes = counts.flatMap((c) => (c.level === 0 && c.gridCode ? [c.gridCode] : []))
    const [names, gridNames, items] = await Promise.all([
      this.ports.displayNames([...new Set(userIds)]),
      this.queries.gridNames(gridCodes),
      this.presentItems(p, page.rows, check.status),
    ])
    const overall = counts.find((c) => c.level === 2)
    return {
      ...presentCheck(check, names),
      // From the statement of the per-grid and per-worker figures, so the three always add up.
      overall: accuracyOf(overall ?? noItems),
      byGrid: counts
        .filter((c) => c.level === 0)
        .map((c) => ({
          gridCode: c.gridCode ?? '',
          gridName: gridNames.get(c.gridCode ?? '') ?? c.gridCode ?? '',
          accuracy: accuracyOf(c),
        })),
      byWorker: counts
        .filter((c) => c.level === 1)
        .map((c) => ({ assignee: userOf(c.assigneeId, names), accuracy: accuracyOf(c) })),
      items: items(names),
      itemsTotal: page.total,
      page: query.page,
      pageSize: query.pageSize,
      mayClose: check.status === 'open' && mayClose(p, check),
    }
  }

  /**
   * Ends a spot check: no result is recorded after it, and its figures stay as they were
   * (readable as before). Closed by whoever may draw one over its whole area; closing
   * one already closed is 409, so two leaders closing at once learn that one of them did.
   */
  async close(p: UserPrincipal, actor: Actor, id: number): Promise<TSpotCheck> {
    const check = await this.queries.get(p.scope, id)
    if (!check) throw new NotFound(spotCheckWord, String(id))
    if (!mayCreate(p))
      throw new Forbidden(
        text('抽查由网格长或管理员结束', 'A spot check is closed by a grid leader or an administrator'),
      )
    if (!pathInScope(check.areaPath, p.scope))
      throw new Forbidden(
        text(
          '该抽查的范围超出您的辖区，由发起范围内的网格长或管理员结束',
          'This spot check reaches beyond your jurisdiction; a grid leader or administrator over its whole area closes it',
        ),
      )
    if (check.status !== 'open') throw closedAlready()
    const now = this.ports.clock.now()
    await this.queries.db.transaction().execute(async (trx) => {
      if (!(await this.queries.close(trx, id, p.userId, now))) throw closedAlready()
      await auditInsert(
        trx,
        actor,
        {
          action: 'spotcheck.close',
          entityType: 'spot_check',
          entityId: id,
          areaPath: check.areaPath,
          // The caller's jurisdiction holds the whole area, so these are all the items.
          details: { name: check.name, items: check.itemCount, checked: check.checkedCount },
        },
        now,
      ).execute()
    })
    return this.get(p, id, { page: 1, pageSize: 50 })
  }

  /**
   * Records what the check found, at the version the caller read. The assignee
   * records; so may a grid leader or an administrator whose jurisdiction holds
   * the item. An item outside the caller's jurisdiction is answered as missing.
   */
  async recordResult(
    p: UserPrincipal,
    actor: Actor,
    spotCheckId: number,
    itemId: number,
    input: ResultInput,
  ): Promise<TSpotCheckItem> {
    const item = requireInScope(p, await this.queries.item(spotCheckId, itemId), spotCheckItemWord, itemId)
    if (!mayRecordFor(p, item.assigneeId))
      throw new Forbidden(
        text(
          '只有被指派的网格员、网格长或管理员可以登记核查结果',
          'Only the assigned grid worker, a grid leader or an administrator records the result',
        ),
      )
    if (item.status !== 'open') throw closedConflict()
    const namesFields = input.result === 'wrong' || input.result === 'corrected'
    if (namesFields && input.fieldsWrong.length === 0)
      throw new ValidationError({
        fieldsWrong: text('请选择哪些信息有误', 'Name the fields that were wrong'),
      })
    if (!namesFields && input.fieldsWrong.length > 0)
      throw new ValidationError({
        fieldsWrong: text(
          '核查结果为“准确”或“未联系上”时不填写有误信息',
          'Wrong fields go only with a wrong or corrected result',
        ),
      })
    const now = this.ports.clock.now()
    const fieldsWrong = [...new Set(input.fieldsWrong)]
    await this.queries.db.transaction().execute(async (trx) => {
      // Read again under a share lock: a closing between the read above and this write is seen here.
      if (!(await this.queries.lockOpen(trx, spotCheckId))) throw closedConflict()
      const version = await this.queries.recordResult(
        trx,
        item.id,
        input.version,
        {
          result: input.result,
          methodUsed: input.methodUsed,
          fieldsWrong,
          note: input.note ?? null,
          checkedBy: p.userId,
        },
        now,
      )
      if (version === undefined) {
        // Read with the transaction's own handle: PGlite has one connection.
        const current = await trx
          .selectFrom('registry_spot_check_items')
          .select('version')
          .where('id', '=', item.id)
          .executeTakeFirst()
        const conflict = new Conflict(
          text(
            '该记录的核查结果已被他人登记，请刷新后重试',
            'Somebody recorded a result for this item meanwhile; reload and retry',
          ),
        )
        conflict.details = { currentVersion: current?.version ?? null }
        throw conflict
      }
      await auditInsert(
        trx,
        actor,
        {
          action: 'spotcheck.result',
          entityType: 'spot_check',
          entityId: spotCheckId,
          areaPath: item.areaPath,
          details: {
            itemId: item.id,
            personId: item.personId,
            result: input.result,
            methodUsed: input.methodUsed,
            fieldsWrong,
            ...(item.result ? { previous: item.result } : {}),
          },
        },
        now,
      ).execute()
    })
    const updated = await this.queries.item(spotCheckId, itemId)
    if (!updated) throw new NotFound(spotCheckItemWord, String(itemId))
    const names = await this.ports.displayNames(
      [updated.assigneeId, updated.checkedBy].filter((u): u is number => u !== null),
    )
    const [one] = (await this.presentItems(p, [updated], updated.status))(names)
    if (!one) throw new NotFound(spotCheckItemWord, String(itemId))
    return one
  }

  /** Items with their persons as they are now (masked), when still inside the caller's jurisdiction. */
  private async presentItems(
    p: UserPrincipal,
    rows: readonly SpotCheckItemRow[],
    status: 'open' | 'closed',
  ): Promise<(names: ReadonlyMap<number, string>) => TSpotCheckItem[]> {
    const { queries } = this.ports
    const ids = rows.map((r) => r.personId)
    const [persons, memberships] = await Promise.all([
      queries.persons(ids),
      seesSpecialGroups(p) ? queries.memberships(ids, true) : Promise.resolve([]),
    ])
    const today = shanghaiDate(this.ports.clock.now())
    const byId = new Map<number, TPersonSummary>(
      persons
        .filter((r) => pathInScope(r.areaPath, p.scope))
        .map((r) => [r.id, presentSummary(r, today, memberships)]),
    )
    return (names) =>
      rows.map((r) => ({
        id: r.id,
        person: byId.get(r.personId) ?? null,
        personId: r.personId,
        gridCode: r.gridCode,
        gridName: r.gridName,
        assignee: userOf(r.assigneeId, names),
        result: r.result,
        methodUsed: r.methodUsed,
        fieldsWrong: r.fieldsWrong as TSpotCheckItem['fieldsWrong'],
        note: r.note,
        checkedBy: r.checkedBy === null ? null : (names.get(r.checkedBy) ?? `#${r.checkedBy}`),
        checkedAt: r.checkedAt?.toISOString() ?? null,
        version: r.version,
        mayRecord: status === 'open' && mayRecordFor(p, r.assigneeId),
      }))
  }
}

/** The accounts a summary names: who drew it and who closed it. */
function namedAccounts(rows: readonly SpotCheckRow[]): number[] {
  return [...new Set(rows.flatMap((r) => [r.createdBy, r.closedBy].filter((u): u is number => u !== null)))]
}

function userOf(id: number | null, names: ReadonlyMap<number, string>) {
  return id === null ? null : { userId: id, name: names.get(id) ?? `#${id}` }
}

function presentCheck(r: SpotCheckRow, names: ReadonlyMap<number, string>): TSpotCheckSummary {
  return {
    id: r.id,
    name: r.name,
    areaCode: r.areaCode,
    areaName: r.areaName,
    samplePerGrid: r.samplePerGrid,
    method: r.method,
    dueOn: r.dueOn,
    status: r.status,
    seed: r.seed,
    createdBy: r.createdBy === null ? null : (names.get(r.createdBy) ?? `#${r.createdBy}`),
    createdAt: r.createdAt.toISOString(),
    closedBy: r.closedBy === null ? null : (names.get(r.closedBy) ?? `#${r.closedBy}`),
    closedAt: r.closedAt?.toISOString() ?? null,
    itemCount: r.itemCount,
    checkedCount: r.checkedCount,
    overall: accuracyOf({
      items: r.itemCount,
      checked: r.checkedCount,
      correct: r.correctCount,
      corrected: r.correctedCount,
      wrong: r.wrongCount,
      unreachable: r.unreachableCount,
    }),
  }
}
