import type { TCampaignItem, TMyCampaignItems } from '@onegrid/core/api/campaigns'
import { describe, expect, it } from 'vitest'
import type { OutboxEntry } from '../../offline/db.ts'
import { daysLeft, groupByCampaign, markerColour, openCount, queuedSubmissions } from './campaign-items.ts'

const now = Date.parse('2026-11-24T02:00:00Z')

function campaign(id: number, deadlineAt: string, priority: 'normal' | 'high' | 'urgent' = 'normal') {
  return {
    id,
    title: `任务${id}`,
    purpose: '',
    issuingUnit: '区委政法委',
    priority,
    deadlineDate: deadlineAt.slice(0, 10),
    deadlineAt,
    form: { questions: [{ key: 'met', label: '见到', type: 'choice' as const, required: true }] },
    hazardItemCode: null,
  }
}

function item(
  id: number,
  campaignId: number,
  status: TCampaignItem['status'],
  label: string,
  overdue = false,
) {
  return {
    id,
    campaignId,
    target: { kind: 'rental_house' as const, id: String(id), label, address: null },
    gridCode: '110120001001001',
    gridName: '第一网格',
    location: { lng: 116.4, lat: 39.9 },
    assignee: null,
    status,
    answers: {},
    hazards: [],
    attachments: [],
    case: null,
    submittedBy: null,
    submittedAt: null,
    doneAt: null,
    overdue,
    version: 1,
  } satisfies TCampaignItem
}

function entry(seq: number, itemId: number, complete: boolean, state: 'pending' | 'failed' = 'pending') {
  return {
    id: `e${seq}`,
    seq,
    operation: 'submitCampaignItem',
    params: { id: String(itemId) },
    body: { answers: { met: 'yes' }, complete },
    files: [],
    filesField: 'attachmentIds',
    uploadedIds: [],
    label: '',
    owner: 7,
    createdAt: '',
    state,
    attempts: 0,
    error: state === 'failed' ? { status: 400, code: 'validation', message: '请回答' } : null,
    lastAttemptAt: null,
  } satisfies OutboxEntry
}

const data: TMyCampaignItems = {
  campaigns: [campaign(1, '2026-12-05T15:59:59.999Z'), campaign(2, '2026-11-30T15:59:59.999Z', 'urgent')],
  items: [
    item(11, 1, 'pending', '乙'),
    item(12, 1, 'done', '甲'),
    item(13, 1, 'pending', '丙'),
    item(21, 2, 'pending', '丁', true),
    item(22, 2, 'in_progress', '戊'),
  ],
}

describe('my campaign items', () => {
  it('groups by campaign, nearest deadline first; overdue and open items first in each', () => {
    const groups = groupByCampaign(data, [], now)
    expect(groups.map((g) => g.campaign.id)).toEqual([2, 1])
    expect(groups[0]?.items.map((v) => v.item.id)).toEqual([21, 22])
    // 丙 (bǐng) before 乙 (yǐ): by pinyin.
    expect(groups[1]?.items.map((v) => v.item.id)).toEqual([13, 11, 12])
    expect(groups.map((g) => [g.done, g.total, g.overdue])).toEqual([
      [0, 2, 1],
      [1, 3, 0],
    ])
    expect(openCount(groups)).toEqual({ open: 4, overdue: 1 })
  })

  it('lays the queue over: a submission waiting counts as done and shows 待同步; a refused one does not count', () => {
    const entries = [entry(1, 11, false), entry(2, 11, true), entry(3, 13, true, 'failed')]
    expect(queuedSubmissions(entries).get(11)?.entryId).toBe('e2')
    const [, group] = groupByCampaign(data, entries, now)
    const byId = new Map(group?.items.map((v) => [v.item.id, v]))
    expect(byId.get(11)?.status).toBe('done')
    expect(byId.get(13)?.status).toBe('pending')
    expect(byId.get(13)?.queued?.failed).toBe(true)
    expect([group?.done, group?.queued]).toEqual([2, 1])
    expect(markerColour(byId.get(11) ?? { status: 'pending', overdue: false, queued: null })).toBe('#7c3aed')
  })

  it('flags an open item overdue once the deadline has passed on the phone’s clock', () => {
    const later = Date.parse('2026-12-01T00:00:00Z')
    const [urgent] = groupByCampaign(data, [], later)
    expect(urgent?.items.every((v) => v.overdue)).toBe(true)
    expect(daysLeft('2026-11-30T15:59:59.999Z', now)).toBe(7)
    expect(daysLeft('2026-11-30T15:59:59.999Z', later)).toBe(0)
  })
})
