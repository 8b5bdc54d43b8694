import type { TCase } from '@onegrid/core/api/cases'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import CaseActionDialog from './CaseActionDialog.vue'

// The toasts import Element Plus's CSS, which the test runner does not load.
vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))

const detail = {
  id: 42,
  code: 'AJ202600042',
  title: '井盖缺失',
  version: 5,
  itemCode: '0101',
  itemName: '井盖',
  urgency: 'normal',
  level: 'street',
  location: null,
  suggestedHandler: null,
  timeline: [],
} as unknown as TCase

type Call = { url: string; body: unknown }

/** 邻里纠纷's rules as far as the dialog reads them: its handling form asks 化解是否成功. */
const disputeItem = {
  photoRequired: false,
  fields: [
    {
      key: 'resolved',
      label: '化解是否成功',
      labelEn: 'Resolved',
      type: 'single_choice',
      required: true,
      forms: ['handling'],
      options: [
        { value: 'yes', label: '成功' },
        { value: 'no', label: '未成功' },
      ],
    },
    { key: 'parties', label: '涉及人数', labelEn: 'People involved', type: 'number', forms: ['report'] },
  ],
}

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

function mountDialog(action: 'reject' | 'verify' | 'handle') {
  return mount(CaseActionDialog, {
    props: { modelValue: true, action, detail },
    global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus] },
    attachTo: document.body,
  })
}

const confirmButton = () => document.querySelector<HTMLButtonElement>('[data-testid="case-action-confirm"]')

describe('a case action dialog', () => {
  let calls: Call[]
  let replies: Response[]
  beforeEach(() => {
    localStorage.clear()
    calls = []
    replies = []
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      // The names of the handling bodies, for the routing rule's suggestion.
      if (url.startsWith('/api/catalog/bodies')) return answer(200, { bodies: [] })
      // The item's rules, for the handling form and the photo rule.
      if (url.startsWith('/api/catalog/items/')) return answer(200, disputeItem)
      calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined })
      return replies.shift() ?? answer(500, {})
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('asks for the reason before sending anything', async () => {
    const wrapper = mountDialog('reject')
    await flushPromises()
    confirmButton()?.click()
    await flushPromises()
    expect(calls).toEqual([])
    const item = document
      .querySelector('textarea[data-testid="case-action-reason"]')
      ?.closest('.el-form-item')
    expect(item?.classList.contains('is-error')).toBe(true)
    wrapper.unmount()
  })

  it('sends the version the user saw and hands back the updated case', async () => {
    const wrapper = mountDialog('reject')
    await flushPromises()
    const reason = document.querySelector<HTMLTextAreaElement>('textarea[data-testid="case-action-reason"]')
    if (!reason) throw new Error('no reason input')
    reason.value = '不属于网格事项'
    reason.dispatchEvent(new Event('input'))
    replies.push(answer(200, { ...detail, version: 6, status: 'rejected' }))
    confirmButton()?.click()
    await flushPromises()
    expect(calls[0]).toEqual({
      url: '/api/cases/42/actions',
      body: { action: 'reject', expectedVersion: 5, reason: '不属于网格事项' },
    })
    expect(wrapper.emitted('done')?.[0]?.[0]).toMatchObject({ version: 6 })
    wrapper.unmount()
  })

  it('says the case was updated by someone else when the version is stale, and asks for a reload', async () => {
    const wrapper = mountDialog('verify')
    await flushPromises()
    document.querySelector<HTMLElement>('[data-testid="case-action-pass"]')?.click()
    await flushPromises()
    replies.push(answer(409, { error: { code: 'conflict', message: '案件已被更新' } }))
    confirmButton()?.click()
    await flushPromises()
    expect(calls[0]?.body).toMatchObject({ action: 'verify', passed: true, expectedVersion: 5 })
    expect(wrapper.emitted('stale')?.[0]?.[0]).toContain('案件已被他人更新')
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
    wrapper.unmount()
  })

  it('asks the item’s handling form with the handling, and puts the server’s word under its field', async () => {
    const wrapper = mountDialog('handle')
    await flushPromises()
    // Only the handling form's fields, not the report's.
    expect(document.querySelector('[data-testid="item-field-resolved"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="item-field-parties"]')).toBeNull()
    const note = document.querySelector<HTMLTextAreaElement>('textarea[data-testid="case-action-note"]')
    if (!note) throw new Error('no note input')
    note.value = '已上门调解'
    note.dispatchEvent(new Event('input'))
    await flushPromises()

    replies.push(
      answer(400, {
        error: {
          code: 'validation',
          message: '请求有误',
          fields: { 'fields.resolved': '请填写「化解是否成功」' },
        },
      }),
    )
    confirmButton()?.click()
    await flushPromises()
    expect(calls[0]?.body).toEqual({ action: 'handle', expectedVersion: 5, note: '已上门调解' })
    const field = document.querySelector('[data-testid="item-field-resolved"]')
    expect(field?.classList.contains('is-error')).toBe(true)

    document
      .querySelector<HTMLInputElement>('[data-testid="item-field-resolved"] input[value="yes"]')
      ?.click()
    await flushPromises()
    replies.push(answer(200, { ...detail, version: 6, status: 'handled' }))
    confirmButton()?.click()
    await flushPromises()
    expect(calls[1]?.body).toEqual({
      action: 'handle',
      expectedVersion: 5,
      note: '已上门调解',
      fields: { resolved: 'yes' },
    })
    expect(wrapper.emitted('done')?.[0]?.[0]).toMatchObject({ version: 6 })
    wrapper.unmount()
  })
})
