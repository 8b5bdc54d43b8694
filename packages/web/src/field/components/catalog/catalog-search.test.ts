import { beforeEach, describe, expect, it } from 'vitest'
import {
  type CatalogTreeLike,
  groupByClass,
  loadRecent,
  pickerItems,
  recentItems,
  saveRecent,
  searchItems,
  withRecent,
} from './catalog-search.ts'

const item = (
  code: string,
  name: string,
  initials: string,
  more: Partial<{ admitted: boolean; retired: boolean; selfHandle: boolean }> = {},
) => ({
  code,
  name,
  initials,
  admitted: more.admitted ?? true,
  retired: more.retired ?? false,
  selfHandle: more.selfHandle ?? false,
  photoRequired: true,
})

const tree: CatalogTreeLike = {
  majors: [
    {
      code: '01',
      name: '市容环境',
      items: [
        item('0101', '暴露垃圾', 'blj', { selfHandle: true }),
        item('0102', '垃圾满溢', 'ljmy'),
        item('0103', '乱贴广告', 'ltgg'),
        item('0104', '店外经营', 'dwjy', { admitted: false }),
      ],
    },
    {
      code: '02',
      name: '矛盾纠纷',
      items: [item('0201', '邻里纠纷', 'lljf'), item('0202', '旧条目', 'jtm', { retired: true })],
    },
    { code: '03', name: '公共设施', items: [item('0301', '路灯损坏', 'ldsh')] },
  ],
}
const items = pickerItems(tree)
const codes = (list: { code: string }[]) => list.map((i) => i.code)

describe('the report’s category picker', () => {
  it('offers only admitted items that are not retired, with their class', () => {
    expect(codes(items)).toEqual(['0101', '0102', '0103', '0201', '0301'])
    expect(items[0]).toMatchObject({ majorCode: '01', majorName: '市容环境', selfHandle: true })
  })

  it('finds items by the pinyin initials of their name, whole or in part, any case', () => {
    expect(codes(searchItems(items, 'ljmy'))).toEqual(['0102'])
    expect(codes(searchItems(items, 'LJ'))).toEqual(['0102', '0101', '0201'])
    expect(codes(searchItems(items, 'ld'))).toEqual(['0301'])
  })

  it('finds items by part of their name, the beginning first', () => {
    expect(codes(searchItems(items, '垃圾'))).toEqual(['0102', '0101'])
    expect(codes(searchItems(items, '纠纷'))).toEqual(['0201'])
    expect(codes(searchItems(items, '设施'))).toEqual(['0301'])
  })

  it('finds items by their code', () => {
    expect(codes(searchItems(items, '03'))).toEqual(['0301'])
  })

  it('puts the recently used first among equal matches', () => {
    expect(codes(searchItems(items, 'lj', ['0101']))).toEqual(['0102', '0101', '0201'])
    expect(codes(searchItems(items, 'lj', ['0201', '0102']))).toEqual(['0102', '0201', '0101'])
  })

  it('gives everything for an empty query and nothing for a miss', () => {
    expect(searchItems(items, '  ')).toHaveLength(5)
    expect(searchItems(items, 'xyz')).toEqual([])
  })

  it('works without initials from an older server (by name alone)', () => {
    const bare = pickerItems({
      majors: [
        { code: '01', name: '市容', items: [{ ...item('0101', '暴露垃圾', ''), initials: undefined }] },
      ],
    })
    expect(searchItems(bare, 'blj')).toEqual([])
    expect(codes(searchItems(bare, '垃圾'))).toEqual(['0101'])
  })

  it('groups by class in the catalog’s order', () => {
    const groups = groupByClass(items)
    expect(groups.map((g) => [g.name, codes(g.items)])).toEqual([
      ['市容环境', ['0101', '0102', '0103']],
      ['矛盾纠纷', ['0201']],
      ['公共设施', ['0301']],
    ])
  })
})

describe('recently used items', () => {
  beforeEach(() => localStorage.clear())

  it('moves the item used to the front and keeps a few', () => {
    expect(withRecent([], '0101')).toEqual(['0101'])
    expect(withRecent(['0101', '0102'], '0102')).toEqual(['0102', '0101'])
    expect(withRecent(['1', '2', '3'], '4', 3)).toEqual(['4', '1', '2'])
  })

  it('lists the recent items that still exist, most recent first', () => {
    expect(codes(recentItems(items, ['0301', 'gone', '0101']))).toEqual(['0301', '0101'])
  })

  it('keeps the list on the device per user', () => {
    saveRecent(7, ['0102', '0101'])
    expect(loadRecent(7)).toEqual(['0102', '0101'])
    expect(loadRecent(8)).toEqual([])
    localStorage.setItem('onegrid.field.recentItems.9', '{broken')
    expect(loadRecent(9)).toEqual([])
  })
})
