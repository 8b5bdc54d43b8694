import type { TCase, ZCaseActionRequest } from '@onegrid/core/api/cases'
import type { TCatalogRules, TUrgency } from '@onegrid/core/api/catalog'
import { type ActionPayload, decide } from '@onegrid/core/cases/machine'
import { caseRules } from '@onegrid/core/cases/rules'
import type { CaseLevel } from '@onegrid/core/cases/states'
import type { OperationNodeSource } from 'kysely'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { RequirementFailed } from '../../platform/db/one-statement.ts'
import { AppError, Conflict, InvalidTransition, text, ValidationError } from '../../platform/http/errors.ts'
import { alarmColumns, caseClocks } from './case-clock.ts'
import { type CaseView, clockEvents, factsOf } from './case-view.ts'
import { levelOfPath } from './levels.ts'
import { actionNotice } from './notify-rules.ts'
import { actingRole, canSee, caseActor } from './policy.ts'
import type { CaseChange, CasePorts } from './ports.ts'
import { type CaseRow, openStatuses } from './queries.ts'
import { handlingValues, refuse, usableAttachments } from './refusals.ts'
import { relayWrites } from './relays.ts'
import type { CaseUpdate } from './store.ts'

type ActionInput = z.output<typeof ZCaseActionRequest>

/** Whom a case goes to on dispatch or reassignment. */
type Target = {
  unitId: number | null
  userId: number | null
  level: CaseLevel
  unitName: string | null
  userName: string | null
}

/**
 * performCaseAction: every step after the report. The one transition function
 * decides; the case row is updated only if it is still at the version the
 * caller saw (so of fifty concurrent calls exactly one wins), and the timeline
 * row, attachments, audit row, notification and live event are written in the
 * same transaction.
 */
export class PerformCaseAction {
  constructor(
    private readonly ports: CasePorts,
    private readonly view: CaseView,
  ) {}

  async perform(p: UserPrincipal, actor: Actor, caseId: number, input: ActionInput): Promise<TCase> {
    const { queries, store, clock, notifications, hub } = this.ports
    const { row, parts } = await this.view.visibleCase(p, caseId)
    if (input.expectedVersion !== row.version) await this.stale(p, caseId)
    let rules = await queries.rules(row.itemVersionId)
    const attachments = await usableAttachments(queries, p.userId, input.attachmentIds)
    const target = await this.target(row, input)
    const payload: ActionPayload = {
      photos: attachments.filter((a) => a.kind === 'image').length,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(target ? { level: target.level } : input.level ? { level: input.level } : {}),
      ...(input.ruling ? { ruling: input.ruling } : {}),
      ...(input.passed !== undefined ? { passed: input.passed } : {}),
      ...(input.followUp ? { followUp: input.followUp } : {}),
      ...(input.extension ? { extension: input.extension } : {}),
      ...(input.masterCaseId ? { masterCaseId: input.masterCaseId } : {}),
    }
    const cActor = caseActor(p, row)
    const decision = decide(
      factsOf(row, rules, this.ports.escalatesUpstream === true),
      cActor,
      input.action,
      payload,
    )
    if (!decision.ok) refuse(decision)
    const handlingForm = handlingValues(rules.fields, input.fields, input.action === 'handle', 'fields')

    const now = clock.now()
    const update: CaseUpdate = { updatedAt: now, status: decision.to }
    const c = decision.changes
    if (c.level) update.level = c.level
    if (c.suspended !== undefined) update.suspended = c.suspended
    if (c.pendingExtension !== undefined) update.pendingExtension = c.pendingExtension
    if (c.pendingSuspension !== undefined) update.pendingSuspension = c.pendingSuspension
    if (c.supervised !== undefined) update.supervised = c.supervised
    if (c.reworkCount !== undefined) update.reworkCount = c.reworkCount
    if (c.shirked) update.shirkCount = row.shirkCount + 1
    if (target) Object.assign(update, { handlerUnitId: target.unitId, handlerUserId: target.userId })
    const data: Record<string, unknown> = {}
    let urgency: TUrgency = row.urgency
    let mergedInto: { id: number; code: string } | null = row.mergedInto
    const names: Partial<Pick<CaseRow, 'itemName' | 'itemVersion' | 'areaName'>> = {}

    switch (input.action) {
      case 'register': {
        const confirmed = await this.confirm(p, row, input)
        Object.assign(update, confirmed.update)
        Object.assign(data, confirmed.data)
        if (confirmed.rules) rules = confirmed.rules
        Object.assign(names, confirmed.names)
        urgency = confirmed.update.urgency ?? urgency
        break
      }
      case 'escalate':
      case 'reopen':
        Object.assign(update, { handlerUnitId: null, handlerUserId: null })
        if (input.action === 'reopen') Object.assign(update, { closedAt: null, satisfaction: null })
        break
      case 'close':
        update.closedAt = now
        break
      case 'follow_up':
        if (input.followUp?.reached) update.satisfaction = input.followUp.satisfaction ?? null
        data.followUp = input.followUp
        break
      case 'merge':
        mergedInto = await this.master(p, row, input.masterCaseId)
        update.mergedInto = mergedInto.id
        break
      case 'request_extension':
      case 'approve_extension':
        data.extension = input.extension
        break
      case 'joint_meeting':
        data.participants = input.participants ?? []
        break
      case 'verify':
        data.passed = input.passed
        break
      case 'rule_return':
        data.ruling = input.ruling
        break
      default:
        break
    }
    if (target) Object.assign(data, { toUnitId: target.unitId, toUserId: target.userId, level: target.level })
    if (Object.keys(handlingForm).length > 0) {
      // In the step's timeline row, and with the report's values on the case (lists and exports read them there).
      data.fields = handlingForm
      update.fields = { ...row.fields, ...handlingForm }
    }

    const cal = await this.ports.calendar()
    const { events, merged } = parts
    const clocks = caseClocks(
      cal,
      rules,
      urgency,
      [...clockEvents(events), { at: now, effect: decision.clock }],
      now,
    )
    update.clocks = clocks
    Object.assign(update, alarmColumns(cal, { dueAt: row.dueAt, alarmStep: row.alarmStep }, clocks))
    if (clocks.late) update.overdue = true
    const reporters = merged.flatMap((m) => (m.reporterUserId !== null ? [m.reporterUserId] : []))

    const step = {
      at: now,
      action: input.action,
      role: actingRole(cActor, caseRules[input.action].roles),
      fromStatus: row.status,
      toStatus: decision.to,
      note: input.reason ?? input.note ?? null,
      data,
      clock: Object.keys(decision.clock).length > 0 ? decision.clock : null,
    }
    const after = {
      ...row,
      level: update.level ?? row.level,
      handlerUnitId: update.handlerUnitId !== undefined ? update.handlerUnitId : row.handlerUnitId,
      handlerUserId: update.handlerUserId !== undefined ? update.handlerUserId : row.handlerUserId,
      areaPath: update.areaPath ?? row.areaPath,
    }
    const statusChanged = decision.to !== row.status
    const notice = actionNotice(after, input.action, decision.to, p.userId, statusChanged ? reporters : [])
    const db = store.db
    const also: [string, OperationNodeSource][] = [
      [
        'a',
        auditInsert(
          db,
          actor,
          {
            action: 'case.action',
            entityType: 'case',
            entityId: row.id,
            areaPath: after.areaPath,
            details: { code: row.code, action: input.action, from: row.status, to: decision.to },
          },
          now,
        ),
      ],
    ]
    if (notice) also.push(['o', notifications.outboxWrite(db, notice, now)])
    const change: CaseChange = {
      caseId: row.id,
      code: row.code,
      channel: row.channel,
      externalRef: row.externalRef,
      action: input.action,
      fromStatus: row.status,
      toStatus: decision.to,
      fromLevel: row.level,
      level: after.level,
      itemCode: update.itemCode ?? row.itemCode,
      itemName: names.itemName ?? row.itemName,
      title: row.title,
      description: row.description,
      address: row.address,
      location: update.location ?? row.location,
      areaCode: update.areaCode ?? row.areaCode,
      areaName: names.areaName ?? row.areaName,
      urgency,
      version: row.version + 1,
      note: step.note,
      unitName:
        update.handlerUnitId !== undefined || update.handlerUserId !== undefined
          ? (target?.unitName ?? null)
          : row.handlerUnitName,
      followUp: input.action === 'follow_up' ? (input.followUp ?? null) : null,
      at: now,
    }
    also.push(...relayWrites(this.ports.relays, db, change))
    const live = hub.prepare(
      'case.updated',
      { id: row.id, code: row.code, status: decision.to, action: input.action, version: row.version + 1 },
      { scope: after.areaPath },
    )
    const mergedInEvent =
      input.action === 'merge' && update.mergedInto
        ? {
            caseId: update.mergedInto,
            districtCode: row.districtCode,
            at: now,
            action: 'merged_in',
            actorId: p.userId,
            actorName: actor.name,
            role: null,
            fromStatus: null,
            toStatus: null,
            note: input.note ?? null,
            data: { caseId: row.id, code: row.code, channel: row.channel },
            clock: null,
          }
        : null
    const changed = await store
      .writeStep({
        caseId: row.id,
        expectedVersion: input.expectedVersion,
        update,
        event: {
          ...step,
          caseId: row.id,
          districtCode: row.districtCode,
          actorId: p.userId,
          actorName: actor.name,
        },
        masterEvent: mergedInEvent,
        attachmentIds: input.attachmentIds,
        uploader: p.userId,
        also,
        notify: live.notify,
      })
      .catch((err: unknown) => {
        if (!(err instanceof RequirementFailed)) throw err
        if (err.requirement === 'version') return null
        throw new ValidationError({
          attachmentIds: text('附件已被使用，请重新上传', 'An attachment is used already; upload it again'),
        })
      })
    if (!changed) return this.stale(p, caseId)
    // The answer from what is in hand: the row as written, the timeline read before plus this step.
    const handlerChanged = update.handlerUnitId !== undefined || update.handlerUserId !== undefined
    const fresh: CaseRow = {
      ...row,
      ...names,
      status: decision.to,
      level: update.level ?? row.level,
      itemCode: update.itemCode ?? row.itemCode,
      itemVersionId: update.itemVersionId ?? row.itemVersionId,
      urgency,
      fields: update.fields ?? row.fields,
      location: update.location ?? row.location,
      areaCode: update.areaCode ?? row.areaCode,
      areaPath: update.areaPath ?? row.areaPath,
      gridCode: update.gridCode !== undefined ? update.gridCode : row.gridCode,
      handlerUnitId: handlerChanged ? (update.handlerUnitId ?? null) : row.handlerUnitId,
      handlerUnitName: handlerChanged ? (target?.unitName ?? null) : row.handlerUnitName,
      handlerUserId: handlerChanged ? (update.handlerUserId ?? null) : row.handlerUserId,
      handlerUserName: handlerChanged ? (target?.userName ?? null) : row.handlerUserName,
      supervised: update.supervised ?? row.supervised,
      suspended: update.suspended ?? row.suspended,
      pendingExtension: update.pendingExtension ?? row.pendingExtension,
      pendingSuspension: update.pendingSuspension ?? row.pendingSuspension,
      overdue: update.overdue ?? row.overdue,
      reworkCount: update.reworkCount ?? row.reworkCount,
      shirkCount: update.shirkCount ?? row.shirkCount,
      mergedInto,
      satisfaction:
        update.satisfaction !== undefined
          ? (update.satisfaction as CaseRow['satisfaction'])
          : row.satisfaction,
      dueAt: clocks.dueAt,
      warnAt: clocks.warnAt,
      dueStage: clocks.dueStage,
      alarmStep: update.alarmStep ?? row.alarmStep,
      updatedAt: now,
      version: row.version + 1,
    }
    const name = (await this.ports.displayName(p.userId)) ?? actor.name
    return this.view.present(p, fresh, {
      events: [...events, { ...step, id: changed.eventId, actorName: name }],
      attachments: [
        ...parts.attachments,
        ...attachments.map((a) => ({ ...a, caseId: row.id, eventId: changed.eventId })),
      ],
      merged,
      clocks,
    })
  }

  /** 409 with the case as it is now, so the caller can redraw and decide again. */
  private async stale(p: UserPrincipal, caseId: number): Promise<never> {
    const current = await this.view.get(p, caseId)
    const error = new Conflict(
      text(
        '案件已被他人更新，请查看最新状态后再操作',
        'Someone else changed the case; look at it again before acting',
      ),
    )
    error.details = { current }
    throw error
  }

  /** dispatch, and a ruling that reassigns: the unit or person chosen, or where the catalog's routing rule sends it. */
  private async target(row: CaseRow, input: ActionInput): Promise<Target | null> {
    const dispatching =
      input.action === 'dispatch' || (input.action === 'rule_return' && input.ruling === 'reassign')
    if (!dispatching) return null
    const user = input.userId !== undefined ? await this.ports.user(input.userId) : undefined
    if (input.userId !== undefined && user?.status !== 'active')
      throw new ValidationError({ userId: text('承办人不存在或已停用', 'No such active person') })
    const userName = user?.display_name ?? null
    if (input.unitId !== undefined) {
      const unit = await this.ports.unit(input.unitId)
      if (!unit) throw new ValidationError({ unitId: text('承办单位不存在', 'No such unit') })
      return {
        unitId: unit.id,
        userId: input.userId ?? null,
        level: input.level ?? levelOfPath(unit.area_path),
        unitName: unit.name,
        userName,
      }
    }
    if (input.userId !== undefined)
      return { unitId: null, userId: input.userId, level: input.level ?? row.level, unitName: null, userName }
    const route = await this.ports.route(row.itemCode, row.areaCode)
    if (!route.unit)
      throw new ValidationError({
        unitId: text(
          '派遣规则没有对应的承办单位，请选择承办单位或承办人',
          'The routing rule names no unit here; choose a unit or a person',
        ),
      })
    const unit = await this.ports.unit(route.unit.id)
    return {
      unitId: route.unit.id,
      userId: null,
      level: input.level ?? levelOfPath(unit?.area_path ?? ''),
      unitName: route.unit.name,
      userName: null,
    }
  }

  /** 立案: the category, urgency and place confirmed (or corrected) by the center. */
  private async confirm(
    p: UserPrincipal,
    row: CaseRow,
    input: ActionInput,
  ): Promise<{
    update: Partial<CaseUpdate>
    data: Record<string, unknown>
    rules: TCatalogRules | null
    names: Partial<Pick<CaseRow, 'itemName' | 'itemVersion' | 'areaName'>>
  }> {
    const names: Partial<Pick<CaseRow, 'itemName' | 'itemVersion' | 'areaName'>> = {}
    const update: Partial<CaseUpdate> = {}
    const data: Record<string, unknown> = {}
    let rules: TCatalogRules | null = null
    if (input.itemCode && input.itemCode !== row.itemCode) {
      const admitted = await this.ports.admission.check(p, {
        itemCode: input.itemCode,
        channel: row.channel,
        areaCode: row.areaCode,
      })
      const item = await this.ports.catalogItem(admitted.itemCode)
      if (!item) throw new ValidationError({ itemCode: text('事项不存在', 'No such item') })
      Object.assign(update, { itemCode: item.code, itemVersionId: item.versionId })
      rules = item.rules
      Object.assign(names, { itemName: item.rules.name, itemVersion: item.version })
      data.itemCode = { from: row.itemCode, to: item.code }
    }
    if (input.urgency && input.urgency !== row.urgency) {
      update.urgency = input.urgency
      data.urgency = { from: row.urgency, to: input.urgency }
    }
    if (input.gridCode || input.location) {
      const grid = input.gridCode
        ? await this.ports.area(input.gridCode).catch(() => null)
        : await this.ports
            .locate(p.scope, input.location?.lng ?? 0, input.location?.lat ?? 0)
            .then((l) => this.ports.area(l.grid.code))
            .catch((err: unknown) => {
              if (err instanceof AppError && err.status === 404) return null
              throw err
            })
      if (grid?.level !== 'grid' || !pathInScope(grid.path, p.scope))
        throw new ValidationError({
          [input.gridCode ? 'gridCode' : 'location']: text(
            '位置不在您辖区内的网格中',
            'Not in a grid of your jurisdiction',
          ),
        })
      Object.assign(update, { areaCode: grid.code, areaPath: grid.path, gridCode: grid.code })
      names.areaName = grid.name
      if (input.location) update.location = input.location
      if (grid.code !== row.areaCode) data.gridCode = { from: row.areaCode, to: grid.code }
    }
    return { update, data, rules, names }
  }

  /** merge: the master must be another open case the caller can see, not itself a duplicate. */
  private async master(
    p: UserPrincipal,
    row: CaseRow,
    masterId: number | undefined,
  ): Promise<{ id: number; code: string }> {
    if (!masterId || masterId === row.id)
      throw new ValidationError({
        masterCaseId: text('请选择另一个案件作为主案件', 'Choose another case as the master'),
      })
    const master = await this.ports.queries.row(masterId)
    if (!master || !canSee(p, master))
      throw new ValidationError({ masterCaseId: text('主案件不存在或无权查看', 'No such master case') })
    if (!openStatuses.includes(master.status) && master.status !== 'closed')
      throw new InvalidTransition(
        text('主案件已办结或已合并，不能再合并到它', 'The master case is finished or merged itself'),
      )
    return { id: master.id, code: master.code }
  }
}
