import type { TPoint, TReportCase } from '@onegrid/core/api/cases'
import { wallClockAsBeijing } from '../../../shared/format.ts'
import type { Urgency } from './case-actions.ts'

/** A hotline call as the operator takes it down: 受理五要素 (caller, time, address, cause, course) and the rest. */
export interface HotlineForm {
  caller: string
  phone: string
  anonymous: boolean
  /** The time of the call, as the picker shows it (read as Beijing time). */
  occurredAt: Date | null
  address: string
  title: string
  description: string
  itemCode: string | null
  urgency: Urgency
  externalRef: string
  point: TPoint | null
  gridCode: string | null
  /** Values of the category's own report fields, by key. */
  fields: Record<string, unknown>
}

/**
 * Beijing's wall-clock time now as a picker date: the picker shows the browser's zone and the form reads
 * what it shows as Beijing time (wallClockAsBeijing), so a browser set to another zone still starts at "now".
 */
export function beijingWallClock(now: Date): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>
  return new Date(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute, parts.second)
}

export function blankHotlineForm(now = new Date()): HotlineForm {
  return {
    caller: '',
    phone: '',
    anonymous: false,
    occurredAt: beijingWallClock(now),
    address: '',
    title: '',
    description: '',
    itemCode: null,
    urgency: 'normal',
    externalRef: '',
    point: null,
    gridCode: null,
    fields: {},
  }
}

export type HotlineField =
  | 'caller'
  | 'phone'
  | 'occurredAt'
  | 'address'
  | 'title'
  | 'description'
  | 'itemCode'
  | 'urgency'
  | 'externalRef'
  | 'location'
  | 'attachments'
  /** One of the category's own fields. */
  | `field:${string}`

/** The same rule as the server's (core/api/cases ZPhone): a mobile, or a landline with its area code. */
export const phonePattern = /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/

/** What must be fixed before sending, as message keys under console.cases.hotline. */
export function checkHotline(
  form: HotlineForm,
): Partial<Record<HotlineField, 'causeRequired' | 'courseRequired' | 'itemRequired' | 'phoneInvalid'>> {
  const problems: Partial<
    Record<HotlineField, 'causeRequired' | 'courseRequired' | 'itemRequired' | 'phoneInvalid'>
  > = {}
  if (form.title.trim().length < 2) problems.title = 'causeRequired'
  if (form.description.trim().length < 2) problems.description = 'courseRequired'
  if (!form.itemCode) problems.itemCode = 'itemRequired'
  const phone = form.phone.replace(/\s/g, '')
  if (phone && !phonePattern.test(phone)) problems.phone = 'phoneInvalid'
  return problems
}

/** The report the server takes: only what was filled in; a grid only when there is no point (the point decides). */
export function hotlineReport(form: HotlineForm, attachmentIds: readonly number[] = []): TReportCase {
  const phone = form.phone.replace(/\s/g, '')
  const caller = form.caller.trim()
  const reporter: NonNullable<TReportCase['reporter']> = { anonymous: form.anonymous }
  if (caller) reporter.name = caller
  if (phone) reporter.phone = phone
  const filled = Object.fromEntries(Object.entries(form.fields).filter(([, v]) => v !== undefined))
  return {
    itemCode: form.itemCode ?? '',
    channel: 'hotline',
    title: form.title.trim(),
    description: form.description.trim(),
    urgency: form.urgency,
    reporter,
    ...(form.address.trim() ? { address: form.address.trim() } : {}),
    ...(form.point ? { location: form.point } : form.gridCode ? { gridCode: form.gridCode } : {}),
    ...(form.occurredAt ? { occurredAt: wallClockAsBeijing(form.occurredAt) } : {}),
    ...(form.externalRef.trim() ? { externalRef: form.externalRef.trim() } : {}),
    ...(Object.keys(filled).length ? { fields: filled } : {}),
    ...(attachmentIds.length ? { attachmentIds: [...attachmentIds] } : {}),
  }
}

/** The server's field paths (`reporter.phone`, `location.lng`) by the form field they belong to. */
export function hotlineFieldOf(path: string): HotlineField | undefined {
  const [head, sub] = path.split('.')
  if (head === 'reporter') return sub === 'phone' ? 'phone' : 'caller'
  if (head === 'location' || head === 'gridCode') return 'location'
  if (head === 'attachmentIds') return 'attachments'
  if (head === 'fields' && sub) return `field:${sub}`
  const direct: readonly string[] = [
    'occurredAt',
    'address',
    'title',
    'description',
    'itemCode',
    'urgency',
    'externalRef',
  ]
  return head && direct.includes(head) ? (head as HotlineField) : undefined
}
