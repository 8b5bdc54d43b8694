import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTestI18n } from '../../shared/i18n/test-i18n.ts'
import AreaPicker from './AreaPicker.vue'

// Element Plus mounts slowly on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 60_000 })

const area = (code: string, name: string, level: string) => ({
  code,
  name,
  level,
  parentCode: null,
  path: code,
  hasGeometry: true,
})
/** The demo district's first levels, as /api/areas answers them. */
const levels: Record<string, ReturnType<typeof area>[]> = {
  'district:': [area('110120', '云溪区', 'district')],
  'street:110120': [area('110120001', '东湖街道', 'street'), area('110120002', '西山街道', 'street')],
  'community:110120001': [area('110120001001', '湖滨社区', 'community')],
  'grid:110120001001': [area('110120001001001', '湖滨社区第一网格', 'grid')],
  // A street asked for as itself (`under` is inclusive): a root of someone's jurisdiction.
  'street:110120001': [area('110120001', '东湖街道', 'street')],
}

describe('the area picker', () => {
  let asked: string[]
  beforeEach(() => {
    asked = []
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url)
      const query = new URL(url, 'http://localhost').searchParams
      const items = levels[`${query.get('level')}:${query.get('under') ?? ''}`] ?? []
      return new Response(JSON.stringify({ items }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  const mountPicker = (modelValue: string | null, roots?: string[]) =>
    mount(AreaPicker, {
      props: { modelValue, placeholder: '全部辖区', roots },
      global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus] },
      attachTo: document.body,
    })
  const shown = () => document.querySelector<HTMLInputElement>('[data-testid="area-picker"] input')

  it('names an area given from the address alone, loading the levels down to it', async () => {
    const wrapper = mountPicker('110120001')
    await flushPromises()
    await flushPromises()
    expect(shown()?.value).toBe('东湖街道')
    expect(asked.some((url) => url.includes('under=110120&'))).toBe(true)
    wrapper.unmount()
  })

  it('names a grid four levels down, and shows the placeholder for no area', async () => {
    const grid = mountPicker('110120001001001')
    await flushPromises()
    await flushPromises()
    expect(shown()?.value).toBe('湖滨社区第一网格')
    grid.unmount()

    const none = mountPicker(null)
    await flushPromises()
    expect(shown()?.value).toBe('')
    expect(shown()?.placeholder).toBe('全部辖区')
    none.unmount()
  })

  it('hands the page the code of the area picked, and nothing once cleared', async () => {
    const wrapper = mountPicker(null)
    await flushPromises()
    const cascader = wrapper.findComponent({ name: 'ElCascader' })
    cascader.vm.$emit('update:modelValue', ['110120', '110120002'])
    cascader.vm.$emit('update:modelValue', null)
    expect(wrapper.emitted('update:modelValue')).toEqual([['110120002'], [null]])
    wrapper.unmount()
  })

  it('starts at the caller’s own areas when given roots, and names an area under them', async () => {
    const wrapper = mountPicker('110120001001', ['110120001'])
    await flushPromises()
    await flushPromises()
    expect(shown()?.value).toBe('湖滨社区')
    // The first column is the street itself; the district was never asked for.
    expect(asked.some((url) => url.includes('level=street') && url.includes('under=110120001'))).toBe(true)
    expect(asked.some((url) => url.includes('level=district'))).toBe(false)
    wrapper.unmount()
  })
})
