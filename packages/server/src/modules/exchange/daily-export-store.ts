import { sql } from 'kysely'
import type { Db } from '../../platform/db/database.ts'

export type ExportFormat = 'csv' | 'geojson' | 'xlsx'

/** A file a run wrote: its name at the target, its size and how many cases it holds. */
export type DailyExportFile = { name: string; format: ExportFormat; bytes: number; rows: number }

export type DailyExportRow = {
  day: string
  status: 'running' | 'done' | 'failed'
  instance: string
  attempts: number
  started_at: Date
  finished_at: Date | null
  target: string
  files: DailyExportFile[] | string
  row_count: number | null
  error: string | null
}

/** The daily export's runs, one row per Beijing day (daily_exports). */
export class DailyExportStore {
  constructor(private readonly db: Db) {}

  /** The district's area paths: the scheduled export covers them all. */
  async districtPaths(): Promise<string[]> {
    const { rows } = await sql<{ path: string }>`
      SELECT path::text AS path FROM areas WHERE level = 'district' ORDER BY path`.execute(this.db)
    return rows.map((r) => r.path)
  }

  /** The latest day with a run of any outcome: the days after it are the ones missed. */
  async lastDay(): Promise<string | null> {
    const { rows } = await sql<{ day: string | null }>`
      SELECT max(day)::text AS day FROM daily_exports`.execute(this.db)
    return rows[0]?.day ?? null
  }

  /** Days worth another try: failed ones with attempts left, and claims whose instance stopped renewing. */
  async retryable(now: Date, maxAttempts: number): Promise<string[]> {
    const { rows } = await sql<{ day: string }>`
      SELECT day::text AS day FROM daily_exports
      WHERE (status = 'failed' AND attempts < ${maxAttempts})
         OR (status = 'running' AND lease_until < ${now})
      ORDER BY day`.execute(this.db)
    return rows.map((r) => r.day)
  }

  /**
   * Takes a day for this instance, in one statement: a new day is inserted; a
   * failed one is taken again once `retryAfter` has passed and attempts remain;
   * a running one only when its lease has run out. Two instances claiming at
   * once meet on the primary key, and the second finds the first's fresh claim
   * and takes nothing.
   */
  async claim(c: {
    day: string
    instance: string
    now: Date
    leaseUntil: Date
    retryAfter: Date
    maxAttempts: number
    target: string
  }): Promise<boolean> {
    const { rows } = await sql<{ day: string }>`
      INSERT INTO daily_exports (day, status, instance, attempts, started_at, lease_until, target)
      VALUES (${c.day}::date, 'running', ${c.instance}, 1, ${c.now}, ${c.leaseUntil}, ${c.target})
      ON CONFLICT (day) DO UPDATE
        SET status = 'running', instance = EXCLUDED.instance, attempts = daily_exports.attempts + 1,
            started_at = EXCLUDED.started_at, lease_until = EXCLUDED.lease_until, finished_at = NULL,
            target = EXCLUDED.target, files = '[]', row_count = NULL, error = NULL
        WHERE (daily_exports.status = 'running' AND daily_exports.lease_until < EXCLUDED.started_at)
           OR (daily_exports.status = 'failed' AND daily_exports.attempts < ${c.maxAttempts}
               AND daily_exports.finished_at < ${c.retryAfter})
      RETURNING day::text AS day`.execute(this.db)
    return rows.length === 1
  }

  async finish(day: string, instance: string, at: Date, files: readonly DailyExportFile[]): Promise<void> {
    await sql`
      UPDATE daily_exports
      SET status = 'done', finished_at = ${at}, files = ${JSON.stringify(files)}::jsonb,
          row_count = ${files[0]?.rows ?? 0}
      WHERE day = ${day}::date AND instance = ${instance} AND status = 'running'`.execute(this.db)
  }

  async fail(
    day: string,
    instance: string,
    at: Date,
    files: readonly DailyExportFile[],
    error: string,
  ): Promise<void> {
    await sql`
      UPDATE daily_exports
      SET status = 'failed', finished_at = ${at}, files = ${JSON.stringify(files)}::jsonb,
          error = ${error.slice(0, 2000)}
      WHERE day = ${day}::date AND instance = ${instance} AND status = 'running'`.execute(this.db)
  }

  /** The latest runs first. */
  async list(limit: number): Promise<DailyExportRow[]> {
    const { rows } = await sql<DailyExportRow>`
      SELECT day::text AS day, status, instance, attempts, started_at, finished_at, target, files,
             row_count, error
      FROM daily_exports ORDER BY day DESC LIMIT ${limit}`.execute(this.db)
    return rows
  }
}
