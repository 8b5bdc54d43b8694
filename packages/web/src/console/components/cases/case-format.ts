import type { CaseQueue, TLight, TStageClock } from '@onegrid/core/api/cases'
import type { TCatalogField, TCatalogItemSummary } from '@onegrid/core/api/catalog'
import type { Role } from '@onegrid/core/auth/roles'
import type { CaseStatus } from '@onegrid/core/cases/states'
import type { StreamEvent } from '../../../shared/sse/event-stream.ts'

/** An admitted catalog item as the category pickers offer it. */
export type ItemOption = TCatalogItemSummary & { majorName: string }

/** A queue in the menu; count null until the server has answered. */
export interface QueueEntry {
  queue: CaseQueue
  count: number | null
  capped: boolean
}

/** The queues in the order of the loop, then the cross-cutting ones. */
export const queueOrder = [
  'to_accept',
  'to_register',
  'to_dispatch',
  'to_sign',
  'handling',
  'to_rule',
  'to_verify',
  'to_close',
  'to_follow_up',
  'requests',
  'overdue',
  'supervised',
] as const satisfies readonly CaseQueue[]

/** The queues each role works from (core/cases/rules.ts: who may take which step). */
const roleQueues: Record<Role, readonly CaseQueue[]> = {
  operator: ['to_accept', 'to_follow_up', 'overdue', 'supervised'],
  dispatcher: ['to_dispatch', 'to_rule', 'overdue', 'supervised'],
  shift_leader: queueOrder.filter((q) => q !== 'to_sign' && q !== 'handling'),
  dept_handler: ['to_sign', 'handling', 'overdue', 'supervised'],
  grid_worker: ['to_sign', 'handling'],
  grid_leader: ['to_sign', 'handling', 'to_verify', 'overdue'],
  supervisor: ['to_verify', 'overdue'],
  leader: ['handling', 'overdue', 'supervised', 'requests'],
  admin: queueOrder,
}

/**
 * The queues shown to someone holding these roles, in loop order; limited to those the server counted
 * when it answered. Nobody sees an empty menu: without a matching role every counted queue shows.
 */
export function queuesFor(roles: readonly Role[], counted?: readonly CaseQueue[]): CaseQueue[] {
  const mine = new Set(roles.flatMap((r) => roleQueues[r] ?? []))
  const answered = counted ? new Set(counted) : null
  const shown = queueOrder.filter((q) => mine.has(q) && (!answered || answered.has(q)))
  if (shown.length) return shown
  return queueOrder.filter((q) => !answered || answered.has(q))
}

/** The queue a user lands on: the first shown one that has cases, else the first. */
export function defaultQueue(shown: readonly CaseQueue[], counts: ReadonlyMap<CaseQueue, number>) {
  return shown.find((q) => (counts.get(q) ?? 0) > 0) ?? shown[0] ?? null
}

export const lightColours: Record<TLight, string> = {
  green: '#16a34a',
  yellow: '#eab308',
  red: '#dc2626',
  none: '#94a3b8',
}

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** Element Plus tag colours per status: waiting at the center blue, with a handler orange, done green. */
export function statusTagType(status: CaseStatus): TagType {
  switch (status) {
    case 'reported':
    case 'accepted':
    case 'registered':
      return 'primary'
    case 'dispatched':
    case 'handling':
    case 'returned':
      return 'warning'
    case 'handled':
    case 'verified':
    case 'closed':
      return 'success'
    case 'archived':
    case 'merged':
      return 'info'
    case 'rejected':
      return 'danger'
  }
}

export function urgencyTagType(urgency: string): TagType {
  return urgency === 'critical' ? 'danger' : urgency === 'urgent' ? 'warning' : 'info'
}

export interface ClockView {
  /** Share of the time from start to deadline used, 0–100 (the bar). */
  percent: number
  /** Before the deadline: time left (positive); after it: time over (negative). */
  leftMs: number
  running: boolean
}

/**
 * How far a stage clock has run, in wall-clock time (the light itself comes from the server, which
 * counts working time). A stopped clock shows where it stopped; a paused one where it paused.
 */
export function clockView(clock: TStageClock, now: Date): ClockView {
  const start = Date.parse(clock.startedAt)
  const deadline = Date.parse(clock.deadline)
  const end = clock.stoppedAt ? Date.parse(clock.stoppedAt) : now.getTime()
  const span = Math.max(deadline - start, 1)
  const percent = Math.min(100, Math.max(0, ((end - start) / span) * 100))
  return { percent: Math.round(percent), leftMs: deadline - end, running: clock.stoppedAt === null }
}

/** A duration as days, hours and minutes, the two largest parts: 2天3小时 / 2 d 3 h. */
export function formatDuration(ms: number, locale: string): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000)
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const zh = !locale.startsWith('en')
  const parts: string[] = []
  if (days) parts.push(zh ? `${days}天` : `${days} d`)
  if (hours) parts.push(zh ? `${hours}小时` : `${hours} h`)
  if (!days && (mins || !hours)) parts.push(zh ? `${mins}分钟` : `${mins} min`)
  return parts.slice(0, 2).join(zh ? '' : ' ')
}

/** Events that arrived since the last look, oldest first (the stream keeps the newest first). */
export function freshEvents(now: readonly StreamEvent[], before: readonly StreamEvent[] | undefined) {
  const seen = new Set((before ?? []).map((e) => `${e.topic}#${e.id}`))
  return now.filter((e) => !seen.has(`${e.topic}#${e.id}`)).reverse()
}

/** The fields of a case.created event the toast shows; null when the data is not shaped so. */
export function createdCase(data: unknown): { id: number; code: string; title: string } | null {
  if (typeof data !== 'object' || data === null) return null
  const { id, code, title } = data as Record<string, unknown>
  return typeof id === 'number' && typeof code === 'string' && typeof title === 'string'
    ? { id, code, title }
    : null
}

/** A case's moments to the minute, in Beijing time (cases read the same everywhere). */
export function formatMinute(at: string, locale: string): string {
  const date = new Date(at)
  if (Number.isNaN(date.getTime())) return at
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Shanghai',
  }).format(date)
}

/**
 * A case's own field values as label and text, in the category's order: choices by their labels, lists
 * joined. Keys the category does not (or no longer) know are shown as they are.
 */
export function fieldDisplay(
  fields: readonly TCatalogField[],
  values: Readonly<Record<string, unknown>>,
  locale: string,
): { key: string; label: string; text: string }[] {
  const en = locale.startsWith('en')
  const known = new Map(fields.map((f) => [f.key, f]))
  const keys = [
    ...fields.map((f) => f.key).filter((k) => k in values),
    ...Object.keys(values).filter((k) => !known.has(k)),
  ]
  return keys.flatMap((key) => {
    const value = values[key]
    if (value === null || value === undefined || value === '') return []
    const field = known.get(key)
    const option = (v: unknown) => field?.options.find((o) => o.value === v)?.label ?? String(v)
    const text = Array.isArray(value)
      ? value.map(option).join(en ? ', ' : '、')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : option(value)
    const label = field ? (en && field.labelEn ? field.labelEn : field.label) : key
    return [{ key, label, text }]
  })
}

/** A moment for a table cell: month, day and time in Beijing time; the year only when it is not this year's. */
export function formatShort(at: string, locale: string, now = new Date()): string {
  const date = new Date(at)
  if (Number.isNaN(date.getTime())) return at
  const year = (d: Date) =>
    new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(d)
  return new Intl.DateTimeFormat(locale, {
    ...(year(date) === year(now) ? {} : { year: 'numeric' }),
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Shanghai',
  }).format(date)
}
