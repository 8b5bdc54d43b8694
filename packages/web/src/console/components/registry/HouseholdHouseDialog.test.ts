import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { THousehold } from '../../../shared/api/registry.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import RecordSelect from '../places/RecordSelect.vue'
import HouseholdHouseDialog from './HouseholdHouseDialog.vue'

vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))
// Element Plus dialogs take seconds to mount on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 60_000 })

const household: THousehold = {
  id: 8,
  kind: 'family',
  gridCode: '110120001001001',
  gridName: '湖滨社区第一网格',
  addressMasked: null,
  nonLocal: false,
  note: null,
  houseId: 41,
  houseAddress: '东湖路21号院1号楼1单元101室',
  members: [],
  version: 5,
}

const houses = {
  items: [
    { id: 41, address: '东湖路21号院1号楼1单元101室', gridName: '湖滨社区第一网格' },
    { id: 42, address: '东湖路21号院1号楼1单元102室', gridName: '湖滨社区第一网格' },
  ],
  total: 2,
  totalCapped: false,
  page: 1,
  pageSize: 20,
}

type Call = { method: string; url: string; body: unknown }
const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

function mountDialog(of: THousehold = household) {
  return mount(HouseholdHouseDialog, {
    props: { modelValue: true, household: of },
    global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus] },
    attachTo: document.body,
  })
}

const item = () => {
  const el = document.querySelector('[data-testid="household-house-item"]')
  return {
    failed: el?.classList.contains('is-error') ?? false,
    message: el?.querySelector('.el-form-item__error')?.textContent?.trim() ?? '',
  }
}

async function save(): Promise<void> {
  document.querySelector<HTMLButtonElement>('[data-testid="household-house-submit"]')?.click()
  await flushPromises()
  // Element Plus shows a form item's message 100 ms after it turns to error.
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

describe('moving a household into a house', () => {
  let calls: Call[]
  /** Answers to the PATCH, in order; the house search always finds `houses`. */
  let replies: Response[]
  beforeEach(() => {
    localStorage.clear()
    calls = []
    replies = []
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET'
      if (method === 'GET' && url.startsWith('/api/registry/houses')) return answer(200, houses)
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined })
      return replies.shift() ?? answer(500, {})
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('sends the house chosen with the version read, and hands back the household', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    const dialog = document.querySelector('[data-testid="household-house-dialog"]')
    expect(dialog?.textContent).toContain('更换房屋（户编号 8）')
    expect(dialog?.textContent).toContain('现住：东湖路21号院1号楼1单元101室')

    // The house it lives in already is not a move.
    await save()
    expect(calls).toEqual([])
    expect(item()).toEqual({ failed: true, message: '该户已住在这套房屋' })

    wrapper.findComponent(RecordSelect).vm.$emit('update:modelValue', 42)
    await flushPromises()
    expect(item().failed).toBe(false)
    const moved = { ...household, houseId: 42, houseAddress: '东湖路21号院1号楼1单元102室', version: 6 }
    replies.push(answer(200, moved))
    await save()
    expect(calls).toEqual([
      { method: 'PATCH', url: '/api/registry/households/8', body: { houseId: 42, version: 5 } },
    ])
    expect(wrapper.emitted('saved')).toEqual([[moved]])
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
    wrapper.unmount()
  })

  it('asks for a house when the household lives in none yet', async () => {
    const wrapper = mountDialog({ ...household, houseId: null, houseAddress: null })
    await flushPromises()
    expect(document.querySelector('[data-testid="household-house-dialog"]')?.textContent).toContain(
      '迁入房屋（户编号 8）',
    )
    await save()
    expect(calls).toEqual([])
    expect(item()).toEqual({ failed: true, message: '请选择房屋' })
    wrapper.unmount()
  })

  it('puts the server’s `houseId` message under the house', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    wrapper.findComponent(RecordSelect).vm.$emit('update:modelValue', 42)
    replies.push(
      answer(400, {
        error: { code: 'validation', message: '请求有误', fields: { houseId: '房屋不存在或不在您的辖区内' } },
      }),
    )
    await save()
    expect(calls).toHaveLength(1)
    expect(item()).toEqual({ failed: true, message: '房屋不存在或不在您的辖区内' })
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })

  it('on a stale version asks for the household again, says so, and keeps the choice', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    wrapper.findComponent(RecordSelect).vm.$emit('update:modelValue', 42)
    replies.push(answer(409, { error: { code: 'conflict', message: '该户已被他人修改，请刷新后重试' } }))
    await save()
    expect(wrapper.emitted('reload')).toHaveLength(1)
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect(document.querySelector('[data-testid="household-house-conflict"]')?.textContent).toContain(
      '该户已被他人修改，已重新加载',
    )

    // The page answers with the household as it is now; saving again sends its version.
    await wrapper.setProps({ household: { ...household, version: 7 } })
    replies.push(answer(200, { ...household, houseId: 42, version: 8 }))
    await save()
    expect(calls[1]).toEqual({
      method: 'PATCH',
      url: '/api/registry/households/8',
      body: { houseId: 42, version: 7 },
    })
    expect(wrapper.emitted('saved')).toHaveLength(1)
    wrapper.unmount()
  })
})
