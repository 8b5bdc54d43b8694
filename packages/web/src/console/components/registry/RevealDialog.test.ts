import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { revealPlaceField } from '../../../shared/api/places.ts'
import { revealPersonField } from '../../../shared/api/registry.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import RevealDialog from './RevealDialog.vue'

// Element Plus dialogs take seconds to mount on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 60_000 })

type Call = { method: string; url: string; body: unknown }

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

const personQuick = [
  { key: 'call', text: '电话回访' },
  { key: 'visit', text: '入户走访' },
  { key: 'verify', text: '核对身份' },
]

/** The dialog as the person page opens it: a person's phone, revealed by the person's call. */
function mountDialog() {
  return mount(RevealDialog, {
    props: {
      modelValue: true,
      fieldLabel: '联系电话',
      quickReasons: personQuick,
      reveal: async (reason: string) => (await revealPersonField(31, { field: 'phone', reason })).value,
    },
    global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus] },
    attachTo: document.body,
  })
}

const byTestId = <T extends HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`)

async function settle(): Promise<void> {
  await flushPromises()
  // Element Plus shows a form item's message 100 ms after it turns to error.
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

describe('revealing a protected value', () => {
  let calls: Call[]
  let replies: Response[]
  beforeEach(() => {
    localStorage.clear()
    calls = []
    replies = []
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({
        method: init?.method ?? 'GET',
        url,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      })
      return replies.shift() ?? answer(500, {})
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('asks why first, says the view is logged, and sends nothing without a reason', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    expect(document.body.textContent).toContain('查看完整信息将记入审计日志')
    byTestId<HTMLButtonElement>('reveal-confirm')?.click()
    await settle()
    expect(calls).toEqual([])
    const item = byTestId('reveal-reason')?.closest('.el-form-item')
    expect(item?.classList.contains('is-error')).toBe(true)
    expect(item?.querySelector('.el-form-item__error')?.textContent).toContain('请填写查看原因')
    expect(byTestId('reveal-value')).toBeNull()
    wrapper.unmount()
  })

  it('refuses a one-character reason too', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    const input = byTestId<HTMLInputElement>('reveal-reason')
    if (!input) throw new Error('no reason input')
    input.value = '看'
    input.dispatchEvent(new Event('input'))
    byTestId<HTMLButtonElement>('reveal-confirm')?.click()
    await settle()
    expect(calls).toEqual([])
    wrapper.unmount()
  })

  it('sends a quick reason, shows the value with the logged notice, and hands it to the page', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    byTestId<HTMLButtonElement>('reveal-quick-call')?.click()
    await flushPromises()
    expect(byTestId<HTMLInputElement>('reveal-reason')?.value).toBe('电话回访')
    replies.push(answer(200, { field: 'phone', value: '13800138000' }))
    byTestId<HTMLButtonElement>('reveal-confirm')?.click()
    await settle()
    expect(calls).toEqual([
      {
        method: 'POST',
        url: '/api/registry/persons/31/reveal',
        body: { field: 'phone', reason: '电话回访' },
      },
    ])
    expect(byTestId('reveal-value')?.textContent?.trim()).toBe('13800138000')
    expect(byTestId('reveal-recorded')?.textContent).toContain('已记录查看日志')
    expect(wrapper.emitted('revealed')?.[0]).toEqual(['13800138000'])
    wrapper.unmount()
  })

  it('shows a refusal (no permission) and no value', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    byTestId<HTMLButtonElement>('reveal-quick-verify')?.click()
    await flushPromises()
    replies.push(answer(403, { error: { code: 'forbidden', message: '您没有查看该信息的权限' } }))
    byTestId<HTMLButtonElement>('reveal-confirm')?.click()
    await settle()
    expect(calls).toHaveLength(1)
    expect(document.body.textContent).toContain('您没有查看该信息的权限')
    expect(byTestId('reveal-value')).toBeNull()
    expect(wrapper.emitted('revealed')).toBeUndefined()
    wrapper.unmount()
  })

  it('forgets the value when closed and asks again when reopened', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    byTestId<HTMLButtonElement>('reveal-quick-visit')?.click()
    await flushPromises()
    replies.push(answer(200, { field: 'phone', value: '13800138000' }))
    byTestId<HTMLButtonElement>('reveal-confirm')?.click()
    await settle()
    expect(byTestId('reveal-value')).not.toBeNull()
    await wrapper.setProps({ modelValue: false })
    await settle()
    await wrapper.setProps({ modelValue: true })
    await settle()
    expect(byTestId('reveal-value')).toBeNull()
    expect(byTestId<HTMLInputElement>('reveal-reason')?.value).toBe('')
    wrapper.unmount()
  })

  it('reveals a place’s field by the caller’s call, with the caller’s quick reasons, and says when none is recorded', async () => {
    const wrapper = mount(RevealDialog, {
      props: {
        modelValue: true,
        fieldLabel: '视频流地址',
        quickReasons: [{ key: 'video', text: '调阅视频' }],
        reveal: async (reason: string) =>
          (await revealPlaceField('camera', 7, { field: 'streamUrl', reason })).value,
      },
      global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(document.body.textContent).toContain('查看完整视频流地址')
    expect(byTestId('reveal-quick-call')).toBeNull()
    byTestId<HTMLButtonElement>('reveal-quick-video')?.click()
    await flushPromises()
    replies.push(answer(200, { field: 'streamUrl', value: null }))
    byTestId<HTMLButtonElement>('reveal-confirm')?.click()
    await settle()
    expect(calls).toEqual([
      {
        method: 'POST',
        url: '/api/registry/places/camera/7/reveal',
        body: { field: 'streamUrl', reason: '调阅视频' },
      },
    ])
    expect(byTestId('reveal-value')?.textContent?.trim()).toBe('未登记')
    expect(wrapper.emitted('revealed')?.[0]).toEqual([null])
    wrapper.unmount()
  })

  it('sends nothing while no field is asked for', async () => {
    const wrapper = mount(RevealDialog, {
      props: { modelValue: true, fieldLabel: '', quickReasons: personQuick, reveal: null },
      global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus] },
      attachTo: document.body,
    })
    await flushPromises()
    byTestId<HTMLButtonElement>('reveal-quick-call')?.click()
    await flushPromises()
    byTestId<HTMLButtonElement>('reveal-confirm')?.click()
    await settle()
    expect(calls).toEqual([])
    wrapper.unmount()
  })
})
