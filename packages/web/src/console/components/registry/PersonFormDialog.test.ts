import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TPerson } from '../../../shared/api/registry.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import PersonFormDialog from './PersonFormDialog.vue'

// The toasts import Element Plus's CSS, which the test runner does not load.
vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))
// A dialog full of Element Plus inputs takes a few seconds to mount on a busy machine.
// Element Plus dialogs take seconds to mount on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 60_000 })

type Call = { method: string; url: string; body: unknown }

const grid = { code: '110120001001001', name: '湖滨一网格' }

const person: TPerson = {
  id: 31,
  name: '张三',
  documentKind: 'id_card',
  documentMasked: '110105********002X',
  sex: 'male',
  age: 76,
  phoneMasked: '138****8000',
  addressMasked: '湖滨路**号',
  nonLocal: false,
  status: 'active',
  tags: ['独居'],
  gridCode: grid.code,
  gridName: grid.name,
  householdId: null,
  groups: [],
  version: 4,
  updatedAt: '2026-11-20T02:00:00.000Z',
  ethnicity: '01',
  education: null,
  birthYear: 1949,
  hukouRegion: '110105',
  hukouAddressMasked: null,
  relation: null,
  note: null,
  areaPath: '110120.001.001.001',
  household: null,
  memberships: [],
  history: [],
  cases: [],
  createdAt: '2026-11-01T02:00:00.000Z',
}

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

function mountForm(props: { person: TPerson | null }) {
  return mount(PersonFormDialog, {
    props: { modelValue: true, defaultGrid: grid, ...props },
    global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus] },
    attachTo: document.body,
  })
}

/** Element Plus puts the test id on the native input. */
function inputOf(testId: string): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>(`input[data-testid="${testId}"]`)
  if (!input) throw new Error(`no input ${testId}`)
  return input
}

function type(testId: string, value: string): void {
  const input = inputOf(testId)
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new FocusEvent('blur'))
}

/** The form item holding an input, and the message under it. */
function itemOf(testId: string) {
  const item = document.querySelector(`[data-testid="${testId}"]`)?.closest('.el-form-item')
  return {
    failed: item?.classList.contains('is-error') ?? false,
    message: item?.querySelector('.el-form-item__error')?.textContent?.trim() ?? '',
  }
}

async function save(): Promise<void> {
  document.querySelector<HTMLButtonElement>('[data-testid="person-form-submit"]')?.click()
  await flushPromises()
  // Element Plus shows a form item's message 100 ms after it turns to error.
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

describe('the person form', () => {
  let calls: Call[]
  let replies: Response[]
  beforeEach(() => {
    localStorage.clear()
    calls = []
    replies = []
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      // The grid picker's search.
      if (url.startsWith('/api/grids')) return answer(200, { items: [], total: 0 })
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

  it('refuses an ID number with a wrong check digit under the field, sending nothing', async () => {
    const wrapper = mountForm({ person: null })
    await flushPromises()
    type('person-name', '张三')
    type('person-document-number', '110105194912310021')
    await save()
    expect(calls).toEqual([])
    expect(itemOf('person-document-number')).toEqual({
      failed: true,
      message: '身份证号校验位不正确，请核对',
    })
    wrapper.unmount()
  })

  it('reads sex and birth date from a good ID number and sends the number, not what it implies', async () => {
    const wrapper = mountForm({ person: null })
    await flushPromises()
    type('person-name', '张三')
    type('person-document-number', '11010519491231002x')
    await flushPromises()
    expect(document.querySelector('[data-testid="person-id-summary"]')?.textContent).toContain(
      '女，出生于 1949-12-31',
    )
    replies.push(answer(201, { ...person, id: 77, name: '张三' }))
    await save()
    expect(calls).toHaveLength(1)
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.url).toBe('/api/registry/persons')
    expect(calls[0]?.body).toMatchObject({
      name: '张三',
      documentKind: 'id_card',
      documentNumber: '11010519491231002x',
      gridCode: grid.code,
    })
    expect(calls[0]?.body).not.toHaveProperty('sex')
    expect(calls[0]?.body).not.toHaveProperty('birthDate')
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 77 })
    wrapper.unmount()
  })

  it('shows the server’s field errors under their inputs (a duplicate ID number, a bad phone, the grid)', async () => {
    const wrapper = mountForm({ person: null })
    await flushPromises()
    type('person-name', '李四')
    type('person-document-number', '11010519491231002X')
    type('person-phone', '12345')
    replies.push(
      answer(400, {
        error: {
          code: 'validation',
          message: '请求有误',
          fields: {
            documentNumber: '该证件号码已登记，请查找已有人员后修改',
            phone: '请填写有效的手机号或固定电话',
            location: '该位置不在您辖区内的任何网格中',
          },
        },
      }),
    )
    await save()
    expect(calls).toHaveLength(1)
    expect(itemOf('person-document-number')).toEqual({
      failed: true,
      message: '该证件号码已登记，请查找已有人员后修改',
    })
    expect(itemOf('person-phone')).toEqual({ failed: true, message: '请填写有效的手机号或固定电话' })
    expect(itemOf('grid-select')).toEqual({ failed: true, message: '该位置不在您辖区内的任何网格中' })
    expect(itemOf('person-name').failed).toBe(false)
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })

  it('sends only what changed with the version read, and offers a reload when someone else saved first', async () => {
    const wrapper = mountForm({ person })
    await flushPromises()
    // The masked values are hints, never sent back.
    expect(inputOf('person-phone').placeholder).toContain('138****8000')
    type('person-phone', '13900139000')
    replies.push(answer(409, { error: { code: 'conflict', message: '该记录已被修改' } }))
    await save()
    expect(calls[0]).toEqual({
      method: 'PATCH',
      url: '/api/registry/persons/31',
      body: { version: 4, phone: '13900139000' },
    })
    expect(document.querySelector('[data-testid="person-form-conflict"]')?.textContent).toContain(
      '已被他人修改',
    )
    document.querySelector<HTMLButtonElement>('[data-testid="person-form-reload"]')?.click()
    await flushPromises()
    expect(wrapper.emitted('reload')).toHaveLength(1)
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })
})
