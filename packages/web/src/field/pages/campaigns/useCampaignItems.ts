import { computed, onScopeDispose } from 'vue'
import { useNow } from '../../../shared/composables/useNow.ts'
import { useReference } from '../../offline/reference.ts'
import { useOutbox } from '../../offline/useOutbox.ts'
import { type CampaignGroup, groupByCampaign, type ItemView, openCount } from './campaign-items.ts'

/**
 * 我的任务 for the pages: the phone's copy of my items with the queue laid over, grouped by campaign,
 * and kept fresh — when a submission of mine reaches the server the list is fetched again.
 */
export function useCampaignItems() {
  const reference = useReference()
  const outbox = useOutbox()
  const now = useNow(60_000)
  const groups = computed<CampaignGroup[]>(() =>
    groupByCampaign(reference.campaigns.value, outbox.pending.value, now.value.getTime()),
  )
  const views = computed<ItemView[]>(() => groups.value.flatMap((g) => g.items))
  const counts = computed(() => openCount(groups.value))
  // The answer of a submission is the item: once one arrives the list is fetched anew (not joined to a
  // fetch under way, which may have left before the submission), for the item's state and its case.
  const offSynced = outbox.onSynced((_id, result) => {
    const body = result.body
    if (body && typeof body === 'object' && 'campaignId' in body) void reference.refresh(['campaigns'])
  })
  onScopeDispose(offSynced)
  return { reference, outbox, groups, views, counts }
}
