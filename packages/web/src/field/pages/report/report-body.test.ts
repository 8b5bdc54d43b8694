import type { TCatalogField } from '@onegrid/core/api/catalog'
import { describe, expect, it } from 'vitest'
import { blankForm, personFieldKey, readPrefill, reportBody, reportProblems } from './report-body.ts'

const field = (f: Partial<TCatalogField> & Pick<TCatalogField, 'key' | 'type'>): TCatalogField => ({
  label: f.key,
  labelEn: f.key,
  required: false,
  forms: ['report'],
  options: [],
  min: null,
  max: null,
  maxLength: null,
  hint: '',
  ...f,
})

const disputeFields = [
  field({ key: 'main_party', type: 'person' }),
  field({ key: 'people_involved', type: 'number' }),
  field({ key: 'resolved', type: 'single_choice', required: true, forms: ['handling'] }),
  field({ key: 'resolution', type: 'text', forms: ['handling'] }),
]

describe('the report body', () => {
  it('is a grid worker’s report of the chosen item at the point, with its report fields', () => {
    const form = {
      ...blankForm(),
      itemCode: '0101',
      description: '  路边堆放建筑垃圾  ',
      address: ' 和湖路 12 号 ',
      location: { lng: 116.123456789, lat: 39.987654321 },
      fields: { people_involved: 3, main_party: 42, resolved: 'yes', unknown: 'x', empty: '' },
    }
    expect(reportBody(form, disputeFields)).toEqual({
      itemCode: '0101',
      channel: 'grid_worker',
      description: '路边堆放建筑垃圾',
      address: '和湖路 12 号',
      location: { lng: 116.1234568, lat: 39.9876543 },
      urgency: 'normal',
      fields: { people_involved: 3, main_party: 42 },
      attachmentIds: [],
      selfHandle: false,
    })
  })

  it('says 自处置 the way reportCase takes it: selfHandle, the note and the handling form', () => {
    const form = {
      ...blankForm(),
      itemCode: '0201',
      description: '邻里因噪音争吵',
      location: { lng: 116.1, lat: 39.9 },
      selfHandle: true,
      handlingNote: ' 现场劝解，双方和解 ',
      handlingFields: { resolved: 'yes', resolution: '', people_involved: 2 },
    }
    const body = reportBody(form, disputeFields)
    expect(body.selfHandle).toBe(true)
    expect(body.handlingNote).toBe('现场劝解，双方和解')
    expect(body.handlingFields).toEqual({ resolved: 'yes' })
    expect(body.attachmentIds).toEqual([])
  })

  it('leaves the handling out of an ordinary report, whatever the form still holds', () => {
    const form = {
      ...blankForm(),
      itemCode: '0201',
      description: '邻里纠纷',
      location: { lng: 116.1, lat: 39.9 },
      handlingNote: '写了一半',
      handlingFields: { resolved: 'yes' },
    }
    const body = reportBody(form, disputeFields)
    expect(body).not.toHaveProperty('handlingNote')
    expect(body).not.toHaveProperty('handlingFields')
  })

  it('names the grid chosen by hand when there is no point, and the time when given', () => {
    const body = reportBody({
      ...blankForm(),
      itemCode: '0101',
      description: '垃圾',
      gridCode: '110120001001001',
      occurredAt: '2026-12-01T08:00:00+08:00',
    })
    expect(body.gridCode).toBe('110120001001001')
    expect(body).not.toHaveProperty('location')
    expect(body.occurredAt).toBe('2026-12-01T08:00:00+08:00')
  })

  it('refuses to build without an item', () => {
    expect(() => reportBody(blankForm())).toThrow()
  })
})

describe('what keeps a report from being sent', () => {
  const item = { photoRequired: true, selfHandle: true }
  const ready = { ...blankForm(), itemCode: '0201', description: '邻里纠纷', location: { lng: 116, lat: 39 } }

  it('asks for the item, a description, a place and a photo when the item wants one', () => {
    expect(reportProblems(blankForm(), { photos: 0, evidence: 0 }, null)).toEqual([
      'item',
      'description',
      'place',
    ])
    expect(reportProblems(ready, { photos: 0, evidence: 0 }, item)).toEqual(['photo'])
    expect(reportProblems(ready, { photos: 1, evidence: 0 }, item)).toEqual([])
    expect(reportProblems(ready, { photos: 0, evidence: 0 }, { ...item, photoRequired: false })).toEqual([])
  })

  it('asks a self-handled report for the note, the photo of the fix and the required handling fields', () => {
    const form = { ...ready, selfHandle: true }
    expect(reportProblems(form, { photos: 1, evidence: 0 }, item, disputeFields)).toEqual([
      'handlingNote',
      'evidence',
      'handlingField:resolved',
    ])
    const done = { ...form, handlingNote: '已劝解', handlingFields: { resolved: 'yes' } }
    expect(reportProblems(done, { photos: 0, evidence: 1 }, item, disputeFields)).toEqual([])
  })

  it('asks for the item’s required report fields', () => {
    const fields = [field({ key: 'component_state', type: 'single_choice', required: true })]
    expect(reportProblems(ready, { photos: 1, evidence: 0 }, item, fields)).toEqual(['field:component_state'])
    expect(
      reportProblems(
        { ...ready, fields: { component_state: 'damaged' } },
        { photos: 1, evidence: 0 },
        item,
        fields,
      ),
    ).toEqual([])
  })
})

describe('a report opened from a visit', () => {
  it('reads the description, the point, the visit and the person from the address', () => {
    expect(
      readPrefill({
        description: ' 独居老人家中漏水 ',
        lat: '39.9',
        lng: '116.4',
        visitId: 'v-1',
        personId: '42',
      }),
    ).toEqual({
      description: '独居老人家中漏水',
      location: { lng: 116.4, lat: 39.9 },
      visitId: 'v-1',
      personId: 42,
    })
  })

  it('ignores what does not make sense', () => {
    expect(readPrefill({ lat: '91', lng: '116', personId: '-1', description: '' })).toEqual({})
    expect(readPrefill({ lat: '39.9' })).toEqual({})
    expect(readPrefill({ description: ['第一', '第二'] })).toEqual({ description: '第一' })
  })

  it('puts the person into the item’s first person field', () => {
    expect(personFieldKey(disputeFields)).toBe('main_party')
    expect(personFieldKey([field({ key: 'x', type: 'person', forms: ['handling'] })])).toBeNull()
  })
})
