import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { THousehold, TPerson } from '../../../shared/api/registry.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import { confirmDanger } from '../../feedback.ts'
import HouseholdCard from './HouseholdCard.vue'

vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn(), confirmDanger: vi.fn() }))
vi.setConfig({ testTimeout: 60_000 })

const person = {
  id: 31,
  name: '张三',
  household: {
    id: 8,
    members: [
      { id: 31, name: '张三', relation: '01', age: 52 },
      { id: 32, name: '李四', relation: '10', age: 50 },
    ],
  },
} as unknown as TPerson

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

type Call = { method: string; url: string; body: unknown }
const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

function mountCard(canManage: boolean) {
  return mount(HouseholdCard, {
    props: { person, canManage },
    global: {
      plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus],
      stubs: { RouterLink: RouterLinkStub },
    },
    attachTo: document.body,
  })
}

describe('the household on a person’s page', () => {
  let calls: Call[]
  let replies: Response[]
  beforeEach(() => {
    localStorage.clear()
    calls = []
    replies = []
    vi.mocked(confirmDanger).mockReset()
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

  it('names the house, linked to it on 地·物·组织; one who may only read gets no actions', async () => {
    replies.push(answer(200, household))
    const wrapper = mountCard(false)
    await flushPromises()
    expect(calls).toEqual([{ method: 'GET', url: '/api/registry/households/8', body: undefined }])
    const link = wrapper.findComponent(RouterLinkStub)
    expect(link.text()).toBe('东湖路21号院1号楼1单元101室')
    expect(link.props('to')).toEqual({ path: '/registry/places', query: { tab: 'house', open: 'house-41' } })
    expect(wrapper.find('[data-testid="household-move-in"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="household-move-out"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="household-members"]').text()).toContain('张三（本人）')
    wrapper.unmount()
  })

  it('moves the household out after asking, with the version read', async () => {
    replies.push(answer(200, household))
    const wrapper = mountCard(true)
    await flushPromises()
    expect(wrapper.find('[data-testid="household-move-in"]').text()).toBe('更换房屋')

    // Not confirmed: nothing sent.
    vi.mocked(confirmDanger).mockResolvedValueOnce(false)
    await wrapper.find('[data-testid="household-move-out"]').trigger('click')
    await flushPromises()
    expect(calls).toHaveLength(1)
    expect(vi.mocked(confirmDanger).mock.calls[0]?.[0]).toContain('东湖路21号院1号楼1单元101室')

    vi.mocked(confirmDanger).mockResolvedValueOnce(true)
    replies.push(answer(200, { ...household, houseId: null, houseAddress: null, version: 6 }))
    await wrapper.find('[data-testid="household-move-out"]').trigger('click')
    await flushPromises()
    expect(calls[1]).toEqual({
      method: 'PATCH',
      url: '/api/registry/households/8',
      body: { houseId: null, version: 5 },
    })
    expect(wrapper.find('[data-testid="household-house"]').text()).toContain('未关联房屋')
    expect(wrapper.find('[data-testid="household-move-in"]').text()).toBe('迁入房屋')
    expect(wrapper.find('[data-testid="household-move-out"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('on a stale version reloads the household and says it changed meanwhile', async () => {
    replies.push(answer(200, household))
    const wrapper = mountCard(true)
    await flushPromises()
    vi.mocked(confirmDanger).mockResolvedValueOnce(true)
    const elsewhere = { ...household, houseId: 42, houseAddress: '东湖路21号院1号楼1单元102室', version: 7 }
    replies.push(
      answer(409, { error: { code: 'conflict', message: '该户已被他人修改' } }),
      answer(200, elsewhere),
    )
    await wrapper.find('[data-testid="household-move-out"]').trigger('click')
    await flushPromises()
    expect(calls.map((c) => c.method)).toEqual(['GET', 'PATCH', 'GET'])
    expect(wrapper.find('[data-testid="household-conflict"]').text()).toContain(
      '该户已被他人修改，已重新加载',
    )
    expect(wrapper.findComponent(RouterLinkStub).text()).toBe('东湖路21号院1号楼1单元102室')
    wrapper.unmount()
  })
})
