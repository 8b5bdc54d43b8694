import type { THotlineUpdate } from '@onegrid/core/api/integrations'
import { caseActionNames, caseStatusNames } from '@onegrid/core/cases/states'
import { outboxInsert } from '../../platform/outbox/outbox.ts'
import type { CaseChange, CaseRelay } from '../cases/ports.ts'

/** The platform's channel in the case model, and the outbox channel of its callbacks. */
export const hotlineChannel = 'platform_12345'
export const hotlineOutboxChannel = 'hotline_12345'

/**
 * The 12345 link's way back: every status change of a case that came from
 * the platform, its follow-up and its closure become an outbox message to the
 * platform's callback URL, written in the step's own statement. One order's
 * messages share an ordering key, so they arrive in the order they happened,
 * also after an outage (docs/API.md).
 */
export function hotlineRelay(callbackUrl: string | undefined): CaseRelay {
  return (db, change) => {
    const url = callbackUrl
    // The report is the platform's own order: it hears of what follows.
    if (!url || change.channel !== hotlineChannel || !change.externalRef || change.fromStatus === null)
      return null
    const told =
      change.toStatus !== change.fromStatus || change.action === 'follow_up' || change.action === 'close'
    if (!told) return null
    return outboxInsert(
      db,
      {
        channel: hotlineOutboxChannel,
        destination: url,
        payload: updateOf(change, change.externalRef),
        orderingKey: `12345:${change.externalRef}`,
        // About a day of retries (backoff doubles to an hour) before it shows as dead.
        maxAttempts: 30,
      },
      change.at,
    )
  }
}

function updateOf(change: CaseChange, orderNo: string): THotlineUpdate {
  return {
    type:
      change.action === 'follow_up'
        ? 'case.followed_up'
        : change.toStatus === 'closed'
          ? 'case.closed'
          : 'case.status',
    orderNo,
    caseCode: change.code,
    sequence: change.version,
    action: change.action,
    actionName: caseActionNames[change.action].zh,
    status: change.toStatus,
    statusName: caseStatusNames[change.toStatus].zh,
    at: change.at.toISOString(),
    note: change.note,
    unit: change.unitName,
    followUp: change.followUp
      ? { reached: change.followUp.reached, satisfaction: change.followUp.satisfaction ?? null }
      : null,
  }
}
