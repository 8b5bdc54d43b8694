import { describe, expect, it } from 'vitest'
import type { TComponent, TOrganization } from '../../../shared/api/places.ts'
import { listLayout } from './place-columns.ts'
import { type Fact, factsOf, widened } from './place-facts.ts'
import { mapLegend, markerColour, parsePlaceRef, placeRef, vocabOptions, vocabText } from './place-format.ts'

const placed = {
  gridCode: '110120001001001',
  gridName: '湖滨社区第一网格',
  areaPath: '110120.110120001.110120001001.110120001001001',
  location: { lng: 116.7095, lat: 39.9712 },
  tags: [],
  note: null,
  version: 1,
  updatedAt: '2026-11-20T02:00:00.000Z',
  history: [],
  cases: [],
  createdAt: '2026-11-01T02:00:00.000Z',
}
const component: TComponent = {
  ...placed,
  id: 1,
  code: '11012001001000001',
  scheme: 'gbt47678',
  classCode: '01001',
  className: '供水井盖',
  name: '供水井盖',
  state: 'damaged',
  department: '城市管理局',
  ownerUnit: null,
  maintainer: null,
  address: null,
  initialDate: null,
  changedDate: '2026-11-20',
  source: null,
}
const organization: TOrganization = {
  ...placed,
  id: 2,
  creditCode: '91110000100000000R',
  registeredAs: null,
  name: '测试商贸有限公司',
  kind: 'enterprise',
  status: 'suspended',
  industry: null,
  address: '湖滨路22号',
  legalRepresentative: '李四',
  legalRepresentativePhoneMasked: '138****8000',
  employees: null,
  safetyContact: null,
  safetyContactPhoneMasked: null,
  keyFireUnit: true,
  houses: [],
}

const words = {
  field: (_kind: string, field: string) => field,
  vocab: (
    kind: 'component' | 'organization' | 'building' | 'house' | 'camera',
    field: 'use' | 'kind' | 'status' | 'state',
    value: string,
  ) => vocabText(kind, field, value, 'zh-CN'),
  yesNo: (v: boolean) => (v ? '是' : '否'),
  scheme: (s: string) => s,
  minute: (iso: string) => iso.slice(0, 10),
  tenants: (n: number) => `在租 ${n} 人`,
  unit: (unit: string) => `${unit}单元`,
  floor: (floor: number) => `${floor}层`,
  yes: '是',
}

describe('the words and colours of places', () => {
  it('names codes in either language, component states too (core has them in Chinese only)', () => {
    expect(vocabText('component', 'state', 'damaged', 'zh-CN')).toBe('破损')
    expect(vocabText('component', 'state', 'damaged', 'en')).toBe('Damaged')
    expect(vocabText('camera', 'status', 'offline', 'en')).toBe('Offline')
    expect(vocabText('camera', 'status', 'unheard-of', 'en')).toBe('unheard-of')
    expect(vocabOptions('house', 'use', 'zh-CN').map((o) => o.label)).toEqual([
      '自住',
      '出租',
      '空置',
      '经营',
      '其他',
    ])
    expect(vocabOptions('building', 'status', 'zh-CN')).toEqual([])
  })

  it('colours what needs attention: a damaged component red, an offline camera grey', () => {
    expect(markerColour('component', 'damaged')).toBe('#dc2626')
    expect(markerColour('camera', 'fault')).toBe('#dc2626')
    expect(markerColour('camera', 'offline')).toBe('#94a3b8')
    expect(markerColour('camera', 'online')).not.toBe(markerColour('camera', 'offline'))
  })

  it('explains the dots on the map by kind and state, in the vocabulary’s order, with counts', () => {
    const legend = mapLegend(
      [
        { kind: 'component', state: 'damaged' },
        { kind: 'camera', state: 'offline' },
        { kind: 'component', state: 'intact' },
        { kind: 'component', state: 'damaged' },
      ],
      (kind, field, value) => vocabText(kind, field, value, 'zh-CN'),
    )
    expect(legend.map((g) => g.kind)).toEqual(['component', 'camera'])
    expect(legend[0]?.items.map((i) => [i.label, i.count])).toEqual([
      ['完好', 1],
      ['破损', 2],
    ])
  })

  it('names a record in links and the address bar, and reads such names back', () => {
    expect(placeRef('house', 12)).toBe('house-12')
    expect(parsePlaceRef('house-12')).toEqual({ kind: 'house', id: 12 })
    expect(parsePlaceRef('person-3')).toBeNull()
    expect(parsePlaceRef('house-0')).toBeNull()
    expect(parsePlaceRef(undefined)).toBeNull()
  })
})

describe('a record’s facts and list row', () => {
  it('lists a component’s class with its name and its state as a tag', () => {
    const facts = factsOf('component', component, words)
    const byKey = new Map(facts.map((f) => [f.key, f]))
    expect(byKey.get('classCode')?.text).toBe('01001 供水井盖')
    expect(byKey.get('state')).toMatchObject({ text: '破损', tag: 'danger' })
    expect(byKey.get('location')?.text).toBe('116.70950, 39.97120')
    expect(byKey.get('ownerUnit')?.text).toBe('—')
  })

  it('leaves an organization’s phones to the drawer (masked, with a reveal button)', () => {
    const facts = factsOf('organization', organization, words)
    expect(facts.find((f) => f.key === 'legalRepresentativePhone')).toMatchObject({
      text: '138****8000',
      slot: true,
    })
    expect(facts.find((f) => f.key === 'keyFireUnit')).toMatchObject({ text: '是', tag: 'danger' })
    expect(facts.find((f) => f.key === 'status')).toMatchObject({ text: '停业', tag: 'warning' })
  })

  it('stretches a fact left alone on its row, so no row ends in an empty cell', () => {
    const fact = (key: string, wide = false): Fact => ({ key, label: key, text: key, wide })
    expect([...widened([fact('a'), fact('b'), fact('c'), fact('d', true), fact('e')])]).toEqual([
      'c',
      'd',
      'e',
    ])
    expect([...widened([fact('a'), fact('b')])]).toEqual([])
  })

  it('shows a house’s current tenants as a tag and a building’s floors below ground after a slash', () => {
    const houses = listLayout('house', words)
    const tenants = houses.columns.find((c) => c.key === 'currentTenants')
    expect(tenants?.cell({ ...organization, currentTenants: 2 } as never)).toEqual({
      text: '在租 2 人',
      tag: 'warning',
    })
    expect(tenants?.cell({ ...organization, currentTenants: 0 } as never)).toBeNull()
    const floors = listLayout('building', words).columns.find((c) => c.key === 'floors')
    expect(floors?.cell({ floorsAbove: 18, floorsBelow: 2 } as never)).toEqual({ text: '18 / -2' })
    expect(listLayout('component', words).state(component)).toEqual({ text: '破损', tag: 'danger' })
  })

  it('names a house’s building under its address in a list, and with its code among its facts', () => {
    const inBuilding = {
      ...component,
      address: '西湖路9号院4号楼1单元201室',
      buildingId: 4,
      buildingName: '4号楼',
      buildingNumber: '00004',
      unit: '1',
      floor: 2,
    }
    const title = listLayout('house', words).title
    expect(title(inBuilding as never)).toEqual({
      text: '西湖路9号院4号楼1单元201室',
      sub: '4号楼 · 1单元 · 2层',
    })
    expect(title({ ...inBuilding, buildingName: null, unit: null } as never).sub).toBe('00004 · 2层')
    const alone = {
      ...inBuilding,
      buildingId: null,
      buildingName: null,
      buildingNumber: null,
      unit: null,
      floor: null,
    }
    expect(title(alone as never).sub).toBeNull()

    const facts = factsOf('house', { ...inBuilding, history: [], cases: [] } as never, words)
    expect(facts.find((f) => f.key === 'buildingId')).toMatchObject({ text: '4号楼 · 00004', slot: true })
    expect(
      factsOf('house', { ...alone, history: [], cases: [] } as never, words).find(
        (f) => f.key === 'buildingId',
      ),
    ).toMatchObject({ text: '—', slot: false })
  })
})
