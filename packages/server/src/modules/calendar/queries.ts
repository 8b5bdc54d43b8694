import type { TCalendarDay, TWorkingPeriod } from '@onegrid/core/api/calendar'
import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'
import { workingHoursKey } from './store.ts'

export type YearRow = {
  year: number
  source: 'state_council' | 'admin'
  updatedAt: Date
  updatedBy: string | null
}

/** Reads of the calendar. */
export class CalendarQueries {
  constructor(private readonly db: Db) {}

  async years(): Promise<YearRow[]> {
    const rows = await this.db
      .selectFrom('calendar_years as y')
      .leftJoin('users as u', 'u.id', 'y.updated_by')
      .select(['y.year', 'y.source', 'y.updated_at', 'u.display_name'])
      .orderBy('y.year')
      .execute()
    return rows.map((r) => ({
      year: r.year,
      source: r.source,
      updatedAt: r.updated_at,
      updatedBy: r.display_name,
    }))
  }

  async allDays(): Promise<TCalendarDay[]> {
    return this.db
      .selectFrom('calendar_days')
      .select([sql<string>`date::text`.as('date'), 'kind', 'name'])
      .orderBy('date')
      .execute()
  }

  async workingHours(): Promise<TWorkingPeriod[] | null> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', workingHoursKey)
      .executeTakeFirst()
    return row ? (row.value as TWorkingPeriod[]) : null
  }
}
