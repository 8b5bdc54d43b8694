import type { TDailyExportList } from '@onegrid/core/api/exchange'
import type { FastifyBaseLogger } from 'fastify'
import { type Actor, isRootScope, type UserPrincipal } from '../../platform/auth/principal.ts'
import type { Clock } from '../../platform/clock.ts'
import { Forbidden, text } from '../../platform/http/errors.ts'
import type { ExportCases } from '../cases/export-cases.ts'
import type { DailyExportFile, DailyExportRow, DailyExportStore, ExportFormat } from './daily-export-store.ts'
import type { ExportTarget } from './export-targets.ts'

const hourMs = 3_600_000
const dayMs = 86_400_000
/** A day takes seconds; a claim not finished in half an hour belongs to an instance that stopped. */
const leaseMs = 30 * 60_000
/** A failed day (the share unmounted, the bucket refusing) is tried again after a pause, three times in all. */
const retryAfterMs = 15 * 60_000
const maxAttempts = 3
/** A restart catches up at most a month of missed days, not the whole history. */
const catchUpDays = 31

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json',
}

export type DailyExportSettings = { hour: number; formats: readonly ExportFormat[] }

export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10)

/** The newest day that may be exported at `now`: yesterday from the configured Beijing hour on, else the day before. */
export function latestDueDay(now: Date, hour: number): string {
  const local = new Date(now.getTime() + 8 * hourMs)
  return addDays(local.toISOString().slice(0, 10), local.getUTCHours() >= hour ? -1 : -2)
}

const actor: Actor = { userId: null, name: 'daily-export', ip: null, userAgent: null, requestId: null }

/**
 * The scheduled daily export (C14): after the configured Beijing hour, the
 * previous day's cases of the whole district — those *reported* that day, so
 * each case is in exactly one day's files and a day's files never change once
 * the day is over — in each configured format, through the same exporter as
 * exportCases (the list's columns, never the reporter), to a directory or a
 * bucket as `cases-YYYY-MM-DD.{csv,geojson,xlsx}`. Every instance calls
 * `runDue` each minute; a day is claimed in daily_exports before anything is
 * written, so it is exported once; days missed while no instance ran are
 * caught up at the next call.
 */
export class DailyExport {
  constructor(
    private readonly deps: {
      settings: DailyExportSettings
      store: DailyExportStore
      exporter: ExportCases
      target: ExportTarget
      clock: Clock
      instanceId: string
      log: FastifyBaseLogger
    },
  ) {}

  private running: Promise<void> | null = null

  /**
   * Starts `runDue` in the background unless it is still going: the runner
   * awaits its recurring tasks one after the other, and a catch-up of several
   * days must not hold up the outbox or the deadline sweep.
   */
  kick(): void {
    if (this.running) return
    this.running = this.runDue()
      .then(
        () => undefined,
        (err: unknown) => this.deps.log.error({ err }, 'daily export check failed'),
      )
      .finally(() => {
        this.running = null
      })
  }

  /** Exports every due day not yet exported (and retries failed ones); returns the days this call ran. */
  async runDue(): Promise<string[]> {
    const { store, clock, settings } = this.deps
    const now = clock.now()
    const latest = latestDueDay(now, settings.hour)
    const last = await store.lastDay()
    const floor = addDays(latest, 1 - catchUpDays)
    // The first run exports the latest day only: turning the export on does not replay the history.
    const first = last === null ? latest : addDays(last, 1)
    const days = new Set((await store.retryable(now, maxAttempts)).filter((d) => d <= latest))
    for (let day = first < floor ? floor : first; day <= latest; day = addDays(day, 1)) days.add(day)
    const ran: string[] = []
    for (const day of [...days].sort()) if (await this.runDay(day)) ran.push(day)
    return ran
  }

  /** Claims one day and exports it; false when it is done, running elsewhere, or out of attempts. */
  async runDay(day: string): Promise<boolean> {
    const { store, clock, target, instanceId, log } = this.deps
    const now = clock.now()
    const claimed = await store.claim({
      day,
      instance: instanceId,
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
      retryAfter: new Date(now.getTime() - retryAfterMs),
      maxAttempts,
      target: target.description,
    })
    if (!claimed) return false
    const files: DailyExportFile[] = []
    try {
      const principal = await this.districtPrincipal()
      for (const format of this.deps.settings.formats) {
        const made = await this.deps.exporter.export(principal, actor, {
          format,
          from: day,
          to: day,
          sort: 'reported_asc',
        })
        const name = `cases-${day}.${format}`
        const bytes = await target.write(name, made.stream, contentTypes[format])
        files.push({ name, format, bytes, rows: made.rows() })
      }
      await store.finish(day, instanceId, clock.now(), files)
      log.info({ day, files, target: target.description }, 'daily export written')
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      await store.fail(day, instanceId, clock.now(), files, message)
      log.error({ err, day, target: target.description }, 'daily export failed')
    }
    return true
  }

  /**
   * The export reads as someone whose jurisdiction is the whole district; no
   * account is behind it (user id 0 matches no reporter or handler).
   */
  private async districtPrincipal(): Promise<UserPrincipal> {
    return {
      kind: 'user',
      userId: 0,
      username: 'daily-export',
      sessionId: '',
      roles: [],
      permissions: new Set(),
      scope: { areaPaths: await this.deps.store.districtPaths(), unitIds: [] },
      mustChangePassword: false,
    }
  }
}

/**
 * listDailyExports: the runs as the console's administrators see them. The
 * export covers the whole district, so only district-wide administrators do.
 */
export class DailyExportAdmin {
  constructor(
    private readonly store: DailyExportStore,
    private readonly configured: { settings: DailyExportSettings; target: ExportTarget } | null,
  ) {}

  async list(p: UserPrincipal, q: { limit: number }): Promise<TDailyExportList> {
    if (!isRootScope(p.scope))
      throw new Forbidden(text('仅限全区范围的管理员', 'For district-wide administrators only'))
    const rows = await this.store.list(q.limit)
    return {
      enabled: this.configured !== null,
      hour: this.configured?.settings.hour ?? null,
      formats: [...(this.configured?.settings.formats ?? [])],
      target: this.configured?.target.description ?? null,
      items: rows.map(present),
    }
  }
}

function present(r: DailyExportRow) {
  return {
    day: r.day,
    status: r.status,
    instance: r.instance,
    attempts: r.attempts,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    target: r.target,
    files: typeof r.files === 'string' ? (JSON.parse(r.files) as DailyExportFile[]) : r.files,
    rows: r.row_count,
    error: r.error,
  }
}
