import { alarmSteps, climb } from '@onegrid/core/cases/alarms'
import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { alarmNotice } from './notify-rules.ts'
import type { CasePorts } from './ports.ts'

type Due = {
  id: number
  code: string
  title: string
  level: string
  area_path: string
  district_code: string
  handler_unit_id: number | null
  handler_user_id: number | null
  status: string
  due_at: Date | null
  warn_at: Date | null
  due_stage: string | null
  alarm_step: number
}

/** A case whose stage deadline is near (the 'warned' step, before the deadline), told once per climb to it. */
export type NearCase = {
  id: number
  code: string
  stage: string | null
  dueAt: Date
  handlerUnitId: number | null
  handlerUserId: number | null
}

/** Run in the sweep's transaction when a case's deadline comes near (the handler's reminder). */
export type DeadlineNear = (trx: Db, c: NearCase, now: Date) => Promise<void>

/** What the timeline says at each step of the ladder (the demo's history says the same). */
export const alarmNotes: Record<number, string> = {
  1: '时限将至（已用 80%），请抓紧办理',
  2: '已超过办理时限，系统催办',
  3: '超期一个工作日，提请上一级督办',
  4: '超期三个工作日，列入通报',
}

/**
 * The deadline sweep: takes cases whose next alarm is due with FOR UPDATE
 * SKIP LOCKED (so instances side by side never take the same case), climbs
 * each one's ladder to the step now due, and in the same transaction writes
 * the flags, a timeline row and the notification. The step is stored, so a
 * step fires once however many instances sweep.
 */
export class DeadlineSweep {
  constructor(
    private readonly db: Db,
    private readonly ports: CasePorts,
    private readonly log: FastifyBaseLogger,
    private readonly options: { batchSize?: number; onDeadlineNear?: DeadlineNear } = {},
  ) {}

  async sweep(): Promise<{ fired: number }> {
    const { clock, notifications } = this.ports
    const now = clock.now()
    const cal = await this.ports.calendar()
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<Due>`
        SELECT id, code, title, level, area_path::text AS area_path, district_code, handler_unit_id, handler_user_id,
               status, due_at, warn_at, due_stage, alarm_step
        FROM cases
        WHERE next_alarm_at <= ${now}
        ORDER BY next_alarm_at
        LIMIT ${this.options.batchSize ?? 200}
        FOR UPDATE SKIP LOCKED`.execute(trx)
      let fired = 0
      for (const c of rows) {
        const { step, nextAt } = climb(cal, { warnAt: c.warn_at, dueAt: c.due_at }, c.alarm_step, now)
        const flags =
          step >= alarmSteps.indexOf('bulletin')
            ? { overdue: true, supervised: true, bulletin: true }
            : step >= alarmSteps.indexOf('supervised')
              ? { overdue: true, supervised: true }
              : step >= alarmSteps.indexOf('overdue')
                ? { overdue: true }
                : {}
        await trx
          .updateTable('cases')
          .set({
            ...flags,
            alarm_step: step,
            next_alarm_at: nextAt,
            version: sql<number>`version + 1`,
            updated_at: now,
          })
          .where('id', '=', c.id)
          .execute()
        if (step === c.alarm_step) continue
        fired++
        await trx
          .insertInto('case_events')
          .values({
            case_id: c.id,
            district_code: c.district_code,
            at: now,
            action: 'alarm',
            actor_id: null,
            actor_name: '系统',
            role: 'system',
            from_status: null,
            to_status: null,
            note: alarmNotes[step] ?? null,
            data: JSON.stringify({ step: alarmSteps[step], stage: c.due_stage, dueAt: c.due_at }),
            clock: null,
          })
          .execute()
        const notice = alarmNotice(
          {
            id: Number(c.id),
            code: c.code,
            title: c.title,
            level: c.level as 'community' | 'street' | 'district',
            areaPath: c.area_path,
            handlerUnitId: c.handler_unit_id === null ? null : Number(c.handler_unit_id),
            handlerUserId: c.handler_user_id === null ? null : Number(c.handler_user_id),
            dueAt: c.due_at,
          },
          step,
        )
        if (notice) await notifications.enqueue(trx, notice, now)
        const warned = alarmSteps.indexOf('warned')
        if (
          this.options.onDeadlineNear &&
          step >= warned &&
          c.alarm_step < warned &&
          c.due_at &&
          c.due_at > now
        )
          await this.options.onDeadlineNear(
            trx,
            {
              id: Number(c.id),
              code: c.code,
              stage: c.due_stage,
              dueAt: c.due_at,
              handlerUnitId: c.handler_unit_id === null ? null : Number(c.handler_unit_id),
              handlerUserId: c.handler_user_id === null ? null : Number(c.handler_user_id),
            },
            now,
          )
        await this.ports.hub.publish(
          'case.updated',
          { id: Number(c.id), code: c.code, status: c.status, action: 'alarm', step: alarmSteps[step] },
          { scope: c.area_path, executor: trx },
        )
      }
      if (fired > 0) this.log.info({ fired, taken: rows.length }, 'deadline sweep fired alarms')
      return { fired }
    })
  }
}
