import type { TCalendarDay, TWorkingPeriod } from '@onegrid/core/api/calendar'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { lockForTransaction, lockKeys } from '../../platform/db/locks.ts'

export const workingHoursKey = 'calendar.working_hours'

/** Writes of the calendar; always in the caller's transaction. */
export class CalendarStore {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work)
  }

  /** Waits out another instance seeding at the same moment, then lists the years already entered. */
  async lockForSeeding(trx: Db): Promise<Set<number>> {
    await lockForTransaction(trx, lockKeys.referenceData)
    const rows = await trx.selectFrom('calendar_years').select('year').execute()
    return new Set(rows.map((r) => r.year))
  }

  /** Replaces a year's holidays and make-up days. */
  async replaceYear(
    trx: Db,
    year: number,
    days: readonly TCalendarDay[],
    meta: { source: 'state_council' | 'admin'; reason: string; actorId: number | null; at: Date },
  ): Promise<void> {
    await trx
      .insertInto('calendar_years')
      .values({
        year,
        source: meta.source,
        reason: meta.reason,
        updated_by: meta.actorId,
        updated_at: meta.at,
      })
      .onConflict((oc) =>
        oc.column('year').doUpdateSet({
          source: meta.source,
          reason: meta.reason,
          updated_by: meta.actorId,
          updated_at: meta.at,
        }),
      )
      .execute()
    await trx.deleteFrom('calendar_days').where('year', '=', year).execute()
    if (days.length > 0)
      await trx
        .insertInto('calendar_days')
        .values(days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name })))
        .execute()
  }

  async saveWorkingHours(trx: Db, hours: readonly TWorkingPeriod[], at: Date): Promise<void> {
    await trx
      .insertInto('settings')
      .values({ key: workingHoursKey, value: JSON.stringify(hours), updated_at: at })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: sql`now()` })),
      )
      .execute()
  }
}
