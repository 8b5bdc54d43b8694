import type { TCase, ZReportCase } from '@onegrid/core/api/cases'
import { nextAlarmAt } from '@onegrid/core/cases/alarms'
import { decide } from '@onegrid/core/cases/machine'
import { caseRules } from '@onegrid/core/cases/rules'
import { routeFor } from '@onegrid/core/catalog/routing'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { OperationNodeSource } from 'kysely'
import type { z } from 'zod'
import { auditInsert } from '../../platform/audit/audit-log.ts'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import { maskName, maskPhone } from '../../platform/crypto/mask.ts'
import { RequirementFailed } from '../../platform/db/one-statement.ts'
import { isUniqueViolation } from '../../platform/db/sql-text.ts'
import { AppError, Forbidden, text, ValidationError } from '../../platform/http/errors.ts'
import { type ClockColumns, caseClocks } from './case-clock.ts'
import type { CaseView, KnownParts } from './case-view.ts'
import { levelOfRouting } from './levels.ts'
import { actionNotice } from './notify-rules.ts'
import { actingRole, caseActor } from './policy.ts'
import type { CasePorts } from './ports.ts'
import type { CaseRow } from './queries.ts'
import { handlingValues, refuse, unusableAttachments } from './refusals.ts'
import { relayWrites } from './relays.ts'

type ReportInput = z.output<typeof ZReportCase>

const piiContext = 'case.reporter'

/** Channels through which staff on the spot report, with a camera at hand. */
const fieldChannels: readonly string[] = ['grid_worker', 'patrol']

/**
 * reportCase: 信息收集 → a case. Admission first (回绝 answers 422 with
 * alternatives), then the place (the grid at the point, in the caller's
 * jurisdiction, or the grid chosen), the level from the catalog's routing,
 * the transition by the one state machine, and everything in one transaction:
 * the case, its first timeline row, the attachments, the audit row, the
 * notification and the live event. An intake key makes a retry return the
 * case it made, even if the first answer never arrived.
 */
export class ReportCase {
  constructor(
    private readonly ports: CasePorts,
    private readonly view: CaseView,
  ) {}

  async report(
    p: UserPrincipal,
    actor: Actor,
    input: ReportInput,
    intakeKey: string | null,
  ): Promise<{ created: boolean; case: TCase }> {
    const { queries } = this.ports
    if (intakeKey) {
      const existing = await queries.byIntakeKey(intakeKey)
      if (existing) return { created: false, case: await this.view.get(p, existing) }
    }
    try {
      const made = await this.create(p, actor, input, intakeKey)
      return {
        created: true,
        case: await this.view.present(p, made.row, { ...made.known, merged: [], clocks: made.clocks }),
      }
    } catch (err) {
      if (intakeKey && isUniqueViolation(err)) {
        const existing = await queries.byIntakeKey(intakeKey)
        if (existing) return { created: false, case: await this.view.get(p, existing) }
      }
      throw err
    }
  }

  /** The grid the case lies in: chosen, or found at the point (its path from the codes, which nest). */
  private async place(p: UserPrincipal, input: ReportInput) {
    if (input.gridCode) {
      const grid = await this.ports.area(input.gridCode).catch(() => null)
      if (grid?.level !== 'grid' || !pathInScope(grid.path, p.scope))
        throw new ValidationError({
          gridCode: text('网格不存在或不在您的辖区内', 'No such grid in your jurisdiction'),
        })
      return { code: grid.code, name: grid.name, path: grid.path, version: null as number | null }
    }
    if (!input.location)
      throw new ValidationError({
        location: text('请在地图上标出位置，或选择网格', 'Mark the place on the map or choose a grid'),
      })
    const found = await this.ports
      .locate(p.scope, input.location.lng, input.location.lat)
      .catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) return null
        throw err
      })
    if (!found)
      throw new ValidationError({
        location: text('该位置不在您辖区内的任何网格中', 'The place is in no grid of your jurisdiction'),
      })
    const path = [found.district.code, found.street.code, found.community.code, found.grid.code].join('.')
    return { code: found.grid.code, name: found.grid.name, path, version: found.grid.version }
  }

  private async create(
    p: UserPrincipal,
    actor: Actor,
    input: ReportInput,
    intakeKey: string | null,
  ): Promise<{ row: CaseRow; known: Omit<KnownParts, 'merged'>; clocks: ClockColumns }> {
    const { store, clock, pii, notifications, hub } = this.ports
    const grid = await this.place(p, input)
    const admitted = await this.ports.admission.check(p, {
      itemCode: input.itemCode,
      channel: input.channel,
      areaCode: grid.code,
      fields: input.fields,
    })
    const rules = await this.ports.queries.rules(admitted.versionId)
    const item = { code: admitted.itemCode, versionId: admitted.versionId, rules }
    const level = levelOfRouting(routeFor(rules.routing, grid.path).level)
    const now = clock.now()
    const district = grid.path.split('.')[0] ?? grid.code.slice(0, 6)
    const codePrefix = `${district}${shanghaiDate(now).replaceAll('-', '')}`
    const { id, code } = await store.allocate(codePrefix)
    // The attachments are checked as the report is written (the caller's, unused, and a photo among
    // them where one is required): judged here as if they were all photos, and refused by the write
    // with what the rules say of a report without one.
    const attachmentCount = new Set(input.attachmentIds).size
    const action = input.selfHandle ? 'self_handle' : 'report'
    const parties = {
      areaPath: grid.path,
      handlerUnitId: null,
      handlerUserId: null,
      reporterUserId: p.userId,
    }
    const caseActorNow = caseActor(p, parties)
    const decideWith = (photos: number) =>
      decide(
        {
          status: null,
          level,
          selfHandleAllowed: admitted.selfHandle,
          // A caller on the phone cannot take a photo: only reports from the field must carry one.
          photoRequired: admitted.photoRequired && fieldChannels.includes(input.channel),
          suspended: false,
          pendingExtension: false,
          pendingSuspension: false,
          supervised: false,
          reworkCount: 0,
        },
        caseActorNow,
        action,
        { photos, ...(input.handlingNote ? { note: input.handlingNote } : {}) },
      )
    const decision = decideWith(attachmentCount)
    if (!decision.ok) refuse(decision)
    const withoutPhoto = attachmentCount > 0 ? decideWith(0) : decision
    if (input.selfHandle && !input.handlingNote)
      throw new ValidationError({ handlingNote: text('请填写处置情况', 'Describe what was done') })
    const handlingForm = handlingValues(
      rules.fields,
      input.handlingFields,
      input.selfHandle,
      'handlingFields',
    )
    const caseFields = { ...input.fields, ...handlingForm }
    if (input.reporter && !p.roles.some((r) => r === 'operator' || r === 'shift_leader'))
      throw new Forbidden(text('只有受理员可以代群众登记', 'Only an operator records a resident’s report'))

    const cal = await this.ports.calendar()
    const clocks = caseClocks(cal, item.rules, input.urgency, [{ at: now, effect: decision.clock }], now)
    const resident = input.reporter
    const role = actingRole(caseActorNow, caseRules[action].roles)
    // The timeline names people by their display name.
    const name = (await this.ports.displayName(p.userId)) ?? actor.name

    const reporterKind = resident ? (resident.anonymous ? 'anonymous' : 'resident') : 'staff'
    const event = {
      at: now,
      action,
      role,
      fromStatus: null,
      toStatus: decision.to,
      note: input.selfHandle ? (input.handlingNote ?? null) : null,
      data: {
        channel: input.channel,
        itemCode: item.code,
        itemVersionId: item.versionId,
        ...(Object.keys(handlingForm).length > 0 ? { fields: handlingForm } : {}),
      },
      clock: decision.clock,
    }
    // The answer is built from what the report holds: the case is not read back.
    const row: CaseRow = {
      id,
      code,
      districtCode: district,
      channel: input.channel,
      itemCode: item.code,
      itemName: rules.name,
      itemVersionId: item.versionId,
      itemVersion: admitted.version,
      title: input.title ?? rules.name,
      description: input.description,
      address: input.address ?? null,
      location: input.location ?? null,
      areaCode: grid.code,
      areaName: grid.name,
      areaPath: grid.path,
      gridCode: grid.code,
      urgency: input.urgency,
      level,
      status: decision.to,
      handlerUnitId: null,
      handlerUnitName: null,
      handlerUserId: null,
      handlerUserName: null,
      reporterKind,
      reporterUserId: resident ? null : p.userId,
      reporterUserName: resident ? null : name,
      reporterNameMasked: resident?.name ? maskName(resident.name) : null,
      reporterPhoneMasked: resident?.phone ? maskPhone(resident.phone) : null,
      fields: caseFields,
      externalRef: input.externalRef ?? null,
      selfHandled: decision.changes.selfHandled === true,
      supervised: false,
      suspended: false,
      pendingExtension: false,
      pendingSuspension: false,
      overdue: clocks.late,
      reworkCount: 0,
      shirkCount: 0,
      mergedInto: null,
      satisfaction: null,
      dueAt: clocks.dueAt,
      warnAt: clocks.warnAt,
      dueStage: clocks.dueStage,
      alarmStep: 0,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : null,
      reportedAt: now,
      updatedAt: now,
      version: 1,
    }
    const notice = actionNotice(row, action, decision.to, p.userId)
    const live = hub.prepare(
      'case.created',
      {
        id,
        code,
        title: row.title,
        status: decision.to,
        itemName: item.rules.name,
        areaCode: grid.code,
        urgency: input.urgency,
        channel: input.channel,
      },
      { scope: grid.path },
    )
    const db = store.db
    const also: [string, OperationNodeSource][] = [
      [
        'a',
        auditInsert(
          db,
          actor,
          {
            action: 'case.report',
            entityType: 'case',
            entityId: id,
            areaPath: grid.path,
            details: { code, action },
          },
          now,
        ),
      ],
    ]
    if (notice) also.push(['o', notifications.outboxWrite(db, notice, now)])
    also.push(
      ...relayWrites(this.ports.relays, db, {
        caseId: id,
        code,
        channel: input.channel,
        externalRef: row.externalRef,
        action,
        fromStatus: null,
        toStatus: decision.to,
        fromLevel: level,
        level,
        itemCode: item.code,
        itemName: rules.name,
        title: row.title,
        description: row.description,
        address: row.address,
        location: row.location,
        areaCode: grid.code,
        areaName: grid.name,
        urgency: input.urgency,
        version: 1,
        note: event.note,
        unitName: null,
        followUp: null,
        at: now,
      }),
    )
    const { eventId, attachments } = await store
      .writeReport({
        allocated: { id, code },
        case: {
          districtCode: district,
          channel: input.channel,
          itemCode: item.code,
          itemVersionId: item.versionId,
          title: input.title ?? item.rules.name,
          description: input.description,
          address: input.address ?? null,
          location: input.location ?? null,
          areaCode: grid.code,
          areaPath: grid.path,
          gridCode: grid.code,
          boundaryVersion: grid.version,
          urgency: input.urgency,
          level,
          status: decision.to,
          reporterKind,
          reporterUserId: resident ? null : p.userId,
          reporterNameCipher: resident?.name ? pii.encrypt(resident.name, piiContext) : null,
          reporterNameMasked: row.reporterNameMasked,
          reporterPhoneCipher: resident?.phone ? pii.encrypt(resident.phone, piiContext) : null,
          reporterPhoneMasked: row.reporterPhoneMasked,
          reporterPhoneIndex: resident?.phone ? pii.blindIndex(resident.phone, 'phone') : null,
          fields: caseFields,
          externalRef: input.externalRef ?? null,
          intakeKey,
          selfHandled: row.selfHandled,
          occurredAt: row.occurredAt,
          reportedAt: now,
        },
        clocks,
        nextAlarmAt: nextAlarmAt(cal, clocks, 0),
        event: { ...event, caseId: id, districtCode: district, actorId: p.userId, actorName: actor.name },
        attachmentIds: input.attachmentIds,
        photoRequired: !withoutPhoto.ok,
        uploader: p.userId,
        also,
        notify: live.notify,
      })
      .catch((err: unknown) => {
        if (err instanceof RequirementFailed && err.requirement === 'attachments') unusableAttachments()
        if (err instanceof RequirementFailed && err.requirement === 'photos' && !withoutPhoto.ok)
          refuse(withoutPhoto)
        throw err
      })
    return {
      row,
      clocks,
      known: { events: [{ ...event, id: eventId, actorName: name }], attachments },
    }
  }
}
