import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { THouse, TOrganization } from '../../../shared/api/places.ts'
import { useAuthStore } from '../../../shared/auth/auth-store.ts'
import { fakeMe } from '../../../shared/auth/test-fixtures.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import PlaceDrawer from './PlaceDrawer.vue'
import { answer, byTestId, type Call, click, recordFetch, settle, type } from './places-test-kit.ts'

vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))
vi.setConfig({ testTimeout: 60_000 })

const placed = {
  gridCode: '110120001001001',
  gridName: '湖滨社区第一网格',
  areaPath: '110120.110120001.110120001001.110120001001001',
  location: null,
  tags: [],
  note: null,
  version: 1,
  updatedAt: '2026-11-20T02:00:00.000Z',
  history: [],
  cases: [],
  createdAt: '2026-11-01T02:00:00.000Z',
}
const organization: TOrganization = {
  ...placed,
  id: 2,
  creditCode: '91110000100000000R',
  registeredAs: '工商（市场监管） · 企业',
  name: '测试商贸有限公司',
  kind: 'enterprise',
  status: 'operating',
  industry: null,
  address: '湖滨路22号',
  legalRepresentative: '李四',
  legalRepresentativePhoneMasked: '138****8000',
  employees: null,
  safetyContact: null,
  safetyContactPhoneMasked: null,
  keyFireUnit: false,
  houses: [],
}
const house: THouse = {
  ...placed,
  id: 5,
  version: 4,
  buildingId: 1,
  buildingName: '湖滨花园1号楼',
  buildingNumber: '00001',
  unit: '1',
  floor: 3,
  roomNo: '301',
  address: '湖滨路18号1号楼1单元301室',
  areaM2: null,
  use: 'rental',
  rooms: null,
  owner: null,
  ownerPersonId: null,
  ownerOrganizationId: null,
  currentTenants: 1,
  tenancies: [
    {
      id: 8,
      personId: 31,
      tenant: '于生飞（110120********3156）',
      nonLocal: true,
      room: '次卧',
      startDate: '2026-01-01',
      endDate: null,
      current: true,
      contractNo: null,
      registered: false,
      note: null,
      version: 3,
    },
  ],
  households: [],
}

function mountDrawer(target: { kind: 'organization' | 'house'; id: number }, role: 'admin' | 'operator') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().me = fakeMe(role)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }],
  })
  return mount(PlaceDrawer, {
    props: { target },
    global: { plugins: [createTestI18n('zh-CN'), pinia, ElementPlus, router], stubs: { AreaMap: true } },
    attachTo: document.body,
  })
}

describe('a record in the drawer', () => {
  let calls: Call[]
  let replies: Response[]
  beforeEach(() => {
    localStorage.clear()
    ;({ calls, replies } = recordFetch())
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows an organization’s phone masked, and in full only after a reason is given', async () => {
    replies.push(answer(200, organization))
    const wrapper = mountDrawer({ kind: 'organization', id: 2 }, 'admin')
    await settle()
    expect(calls[0]).toMatchObject({ method: 'GET', url: '/api/registry/organizations/2' })
    expect(byTestId('revealable-legalRepresentativePhone')?.textContent).toContain('138****8000')
    // Nothing recorded, nothing to reveal.
    expect(byTestId('revealable-reveal-safetyContactPhone')).toBeNull()

    await click('revealable-reveal-legalRepresentativePhone')
    await click('reveal-confirm')
    expect(calls).toHaveLength(1)
    expect(byTestId('reveal-dialog')?.textContent).toContain('请填写查看原因')

    replies.push(answer(200, { field: 'legalRepresentativePhone', value: '13800138000' }))
    type('reveal-reason', '联系整改')
    await click('reveal-confirm')
    expect(calls[1]).toEqual({
      method: 'POST',
      url: '/api/registry/places/organization/2/reveal',
      body: { field: 'legalRepresentativePhone', reason: '联系整改' },
    })
    expect(byTestId('reveal-value')?.textContent).toBe('13800138000')
    await click('reveal-close')
    expect(byTestId('revealable-full-legalRepresentativePhone')?.textContent?.trim()).toBe('13800138000')
    wrapper.unmount()
  })

  it('offers no editing and no tenancy changes to a role that only reads the registry', async () => {
    replies.push(answer(200, house))
    const wrapper = mountDrawer({ kind: 'house', id: 5 }, 'operator')
    await settle()
    expect(byTestId('house-tenancies')?.textContent).toContain('于生飞')
    expect(byTestId('place-edit')).toBeNull()
    expect(byTestId('tenancy-add')).toBeNull()
    expect(byTestId('tenancy-end-8')).toBeNull()
    wrapper.unmount()
  })

  it('ends a tenancy by its day with the version read, and reads the house again', async () => {
    replies.push(answer(200, house))
    const wrapper = mountDrawer({ kind: 'house', id: 5 }, 'admin')
    await settle()
    // The building is named (and opened) from the house's facts.
    expect(byTestId('place-open-building')?.textContent?.trim()).toBe('湖滨花园1号楼 · 00001')
    await click('place-open-building')
    expect(wrapper.emitted('open')?.[0]).toEqual(['building', 1])
    await click('tenancy-end-8')
    expect(byTestId('tenancy-end-dialog')?.textContent).toContain('退租：于生飞')
    replies.push(answer(200, { ...house.tenancies[0], endDate: '2026-11-30', current: false, version: 4 }))
    replies.push(answer(200, { ...house, currentTenants: 0 }))
    await click('tenancy-end-confirm')
    expect(calls[1]?.method).toBe('PATCH')
    expect(calls[1]?.url).toBe('/api/registry/houses/5/tenancies/8')
    expect(calls[1]?.body).toMatchObject({ version: 3 })
    expect(calls[1]?.body).toHaveProperty('endDate')
    expect(calls[2]).toMatchObject({ method: 'GET', url: '/api/registry/houses/5' })
    expect(wrapper.emitted('changed')).toHaveLength(1)
    wrapper.unmount()
  })
})
