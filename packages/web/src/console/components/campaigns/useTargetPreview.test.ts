import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import type { TCampaignTargetPreview, TCampaignTargets } from '../../../shared/api/campaigns.ts'
import { previewCampaignTargets } from '../../../shared/api/campaigns.ts'
import { useTargetPreview } from './useTargetPreview.ts'

vi.mock('../../../shared/api/campaigns.ts', () => ({ previewCampaignTargets: vi.fn() }))

const answer = (total: number): TCampaignTargetPreview => ({
  total,
  byArea: [{ code: '110120001', name: '东湖街道', count: total }],
  grids: 3,
  gridsWithoutWorker: 0,
})

describe('the live preview of a target selection', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.mocked(previewCampaignTargets).mockReset()
  })
  afterEach(() => vi.useRealTimers())

  it('asks once the selection has settled, and never for an incomplete one', async () => {
    vi.mocked(previewCampaignTargets).mockResolvedValue(answer(120))
    const selection = reactive<{ value: TCampaignTargets | null }>({ value: null })
    const { preview, loading } = useTargetPreview(() => selection.value, 400)
    await vi.advanceTimersByTimeAsync(1000)
    expect(previewCampaignTargets).not.toHaveBeenCalled()

    selection.value = { kind: 'rental_house', areaCodes: ['110120001'] }
    await nextTick()
    selection.value = { kind: 'rental_house', areaCodes: ['110120001', '110120002'] }
    await nextTick()
    expect(loading.value).toBe(true)
    await vi.advanceTimersByTimeAsync(400)
    expect(previewCampaignTargets).toHaveBeenCalledTimes(1)
    expect(vi.mocked(previewCampaignTargets).mock.lastCall?.[0].areaCodes).toEqual(['110120001', '110120002'])
    expect(preview.value?.total).toBe(120)
    expect(loading.value).toBe(false)

    selection.value = null
    await nextTick()
    expect(preview.value).toBeNull()
  })

  it('keeps the newest answer when an older one arrives late', async () => {
    let releaseFirst: (value: TCampaignTargetPreview) => void = () => {}
    vi.mocked(previewCampaignTargets)
      .mockImplementationOnce(() => new Promise((resolve) => (releaseFirst = resolve)))
      .mockResolvedValueOnce(answer(7))
    const selection = reactive<{ value: TCampaignTargets | null }>({
      value: { kind: 'household', areaCodes: ['110120001'] },
    })
    const { preview } = useTargetPreview(() => selection.value, 100)
    await vi.advanceTimersByTimeAsync(100)
    selection.value = { kind: 'building', areaCodes: ['110120001'] }
    await nextTick()
    await vi.advanceTimersByTimeAsync(100)
    expect(preview.value?.total).toBe(7)
    releaseFirst(answer(999))
    await vi.advanceTimersByTimeAsync(0)
    expect(preview.value?.total).toBe(7)
  })
})
