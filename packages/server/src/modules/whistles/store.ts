import { sql, type Transaction } from 'kysely'
import { type AuditEntry, auditInsert } from '../../platform/audit/audit-log.ts'
import type { Actor } from '../../platform/auth/principal.ts'
import type { Db } from '../../platform/db/database.ts'
import type { Database } from '../../platform/db/schema.ts'
import { Conflict, text } from '../../platform/http/errors.ts'

export type NewWhistle = {
  districtCode: string
  codePrefix: string
  title: string
  description: string
  caseId: number | null
  location: { lng: number; lat: number }
  address: string | null
  gridCode: string
  areaPath: string
  raisedBy: number
  raisedAt: Date
  ackMinutes: number
  arriveMinutes: number
  checkInRadiusM: number
  unitIds: readonly number[]
}

export type Arrival = {
  by: number
  at: Date
  source: 'check_in' | 'recorded'
  distanceM: number | null
  note: string | null
}

/** What a step writes besides the whistle and its responses: its audit row, then anything else (notices). */
export type StepExtras = {
  audit: Omit<AuditEntry, 'entityType' | 'entityId'>
  also?: (trx: Db) => Promise<void>
}

const minuteMs = 60_000

/**
 * Writes of whistles. Every step is one transaction: the whistle's version is bumped only if
 * it is still the version the caller read (else Conflict and nothing is written), then the
 * responses change, the audit row and the notices are written.
 */
export class WhistleStore {
  constructor(readonly db: Db) {}

  async raise(
    w: NewWhistle,
    actor: Actor,
    extras: (id: number, code: string) => StepExtras,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ n: number }>`SELECT nextval('whistle_code_seq') AS n`.execute(trx)
      const code = `${w.codePrefix}${String(rows[0]?.n ?? 0).padStart(4, '0')}`
      const row = await trx
        .insertInto('whistles')
        .values({
          district_code: w.districtCode,
          code,
          title: w.title,
          description: w.description,
          case_id: w.caseId,
          location: sql`ST_SetSRID(ST_MakePoint(${w.location.lng}, ${w.location.lat}), 4326)`,
          address: w.address,
          grid_code: w.gridCode,
          area_path: w.areaPath,
          raised_by: w.raisedBy,
          raised_at: w.raisedAt,
          ack_minutes: w.ackMinutes,
          arrive_minutes: w.arriveMinutes,
          check_in_radius_m: w.checkInRadiusM,
          updated_at: w.raisedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const id = Number(row.id)
      const ackDue = new Date(w.raisedAt.getTime() + w.ackMinutes * minuteMs)
      const arriveDue = new Date(w.raisedAt.getTime() + w.arriveMinutes * minuteMs)
      await trx
        .insertInto('whistle_responses')
        .values(
          w.unitIds.map((unitId) => ({
            whistle_id: id,
            unit_id: unitId,
            district_code: w.districtCode,
            ack_due_at: ackDue,
            arrive_due_at: arriveDue,
          })),
        )
        .execute()
      await this.finish(trx, id, actor, extras(id, code), w.raisedAt)
      return id
    })
  }

  /** Acknowledges (报到) the units' responses still summoned. */
  async acknowledge(
    id: number,
    version: number,
    unitIds: readonly number[],
    ack: { by: number; at: Date; note: string | null },
    actor: Actor,
    extras: StepExtras,
  ): Promise<void> {
    await this.step(id, version, ack.at, async (trx) => {
      await trx
        .updateTable('whistle_responses')
        .set({ status: 'acknowledged', acknowledged_at: ack.at, acknowledged_by: ack.by, ack_note: ack.note })
        .where('whistle_id', '=', id)
        .where('unit_id', 'in', [...unitIds])
        .where('status', '=', 'summoned')
        .execute()
      await this.finish(trx, id, actor, extras, ack.at)
    })
  }

  /** Records the units' arrival; an arrival without an acknowledgement acknowledges at the same time. */
  async arrive(
    id: number,
    version: number,
    unitIds: readonly number[],
    a: Arrival,
    now: Date,
    actor: Actor,
    extras: StepExtras,
  ): Promise<void> {
    await this.step(id, version, now, async (trx) => {
      await trx
        .updateTable('whistle_responses')
        .set({
          status: 'arrived',
          acknowledged_at: sql`coalesce(acknowledged_at, ${a.at})`,
          acknowledged_by: sql`coalesce(acknowledged_by, ${a.by})`,
          arrived_at: a.at,
          arrived_by: a.by,
          arrival_source: a.source,
          arrival_note: a.note,
          distance_m: a.distanceM,
        })
        .where('whistle_id', '=', id)
        .where('unit_id', 'in', [...unitIds])
        .where('status', 'in', ['summoned', 'acknowledged', 'missed'])
        .execute()
      await this.finish(trx, id, actor, extras, now)
    })
  }

  async escalate(
    id: number,
    version: number,
    e: { by: number; at: Date; note: string },
    actor: Actor,
    extras: StepExtras,
  ): Promise<void> {
    await this.step(id, version, e.at, async (trx) => {
      await trx
        .updateTable('whistles')
        .set({ escalated_at: e.at, escalated_by: e.by, escalation_note: e.note })
        .where('id', '=', id)
        .execute()
      await this.finish(trx, id, actor, extras, e.at)
    })
  }

  /** Closes the whistle with its outcome; responses still waiting become missed. */
  async close(
    id: number,
    version: number,
    c: { by: number; at: Date; outcome: string },
    actor: Actor,
    extras: (missedUnitIds: number[]) => StepExtras,
  ): Promise<number[]> {
    return this.step(id, version, c.at, async (trx) => {
      await trx
        .updateTable('whistles')
        .set({ status: 'closed', outcome: c.outcome, closed_at: c.at, closed_by: c.by })
        .where('id', '=', id)
        .execute()
      const missed = await trx
        .updateTable('whistle_responses')
        .set({ status: 'missed', missed_at: c.at })
        .where('whistle_id', '=', id)
        .where('status', 'in', ['summoned', 'acknowledged'])
        .returning('unit_id')
        .execute()
      const unitIds = missed.map((m) => Number(m.unit_id))
      await this.finish(trx, id, actor, extras(unitIds), c.at)
      return unitIds
    })
  }

  /** The version check and bump, then the step's writes, in one transaction. */
  private step<T>(
    id: number,
    version: number,
    now: Date,
    writes: (trx: Transaction<Database>) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const bumped = await trx
        .updateTable('whistles')
        .set({ version: sql<number>`version + 1`, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst()
      if (Number(bumped.numUpdatedRows) === 0)
        throw new Conflict(
          text('该吹哨已被他人更新，请刷新后重试', 'The whistle was changed meanwhile; reload and try again'),
        )
      return writes(trx)
    })
  }

  private async finish(trx: Db, id: number, actor: Actor, extras: StepExtras, at: Date): Promise<void> {
    await auditInsert(trx, actor, { ...extras.audit, entityType: 'whistle', entityId: id }, at).execute()
    if (extras.also) await extras.also(trx)
  }
}
