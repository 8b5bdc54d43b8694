import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { describe, expect, it } from 'vitest'
import type { THistoryEntry } from '../../../shared/api/registry.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import PersonHistory from './PersonHistory.vue'

const entries: THistoryEntry[] = [
  {
    id: 2,
    action: 'risk',
    changes: { 'group.petitioner.risk': ['yellow', 'red'] },
    reason: '多次越级上访',
    actorName: '吴网格员',
    at: '2026-11-20T02:05:00.000Z',
  },
  {
    id: 1,
    action: 'update',
    changes: {
      document: ['110105********0021', '110105********002X'],
      ethnicity: ['01', '03'],
      nonLocal: [false, true],
      'group.petitioner.fields': ['…', '…'],
    },
    reason: null,
    actorName: '系统管理员',
    at: '2026-11-19T01:00:00.000Z',
  },
]

function render(locale: 'zh-CN' | 'en') {
  return mount(PersonHistory, {
    props: { entries },
    global: { plugins: [createTestI18n(locale), ElementPlus] },
  })
}

/** A change's parts (field, before, arrow, after) joined by single spaces. */
const change = (wrapper: ReturnType<typeof render>, key: string) =>
  wrapper
    .find(`[data-testid="history-change-${key}"]`)
    .findAll('span')
    .map((span) => span.text().trim())
    .join(' ')

describe('a person’s history', () => {
  it('names each change and its values in words, personal fields as the server masked them', () => {
    const wrapper = render('zh-CN')
    expect(wrapper.text()).toContain('调整风险等级')
    expect(wrapper.text()).toContain('原因：多次越级上访')
    expect(change(wrapper, 'group.petitioner.risk')).toBe('信访人员 · 风险等级 中风险 → 高风险')
    expect(change(wrapper, 'document')).toBe('证件号码 110105********0021 → 110105********002X')
    expect(change(wrapper, 'ethnicity')).toBe('民族 汉族 → 回族')
    expect(change(wrapper, 'nonLocal')).toBe('流动人口 否 → 是')
    // The record's fields travel encrypted; the history only says they changed.
    expect(change(wrapper, 'group.petitioner.fields')).toBe('信访人员 · 登记信息 已修改')
  })

  it('speaks English too', () => {
    const wrapper = render('en')
    expect(change(wrapper, 'group.petitioner.risk')).toBe(
      'Petitioner · risk level Yellow (medium risk) → Red (high risk)',
    )
    expect(change(wrapper, 'ethnicity')).toBe('Ethnic group Han → Hui')
  })
})
