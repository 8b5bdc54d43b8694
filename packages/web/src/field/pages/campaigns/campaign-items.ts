import type { CampaignItemStatus, TCampaignItem, TMyCampaignItems } from '@onegrid/core/api/campaigns'
import type { Answers } from '@onegrid/core/campaigns/form'
import type { CampaignPriority } from '@onegrid/core/campaigns/templates'
import type { OutboxEntry } from '../../offline/db.ts'

/**
 * 我的任务 as the phone shows it: my campaign items as the server last answered, with what waits in
 * the phone's queue laid over them (a draft saved or an item submitted offline shows as such, marked
 * 待同步), grouped by campaign, most pressing first.
 */

export type MyCampaign = TMyCampaignItems['campaigns'][number]

/** A submission of an item still on the phone: the latest one queued for it. */
export interface QueuedSubmission {
  entryId: string
  complete: boolean
  answers: Answers
  /** Refused by the server; waits for the user in the queue page. */
  failed: boolean
  message: string | null
  hazardReported: boolean
}

export interface ItemView {
  item: TCampaignItem
  campaign: MyCampaign
  /** The status with the queue laid over: a queued submission counts as done (or in progress). */
  status: CampaignItemStatus
  queued: QueuedSubmission | null
  /** Not done and past the campaign's deadline (the server's word, or the clock's since). */
  overdue: boolean
}

export interface CampaignGroup {
  campaign: MyCampaign
  items: ItemView[]
  done: number
  total: number
  overdue: number
  /** Items waiting in the queue. */
  queued: number
}

const isAnswers = (v: unknown): v is Answers => !!v && typeof v === 'object' && !Array.isArray(v)

/** The latest queued submitCampaignItem per item id (entries come in the order they were written). */
export function queuedSubmissions(entries: readonly OutboxEntry[]): Map<number, QueuedSubmission> {
  const byItem = new Map<number, QueuedSubmission>()
  for (const e of entries) {
    if (e.operation !== 'submitCampaignItem') continue
    const itemId = Number(e.params.id)
    if (!Number.isSafeInteger(itemId)) continue
    byItem.set(itemId, {
      entryId: e.id,
      complete: e.body.complete === true,
      answers: isAnswers(e.body.answers) ? e.body.answers : {},
      failed: e.state === 'failed',
      message: e.error?.message ?? null,
      hazardReported: isAnswers(e.body.reportHazard),
    })
  }
  return byItem
}

/** One item as the phone shows it now. */
export function itemView(
  item: TCampaignItem,
  campaign: MyCampaign,
  queued: QueuedSubmission | null,
  now: number,
): ItemView {
  // A refused submission did not happen: the server's status stands.
  const waiting = queued && !queued.failed ? queued : null
  const status: CampaignItemStatus =
    item.status === 'done' || waiting?.complete ? 'done' : waiting ? 'in_progress' : item.status
  const pastDeadline = now > Date.parse(campaign.deadlineAt)
  const overdue = status !== 'done' && (item.overdue || pastDeadline)
  return { item, campaign, status, queued, overdue }
}

const priorityRank: Record<CampaignPriority, number> = { urgent: 0, high: 1, normal: 2 }
const statusRank: Record<CampaignItemStatus, number> = { in_progress: 0, pending: 1, done: 2 }

/** The items by campaign: the nearest deadline first (then the higher priority); in each, open items first. */
export function groupByCampaign(
  data: TMyCampaignItems | null,
  entries: readonly OutboxEntry[],
  now: number,
): CampaignGroup[] {
  if (!data) return []
  const queued = queuedSubmissions(entries)
  const campaigns = new Map(data.campaigns.map((c) => [c.id, c]))
  const groups = new Map<number, CampaignGroup>()
  for (const item of data.items) {
    const campaign = campaigns.get(item.campaignId)
    if (!campaign) continue
    const view = itemView(item, campaign, queued.get(item.id) ?? null, now)
    const group = groups.get(campaign.id) ?? { campaign, items: [], done: 0, total: 0, overdue: 0, queued: 0 }
    group.items.push(view)
    group.total += 1
    if (view.status === 'done') group.done += 1
    if (view.overdue) group.overdue += 1
    if (view.queued && !view.queued.failed) group.queued += 1
    groups.set(campaign.id, group)
  }
  for (const g of groups.values())
    g.items.sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        statusRank[a.status] - statusRank[b.status] ||
        a.item.target.label.localeCompare(b.item.target.label, 'zh-CN'),
    )
  return [...groups.values()].sort(
    (a, b) =>
      a.campaign.deadlineAt.localeCompare(b.campaign.deadlineAt) ||
      priorityRank[a.campaign.priority] - priorityRank[b.campaign.priority] ||
      a.campaign.id - b.campaign.id,
  )
}

/** What the home page counts: items not done yet (the queue laid over), and of them those overdue. */
export function openCount(groups: readonly CampaignGroup[]): { open: number; overdue: number } {
  let open = 0
  let overdue = 0
  for (const g of groups) {
    open += g.total - g.done
    overdue += g.overdue
  }
  return { open, overdue }
}

/** A marker's colour on the map: overdue red, done green, in progress amber, to do blue; 待同步 violet. */
export function markerColour(view: Pick<ItemView, 'status' | 'overdue' | 'queued'>): string {
  if (view.queued && !view.queued.failed) return '#7c3aed'
  if (view.overdue) return '#dc2626'
  if (view.status === 'done') return '#16a34a'
  if (view.status === 'in_progress') return '#f59e0b'
  return '#2563eb'
}

/** Days left until the deadline (negative once past), counted from now; the deadline is its day's end. */
export function daysLeft(deadlineAt: string, now: number): number {
  return Math.ceil((Date.parse(deadlineAt) - now) / 86_400_000) || 0
}
