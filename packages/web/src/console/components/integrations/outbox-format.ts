import type { TOutboxMessage } from '../../../shared/api/integrations.ts'

/** The channels the console names; others show as they are. */
export const knownChannels = [
  'hotline_12345',
  'upstream',
  'resident_message',
  'staff_message',
  'inapp',
  'http',
] as const
export type KnownChannel = (typeof knownChannels)[number]
export const isKnownChannel = (c: string): c is KnownChannel =>
  (knownChannels as readonly string[]).includes(c)

export type OutboxSummary =
  | { kind: 'hotline'; orderNo: string; caseCode: string; action: string; status: string }
  | { kind: 'notification'; title: string; caseCode: string | null }
  | { kind: 'other'; text: string }

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** What a message says, in one line: a 12345 update's order and step, a notification's title. */
export function summarize(message: Pick<TOutboxMessage, 'channel' | 'payload'>): OutboxSummary {
  const p = (
    typeof message.payload === 'object' && message.payload !== null ? message.payload : {}
  ) as Record<string, unknown>
  if (message.channel === 'hotline_12345') {
    return {
      kind: 'hotline',
      orderNo: str(p.orderNo) ?? '—',
      caseCode: str(p.caseCode) ?? '—',
      action: str(p.actionName) ?? str(p.action) ?? '—',
      status: str(p.statusName) ?? str(p.status) ?? '—',
    }
  }
  if (message.channel === 'inapp')
    return { kind: 'notification', title: str(p.title) ?? '—', caseCode: str(p.caseCode) }
  const text = JSON.stringify(message.payload ?? null)
  return { kind: 'other', text: text.length > 80 ? `${text.slice(0, 79)}…` : text }
}

/** Whether 重发 applies: anything not delivered yet. */
export const canRetry = (m: Pick<TOutboxMessage, 'status'>) => m.status !== 'delivered'

export type OutboxView = { status: TOutboxMessage['status'] | null; channel: string | null; page: number }

const statuses = ['pending', 'delivered', 'dead'] as const

/** The page's filters from the address bar (so a link to the dead letters can be shared). */
export function outboxViewFromQuery(q: Record<string, unknown>): OutboxView {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v)
  const status = one(q.status)
  const channel = one(q.channel)
  const page = Number(one(q.page))
  return {
    status: (statuses as readonly unknown[]).includes(status) ? (status as OutboxView['status']) : null,
    channel: typeof channel === 'string' && /^[a-z0-9_.-]{1,40}$/.test(channel) ? channel : null,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  }
}

export function outboxViewToQuery(v: OutboxView): Record<string, string> {
  return {
    ...(v.status ? { status: v.status } : {}),
    ...(v.channel ? { channel: v.channel } : {}),
    ...(v.page > 1 ? { page: String(v.page) } : {}),
  }
}
