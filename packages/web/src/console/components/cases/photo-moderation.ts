import type { TModerationItem } from '@onegrid/core/api/citizen'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

export type ModerationStatus = TModerationItem['status']
export type ModerationDecision = Exclude<ModerationStatus, 'pending'>

/** The page's tabs: the queue first, then the two outcomes. */
export const moderationStatuses: readonly ModerationStatus[] = ['pending', 'approved', 'rejected']

/** The tab in the address bar; anything else opens the queue, where the work is. */
export function moderationStatusFromQuery(query: LocationQuery): ModerationStatus {
  const s = query.status
  return s === 'approved' || s === 'rejected' ? s : 'pending'
}

/** The queue keeps a bare address, so the menu entry and a shared link land on the same tab. */
export const moderationStatusToQuery = (status: ModerationStatus): LocationQueryRaw =>
  status === 'pending' ? {} : { status }

/**
 * What a moderator may do with a photo on a tab: a new one gets either decision, a decided one only the
 * other (a mistake undone, or a photo that should not stay public after all).
 */
export function decisionsFor(status: ModerationStatus): ModerationDecision[] {
  if (status === 'pending') return ['approved', 'rejected']
  return status === 'approved' ? ['rejected'] : ['approved']
}
