import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import PersonSearchBar from './PersonSearchBar.vue'
import { blankFilters, type PersonFilters } from './person-filters.ts'

vi.setConfig({ testTimeout: 60_000 })

function mountBar(filters: PersonFilters) {
  return mount(PersonSearchBar, {
    props: { modelValue: filters, special: false, narrow: true, loading: false },
    global: { plugins: [createTestI18n('zh-CN'), ElementPlus] },
    attachTo: document.body,
  })
}
const hint = () => document.querySelector('[data-testid="person-search-address-hint"]')

describe('the address in the person search', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('says what it searches: houses’ standard addresses, their members and current tenants', async () => {
    const wrapper = mountBar({ ...blankFilters(), address: '东湖路' })
    await flushPromises()
    // On a phone too, where the rarer filters fold away.
    expect(wrapper.find('[data-testid="person-search-address"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="person-search-document"]').exists()).toBe(false)
    expect(hint()?.textContent).toContain('标准地址')
    expect(hint()?.textContent).toContain('当前租户')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('search')).toHaveLength(1)
    wrapper.unmount()
  })

  it('refuses a single character instead of sending it', async () => {
    const filters = { ...blankFilters(), address: '东' }
    const wrapper = mountBar(filters)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.emitted('search')).toBeUndefined()
    expect(hint()?.textContent?.trim()).toBe('地址至少输入 2 个字')
    expect(hint()?.classList.contains('search__hint--error')).toBe(true)
    wrapper.unmount()
  })
})
