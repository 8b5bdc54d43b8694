import type { TUpstreamCase } from '@onegrid/core/api/integrations'
import { type CaseAction, caseActionNames, caseStatusNames } from '@onegrid/core/cases/states'
import type { CaseChange, CaseRelay } from '../cases/ports.ts'
import { type UpstreamReason, upstreamWrites } from './upstream-store.ts'

/** The outbox channel of pushes to the superior platform (its own transport, signed with its secret). */
export const upstreamOutboxChannel = 'upstream'

export type UpstreamPushConfig = {
  /** Where cases are pushed; without it the link is off. */
  url: string | undefined
  /** Catalog item codes, or prefixes of them (a category's codes), pushed from the report on. */
  categories: readonly string[]
}

/** Steps told besides every change of status: the ones the platform acts on or closes its file by. */
const toldAlways: readonly CaseAction[] = ['escalate', 'close', 'follow_up']

/** Whether a catalog item is one the platform takes: its code, or a prefix of it, is listed. */
export const inCategories = (itemCode: string, categories: readonly string[]): boolean =>
  categories.some((c) => itemCode.startsWith(c))

/**
 * The superior platform link's way up (贯通). A case is linked by the step
 * that first pushes it: a report or registration in a listed category, or an
 * escalation from the district (beyond it, to the platform). From then on
 * every change of its status is pushed too. Whether it is linked is the
 * database's to say, so the push is an INSERT … SELECT from the link, written
 * in the step's own statement with the link itself (`upstream-store.ts`). One
 * case's pushes share an ordering key: they arrive in order, also after an
 * outage.
 */
export function upstreamRelay(config: UpstreamPushConfig): CaseRelay {
  return (db, change) => {
    const url = config.url
    if (!url) return null
    const told =
      change.fromStatus === null ||
      change.toStatus !== change.fromStatus ||
      toldAlways.includes(change.action)
    if (!told) return null
    const linking = reasonToLink(change, config.categories)
    const push = upstreamWrites.push(
      {
        caseId: change.caseId,
        channel: upstreamOutboxChannel,
        url,
        payload: pushOf(change),
        orderingKey: `upstream:${change.code}`,
        // About a day of retries (backoff doubles to an hour) before it shows as dead.
        maxAttempts: 30,
        at: change.at,
      },
      linking,
    )
    return linking ? [upstreamWrites.link(db, change.caseId, linking, change.at), push] : push
  }
}

/** Why this step links the case, if it does (an escalation beyond the district first: it asks for action). */
function reasonToLink(change: CaseChange, categories: readonly string[]): UpstreamReason | null {
  if (change.action === 'escalate' && change.fromLevel === 'district') return 'escalation'
  if (inCategories(change.itemCode, categories)) return 'category'
  return null
}

/** What the platform is told; the reporter is never in it, nor staff by name. */
function pushOf(change: CaseChange): Omit<TUpstreamCase, 'reason' | 'upstreamRef'> {
  return {
    caseCode: change.code,
    sequence: change.version,
    action: change.action,
    actionName: caseActionNames[change.action].zh,
    status: change.toStatus,
    statusName: caseStatusNames[change.toStatus].zh,
    level: change.level,
    category: { code: change.itemCode, name: change.itemName },
    title: change.title,
    description: change.description,
    address: change.address,
    location: change.location,
    area: { code: change.areaCode, name: change.areaName },
    urgency: change.urgency,
    unit: change.unitName,
    note: change.note,
    at: change.at.toISOString(),
  }
}
