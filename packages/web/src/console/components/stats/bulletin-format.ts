import { type Period, periodOf, periodStart } from '@onegrid/core/stats/periods'
import { addDays, shanghaiDate } from '@onegrid/core/time/calendar'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { type BulletinKind, bulletinKindList, type TBulletin } from '../../../shared/api/stats.ts'

/** What the bulletins page shows, as its address carries it (?kind=month&page=2). */
export interface BulletinsView {
  kind: BulletinKind | null
  page: number
}

const one = (v: LocationQuery[string] | undefined) => (typeof v === 'string' && v !== '' ? v : null)
const isKind = (v: string | null): v is BulletinKind =>
  v !== null && (bulletinKindList as readonly string[]).includes(v)

export function bulletinsViewFromQuery(query: LocationQuery): BulletinsView {
  const kind = one(query.kind)
  const page = Number(one(query.page) ?? 1)
  return { kind: isKind(kind) ? kind : null, page: Number.isInteger(page) && page > 0 ? page : 1 }
}

/** The address of a view: defaults left out. */
export function bulletinsViewToQuery(view: BulletinsView): LocationQueryRaw {
  return {
    ...(view.kind ? { kind: view.kind } : {}),
    ...(view.page > 1 ? { page: String(view.page) } : {}),
  }
}

/**
 * The day the form starts with: the last day of the last finished period of the kind, in Beijing time,
 * which is the period the server picks when no day is sent. Sending it anyway shows the user which
 * period they get before the few seconds of generating.
 */
export function defaultBulletinDay(kind: BulletinKind, now: Date): string {
  return addDays(periodStart(kind, shanghaiDate(now)), -1)
}

export function bulletinPeriodOf(kind: BulletinKind, day: string): Period {
  return periodOf(kind, day)
}

/** A period that has not ended yet (Beijing time): its bulletin counts only up to now. */
export function periodUnfinished(period: Period, now: Date): boolean {
  return period.to >= shanghaiDate(now)
}

/**
 * The rows of the list's page: bulletins generated on this page since it was opened first, then the
 * server's page without them. The server orders by period, so a bulletin of an earlier period would
 * otherwise land further down (or on another page) right after the user asked for it.
 */
export function withFresh(
  items: readonly TBulletin[],
  fresh: readonly TBulletin[],
  view: BulletinsView,
): TBulletin[] {
  if (view.page !== 1) return [...items]
  const shown = fresh.filter((b) => view.kind === null || b.period.kind === view.kind)
  const ids = new Set(shown.map((b) => b.id))
  return [...shown, ...items.filter((b) => !ids.has(b.id))]
}

const units = ['B', 'KB', 'MB', 'GB'] as const

/** A file size as people read it: 850 B, 12.3 KB, 1.4 MB (powers of 1024, one decimal below 100). */
export function fileSizeText(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const shown = unit === 0 || value >= 100 ? String(Math.round(value)) : value.toFixed(1)
  return `${shown} ${units[unit]}`
}
