import { describe, expect, it } from 'vitest'
import type { TDueVisit } from '../../../shared/api/visits.ts'
import type { OutboxEntry } from '../../offline/db.ts'
import {
  addNotePhrase,
  blankVisitForm,
  filterDue,
  pendingVisits,
  reportQuery,
  visitBody,
  visitPhrases,
} from './visit-form.ts'

const due = (over: Partial<TDueVisit> & { label: string; id: number }): TDueVisit => ({
  target: {
    kind: 'household',
    id: over.id,
    label: over.label,
    gridCode: '110120001001001',
    gridName: '一网格',
  },
  address: over.address ?? null,
  householdId: null,
  rule: 'ordinary_household',
  groups: [],
  riskLevel: null,
  everyDays: 182,
  lastVisitedAt: null,
  lastVisitorName: null,
  dueOn: '2027-06-01',
  status: over.status ?? 'upcoming',
  daysOverdue: -10,
})

const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  id: 'id-1',
  seq: 1,
  operation: 'recordVisit',
  params: {},
  body: {},
  files: [],
  filesField: 'attachmentIds',
  uploadedIds: [],
  label: '走访',
  owner: 1,
  createdAt: '2026-12-01T01:00:00.000Z',
  state: 'pending',
  attempts: 0,
  error: null,
  lastAttemptAt: null,
  ...over,
})

describe('the visit form', () => {
  it('builds recordVisit’s body: notes trimmed, ticked findings with their notes, the place rounded', () => {
    const form = blankVisitForm()
    form.method = 'phone'
    form.notes = '  情绪稳定 '
    form.findings = { hazard: ' 燃气管老化 ', need_help: '' }
    const body = visitBody(
      { kind: 'person', id: 7 },
      form,
      { lng: 116.1234567, lat: 39.9876543, accuracy: 12.4 },
      new Date('2026-12-01T02:00:00Z'),
    )
    expect(body).toEqual({
      target: { kind: 'person', id: 7 },
      visitedAt: '2026-12-01T02:00:00.000Z',
      method: 'phone',
      notes: '情绪稳定',
      findings: [{ flag: 'hazard', note: '燃气管老化' }, { flag: 'need_help' }],
      attachmentIds: [],
      location: { lng: 116.123457, lat: 39.987654, accuracy: 12 },
    })
    expect(visitBody({ kind: 'household', id: 1 }, blankVisitForm(), null, new Date(0))).not.toHaveProperty(
      'location',
    )
  })

  it('prefills the report with the findings worth reporting, the place, the visit’s client id and the person', () => {
    const form = blankVisitForm()
    form.notes = '已提醒住户'
    form.findings = { hazard: '楼道堆物', info_changed: '新号码' }
    const query = reportQuery(
      { kind: 'person', id: 9 },
      form,
      { lng: 116.5, lat: 39.9, accuracy: null },
      'client-123',
      (f) => ({ hazard: '安全隐患', info_changed: '信息变更' })[f as 'hazard' | 'info_changed'],
    )
    expect(query).toEqual({
      description: '安全隐患：楼道堆物；已提醒住户',
      visitId: 'client-123',
      lng: '116.500000',
      lat: '39.900000',
      personId: '9',
    })
    expect(reportQuery({ kind: 'household', id: 3 }, blankVisitForm(), null, 'c', String)).toEqual({
      description: '',
      visitId: 'c',
    })
  })

  it('marks targets with a visit still in the phone’s queue, failed ones too', () => {
    const map = pendingVisits([
      entry({ id: 'a', body: { target: { kind: 'household', id: 5 }, visitedAt: '2026-12-01T02:00:00Z' } }),
      entry({ id: 'b', state: 'failed', body: { target: { kind: 'person', id: 5 } } }),
      entry({ id: 'c', operation: 'reportCase', body: { target: { kind: 'person', id: 5 } } }),
      entry({ id: 'd', body: { target: { kind: 'shop', id: 5 } } }),
    ])
    expect([...map.keys()]).toEqual(['household:5', 'person:5'])
    expect(map.get('household:5')?.[0]).toMatchObject({
      id: 'a',
      visitedAt: '2026-12-01T02:00:00Z',
      failed: false,
    })
    expect(map.get('person:5')?.[0]).toMatchObject({
      id: 'b',
      failed: true,
      visitedAt: '2026-12-01T01:00:00.000Z',
    })
  })

  it('filters the plan by name or address and by status', () => {
    const items = [
      due({ id: 1, label: '张三户', address: '东湖路1号', status: 'overdue' }),
      due({ id: 2, label: '李四户', address: '西园路2号', status: 'due' }),
    ]
    expect(filterDue(items, { text: '东湖' }).map((i) => i.target.id)).toEqual([1])
    expect(filterDue(items, { text: '李' }).map((i) => i.target.id)).toEqual([2])
    expect(filterDue(items, { statuses: ['due'] }).map((i) => i.target.id)).toEqual([2])
    expect(filterDue(items).length).toBe(2)
  })

  it('offers the rule’s quick phrases first and adds a phrase once', () => {
    expect(visitPhrases('special_group', 'zh-CN')[0]).toBe('本人在家，情绪稳定')
    expect(visitPhrases(null, 'en')[0]).toBe('Visited at home, all normal')
    expect(addNotePhrase('', '甲', 'zh-CN')).toBe('甲')
    expect(addNotePhrase('甲', '乙', 'zh-CN')).toBe('甲；乙')
    expect(addNotePhrase('甲；乙', '乙', 'zh-CN')).toBe('甲；乙')
    expect(addNotePhrase('a', 'b', 'en')).toBe('a; b')
  })
})
