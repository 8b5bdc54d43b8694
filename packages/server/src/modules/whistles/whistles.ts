import type { TUnit } from '@onegrid/core/api/identity'
import type {
  TWhistle,
  TWhistleList,
  ZAcknowledgeWhistle,
  ZCheckInWhistle,
  ZCloseWhistle,
  ZEscalateWhistle,
  ZRaiseWhistle,
  ZWhistleListQuery,
} from '@onegrid/core/api/whistles'
import { whistleStatuses } from '@onegrid/core/cases/states'
import { shanghaiDate } from '@onegrid/core/time/calendar'
import type { z } from 'zod'
import { type Actor, pathInScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import {
  AppError,
  Forbidden,
  InvalidTransition,
  NotFound,
  text,
  ValidationError,
} from '../../platform/http/errors.ts'
import type { NotificationMessage } from '../notifications/service.ts'
import { canSee, isCenter, isRaiser, ownResponses } from './policy.ts'
import type { WhistlePorts } from './ports.ts'
import { presentWhistles } from './present-whistles.ts'
import type { ResponseRow, WhistleQueries, WhistleRow } from './queries.ts'
import type { StepExtras, WhistleStore } from './store.ts'

type RaiseInput = z.output<typeof ZRaiseWhistle>
type ListInput = z.output<typeof ZWhistleListQuery>
type AckInput = z.output<typeof ZAcknowledgeWhistle>
type CheckInInput = z.output<typeof ZCheckInWhistle>
type EscalateInput = z.output<typeof ZEscalateWhistle>
type CloseInput = z.output<typeof ZCloseWhistle>

export const whistleWord = text('吹哨', 'Whistle')
/** The check-in radius when none is configured: 300 m from the whistle's place. */
export const defaultCheckInRadiusM = 300
/** A recorded time may run a little ahead of the server's clock (a phone's clock runs fast). */
const aheadMs = 5 * 60_000

/** HH:mm of an instant in Asia/Shanghai (fixed UTC+8). */
export function clockText(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)
}

/**
 * The whistle (吹哨报到): raise one on a place of one's jurisdiction summoning departments;
 * the departments acknowledge and check in on site (or the raiser records them); the center
 * escalates; the raiser or the center closes it with the outcome. Reads are scoped: the
 * whistle's area, or a summoned unit of the caller.
 */
export class WhistleService {
  constructor(
    private readonly ports: WhistlePorts,
    private readonly queries: WhistleQueries,
    private readonly store: WhistleStore,
    private readonly options: { checkInRadiusM?: number } = {},
  ) {}

  /**
   * Whom the caller may summon: the district's own departments and platforms (a grid worker's
   * jurisdiction holds none), and the street platforms and offices (派出所, 司法所 …) above or
   * inside the caller's jurisdiction (a district's whole list would name other streets' units).
   */
  async summonable(p: UserPrincipal): Promise<TUnit[]> {
    const labels = p.scope.areaPaths.map((path) => path.split('.'))
    const districts = [...new Set(labels.map((l) => l[0] ?? ''))].filter(Boolean)
    const units = (await Promise.all(districts.map((d) => this.ports.summonable(d)))).flat()
    return units.filter(
      (u) =>
        districts.includes(u.areaCode) ||
        // Area codes extend their parent's code, so a path's last label starts every code under it.
        labels.some((l) => l.includes(u.areaCode) || u.areaCode.startsWith(l[l.length - 1] ?? '-')),
    )
  }

  async raise(p: UserPrincipal, actor: Actor, input: RaiseInput): Promise<TWhistle> {
    if (input.arriveMinutes < input.ackMinutes)
      throw new ValidationError({
        arriveMinutes: text(
          '到场时限不能短于报到时限',
          'The arrival limit cannot be shorter than the acknowledgement limit',
        ),
      })
    const { lng, lat } = input.location
    const place = await this.ports.locate(p.scope, lng, lat).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404)
        throw new ValidationError({
          location: text('该位置不在您辖区的网格内', 'This place lies in no grid of your jurisdiction'),
        })
      throw err
    })
    const district = place.district.code
    const areaPath = [district, place.street.code, place.community.code, place.grid.code].join('.')
    let caseRef: { id: number; code: string } | null = null
    if (input.caseId !== undefined) {
      const c = await this.ports.visibleCase(p, input.caseId).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) return undefined
        throw err
      })
      if (!c || !pathInScope(c.areaPath, p.scope))
        throw new ValidationError({
          caseId: text('案件不存在或不在您的辖区内', 'No such case in your jurisdiction'),
        })
      if (!whistleStatuses.includes(c.status))
        throw new ValidationError({
          caseId: text(
            `案件 ${c.code} 已处置完毕，无需吹哨`,
            `Case ${c.code} has already been handled; there is nothing to summon departments for`,
          ),
        })
      caseRef = { id: c.id, code: c.code }
    }
    const units = await this.ports.units(input.unitIds)
    const byId = new Map(units.map((u) => [u.id, u]))
    const bad = input.unitIds.filter((id) => {
      const u = byId.get(id)
      return (
        !u ||
        (u.kind !== 'department' && u.kind !== 'platform') ||
        !(u.areaPath === district || u.areaPath.startsWith(`${district}.`))
      )
    })
    if (bad.length > 0)
      throw new ValidationError({
        unitIds: text(
          `单位 ${bad.join('、')} 不是本区的职能部门或平台`,
          `Units ${bad.join(', ')} are not departments or platforms of the district`,
        ),
      })
    const now = this.ports.clock.now()
    const radius = this.options.checkInRadiusM ?? defaultCheckInRadiusM
    const ackDue = new Date(now.getTime() + input.ackMinutes * 60_000)
    const arriveDue = new Date(now.getTime() + input.arriveMinutes * 60_000)
    const where = input.address || place.grid.name
    const id = await this.store.raise(
      {
        districtCode: district,
        codePrefix: `CS${shanghaiDate(now).replaceAll('-', '')}`,
        title: input.title,
        description: input.description,
        caseId: caseRef?.id ?? null,
        location: { lng, lat },
        address: input.address ?? null,
        gridCode: place.grid.code,
        areaPath,
        raisedBy: p.userId,
        raisedAt: now,
        ackMinutes: input.ackMinutes,
        arriveMinutes: input.arriveMinutes,
        checkInRadiusM: radius,
        unitIds: input.unitIds,
      },
      actor,
      (newId, code) => ({
        audit: {
          action: 'whistle.raise',
          areaPath,
          details: { code, caseId: caseRef?.id ?? null, unitIds: input.unitIds },
        },
        also: async (trx) => {
          await this.notify(trx, now, {
            kind: 'whistle.raised',
            title: `吹哨报到：${input.title}`,
            body: `${code} · ${where}：请于 ${clockText(ackDue)} 前报到，${clockText(arriveDue)} 前到场`,
            caseId: caseRef?.id ?? null,
            caseCode: caseRef?.code ?? null,
            recipients: { unitIds: input.unitIds, exceptUserId: p.userId },
          })
          await this.publish(trx, { id: newId, code, status: 'open', action: 'raise' }, areaPath)
        },
      }),
    )
    return this.get(p, id)
  }

  async get(p: UserPrincipal, id: number): Promise<TWhistle> {
    const w = await this.visible(p, id)
    const [presented] = await presentWhistles(this.ports, p, [w])
    if (!presented) throw new NotFound(whistleWord, String(id))
    return presented
  }

  async list(p: UserPrincipal, q: ListInput): Promise<TWhistleList> {
    const { rows, total } = await this.queries.list({
      scope: p.scope,
      ...(q.status ? { status: q.status } : {}),
      ...(q.caseId !== undefined ? { caseId: q.caseId } : {}),
      ...(q.waitingForMe
        ? { waitingForUnits: p.permissions.has('whistles.answer') ? p.scope.unitIds : [] }
        : {}),
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    })
    return { items: await presentWhistles(this.ports, p, rows), total, page: q.page, pageSize: q.pageSize }
  }

  async acknowledge(p: UserPrincipal, actor: Actor, id: number, input: AckInput): Promise<TWhistle> {
    const w = await this.visible(p, id)
    const own = this.answering(p, w)
    this.requireOpen(w)
    const targets = own.filter((r) => r.status === 'summoned')
    if (targets.length === 0)
      throw new InvalidTransition(
        text('贵部门已报到或已到场', 'Your department has acknowledged or arrived already'),
      )
    const now = this.ports.clock.now()
    const unitIds = targets.map((r) => r.unitId)
    const caseCode = await this.caseCode(w)
    await this.store.acknowledge(
      w.id,
      w.version,
      unitIds,
      { by: p.userId, at: now, note: input.note ?? null },
      actor,
      this.toRaiser(w, p, now, 'acknowledge', unitIds, caseCode, {
        kind: 'whistle.acknowledged',
        title: `${names(targets)}已报到`,
        body: `${w.code} ${w.title}${input.note ? `：${input.note}` : ''}`,
      }),
    )
    return this.get(p, id)
  }

  async checkIn(p: UserPrincipal, actor: Actor, id: number, input: CheckInInput): Promise<TWhistle> {
    const w = await this.visible(p, id)
    this.requireOpen(w)
    const now = this.ports.clock.now()
    const at = this.arrivalTime(w, now, input.at)
    const own = ownResponses(p, w)
    if (own.length > 0) {
      const chosen = input.unitId === undefined ? own : own.filter((r) => r.unitId === input.unitId)
      if (chosen.length === 0)
        throw new ValidationError({
          unitId: text('您不属于该部门', 'You do not belong to this department'),
        })
      if (!input.location)
        throw new ValidationError({
          location: text('请在现场定位后签到', 'Check in with your position at the place'),
        })
      const distance = await this.queries.distance(w.id, input.location)
      if (distance === undefined) throw new NotFound(whistleWord, String(id))
      const d = Math.round(distance)
      if (distance > w.checkInRadiusM)
        throw new ValidationError({
          location: text(
            `您距吹哨地点约 ${d} 米，超出 ${w.checkInRadiusM} 米的签到范围`,
            `You are about ${d} m from the place, beyond the ${w.checkInRadiusM} m check-in radius`,
          ),
        })
      const targets = chosen.filter((r) => r.status !== 'arrived')
      if (targets.length === 0)
        throw new InvalidTransition(text('贵部门已到场签到', 'Your department has checked in already'))
      return this.arrive(p, actor, w, targets, {
        at,
        now,
        source: 'check_in',
        distanceM: Math.round(distance * 10) / 10,
        note: input.note ?? null,
      })
    }
    if (!isRaiser(p, w))
      throw new Forbidden(
        text(
          '只有被召集部门的处置人员或吹哨人可以登记到场',
          'Only a summoned department’s handler or the raiser may record an arrival',
        ),
      )
    if (input.unitId === undefined)
      throw new ValidationError({ unitId: text('请选择到场的部门', 'Choose the department that arrived') })
    const response = w.responses.find((r) => r.unitId === input.unitId)
    if (!response)
      throw new ValidationError({
        unitId: text('该部门未被本次吹哨召集', 'This department was not summoned by this whistle'),
      })
    if (response.status === 'arrived')
      throw new InvalidTransition(text('该部门已到场', 'This department has arrived already'))
    return this.arrive(p, actor, w, [response], {
      at,
      now,
      source: 'recorded',
      distanceM: null,
      note: input.note ?? null,
    })
  }

  async escalate(p: UserPrincipal, actor: Actor, id: number, input: EscalateInput): Promise<TWhistle> {
    const w = await this.visible(p, id)
    if (!isCenter(p, w))
      throw new Forbidden(text('只有指挥中心可以督办吹哨', 'Only the center may escalate a whistle'))
    this.requireOpen(w)
    if (w.escalatedAt !== null)
      throw new InvalidTransition(text('该吹哨已督办', 'This whistle has been escalated already'))
    const absent = w.responses.filter((r) => r.status !== 'arrived')
    if (absent.length === 0)
      throw new InvalidTransition(text('各部门均已到场，无需督办', 'Every department has arrived'))
    const now = this.ports.clock.now()
    const caseCode = await this.caseCode(w)
    await this.store.escalate(w.id, w.version, { by: p.userId, at: now, note: input.note }, actor, {
      audit: {
        action: 'whistle.escalate',
        areaPath: w.areaPath,
        details: { code: w.code, unitIds: absent.map((r) => r.unitId) },
      },
      also: async (trx) => {
        await this.notify(trx, now, {
          kind: 'whistle.escalated',
          title: `吹哨督办：${w.title}`,
          body: `${w.code} · ${w.address ?? w.areaName}：${input.note}（未到：${names(absent)}）`,
          caseId: w.caseId,
          caseCode,
          recipients: {
            unitIds: absent.map((r) => r.unitId),
            userIds: [w.raisedBy],
            exceptUserId: p.userId,
          },
        })
        await this.publish(trx, { id: w.id, code: w.code, status: w.status, action: 'escalate' }, w.areaPath)
      },
    })
    return this.get(p, id)
  }

  async close(p: UserPrincipal, actor: Actor, id: number, input: CloseInput): Promise<TWhistle> {
    const w = await this.visible(p, id)
    if (!isRaiser(p, w) && !isCenter(p, w))
      throw new Forbidden(text('只有吹哨人或指挥中心可以结束吹哨', 'Only the raiser or the center may close'))
    this.requireOpen(w)
    const now = this.ports.clock.now()
    const caseCode = await this.caseCode(w)
    await this.store.close(
      w.id,
      w.version,
      { by: p.userId, at: now, outcome: input.outcome },
      actor,
      (missed) => ({
        audit: {
          action: 'whistle.close',
          areaPath: w.areaPath,
          details: { code: w.code, missedUnitIds: missed },
        },
        also: async (trx) => {
          if (missed.length > 0)
            await this.notify(trx, now, {
              kind: 'whistle.missed',
              title: `吹哨已结束，贵部门计为未到：${w.title}`,
              body: `${w.code} · ${w.address ?? w.areaName}：${input.outcome}`,
              caseId: w.caseId,
              caseCode,
              recipients: { unitIds: missed },
            })
          await this.publish(trx, { id: w.id, code: w.code, status: 'closed', action: 'close' }, w.areaPath)
        },
      }),
    )
    return this.get(p, id)
  }

  private async arrive(
    p: UserPrincipal,
    actor: Actor,
    w: WhistleRow,
    targets: readonly ResponseRow[],
    a: {
      at: Date
      now: Date
      source: 'check_in' | 'recorded'
      distanceM: number | null
      note: string | null
    },
  ): Promise<TWhistle> {
    const unitIds = targets.map((r) => r.unitId)
    const late = targets.some((r) => a.at.getTime() > r.arriveDueAt.getTime())
    const caseCode = await this.caseCode(w)
    await this.store.arrive(
      w.id,
      w.version,
      unitIds,
      { by: p.userId, at: a.at, source: a.source, distanceM: a.distanceM, note: a.note },
      a.now,
      actor,
      this.toRaiser(w, p, a.now, 'check_in', unitIds, caseCode, {
        kind: 'whistle.arrived',
        title: `${names(targets)}已到场${late ? '（迟到）' : ''}`,
        body: `${w.code} ${w.title}：${clockText(a.at)} ${a.source === 'check_in' ? '现场签到' : '吹哨人登记'}`,
      }),
    )
    return this.get(p, w.id)
  }

  /** A step's audit row, the raiser's notice and the live event. */
  private toRaiser(
    w: WhistleRow,
    p: UserPrincipal,
    now: Date,
    action: 'acknowledge' | 'check_in',
    unitIds: readonly number[],
    caseCode: string | null,
    notice: { kind: string; title: string; body: string },
  ): StepExtras {
    return {
      audit: {
        action: action === 'acknowledge' ? 'whistle.acknowledge' : 'whistle.check_in',
        areaPath: w.areaPath,
        details: { code: w.code, unitIds },
      },
      also: async (trx) => {
        await this.notify(trx, now, {
          ...notice,
          caseId: w.caseId,
          caseCode,
          recipients: { userIds: [w.raisedBy], exceptUserId: p.userId },
        })
        await this.publish(trx, { id: w.id, code: w.code, status: w.status, action }, w.areaPath)
      },
    }
  }

  private async visible(p: UserPrincipal, id: number): Promise<WhistleRow> {
    const w = await this.queries.whistle(id)
    if (!w || !canSee(p, w)) throw new NotFound(whistleWord, String(id))
    return w
  }

  /** The caller's summoned units' responses; a handler of another unit is refused. */
  private answering(p: UserPrincipal, w: WhistleRow): ResponseRow[] {
    const own = ownResponses(p, w)
    if (own.length === 0)
      throw new Forbidden(text('贵部门未被本次吹哨召集', 'Your department was not summoned by this whistle'))
    return own
  }

  private requireOpen(w: WhistleRow): void {
    if (w.status !== 'open') throw new InvalidTransition(text('该吹哨已结束', 'This whistle is closed'))
  }

  /** When the arrival was: given (not in the future, not before the whistle), or now. */
  private arrivalTime(w: WhistleRow, now: Date, given: string | undefined): Date {
    if (given === undefined) return now
    const at = new Date(given)
    if (at.getTime() > now.getTime() + aheadMs)
      throw new ValidationError({ at: text('到场时间不能晚于现在', 'An arrival cannot be in the future') })
    if (at.getTime() < w.raisedAt.getTime())
      throw new ValidationError({
        at: text('到场时间不能早于吹哨时间', 'An arrival cannot precede the whistle'),
      })
    return at.getTime() > now.getTime() ? now : at
  }

  /** Read before a step's transaction: on the embedded database a read beside an open transaction waits for it. */
  private async caseCode(w: WhistleRow): Promise<string | null> {
    if (w.caseId === null) return null
    return (await this.ports.caseRefs([w.caseId])).get(w.caseId)?.code ?? null
  }

  private async notify(trx: Db, now: Date, message: NotificationMessage): Promise<void> {
    await this.ports.notifications.enqueue(trx, message, now)
  }

  private async publish(
    trx: Db,
    data: { id: number; code: string; status: string; action: string },
    areaPath: string,
  ): Promise<void> {
    await this.ports.hub.publish('whistle.updated', data, { scope: areaPath, executor: trx })
  }
}

/** The departments' names, joined for a notice. */
function names(responses: readonly ResponseRow[]): string {
  return responses.map((r) => r.unitName).join('、')
}
