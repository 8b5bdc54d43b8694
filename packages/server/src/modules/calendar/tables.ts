import type { ColumnType } from 'kysely'
import type { Timestamp } from '../../platform/db/schema.ts'

export interface CalendarYearsTable {
  year: number
  source: 'state_council' | 'admin'
  reason: ColumnType<string, string | undefined, string>
  updated_by: number | null
  updated_at: Timestamp
}

export interface CalendarDaysTable {
  /** `date`: read through a `::text` cast as YYYY-MM-DD. */
  date: ColumnType<string, string, string>
  year: number
  kind: 'holiday' | 'workday'
  name: ColumnType<string, string | undefined, string>
}

export interface CalendarTables {
  calendar_years: CalendarYearsTable
  calendar_days: CalendarDaysTable
}
