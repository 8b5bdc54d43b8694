import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { THouse } from '../../../shared/api/places.ts'
import HouseFormDialog from './HouseFormDialog.vue'
import {
  answer,
  byTestId,
  type Call,
  click,
  itemOf,
  plugins,
  recordFetch,
  settle,
  type,
} from './places-test-kit.ts'
import RecordSelect from './RecordSelect.vue'
import TenancyDialog from './TenancyDialog.vue'

// The toasts import Element Plus's CSS, which the test runner does not load.
const toasts = vi.hoisted(() => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))
vi.mock('../../feedback.ts', () => toasts)
// Element Plus dialogs take seconds to mount on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 60_000 })

const grid = { code: '110120001001001', name: '湖滨社区第一网格' }
const house: THouse = {
  id: 12,
  gridCode: grid.code,
  gridName: grid.name,
  areaPath: '110120.110120001.110120001001.110120001001001',
  location: null,
  tags: [],
  note: null,
  version: 4,
  updatedAt: '2026-11-20T02:00:00.000Z',
  buildingId: 3,
  buildingName: '湖滨花园1号楼',
  buildingNumber: '00001',
  unit: '1',
  floor: 3,
  roomNo: '301',
  address: '湖滨路18号1号楼1单元301室',
  areaM2: 89.5,
  use: 'owner_occupied',
  rooms: null,
  owner: null,
  ownerPersonId: null,
  ownerOrganizationId: null,
  currentTenants: 0,
  history: [],
  cases: [],
  createdAt: '2026-11-01T02:00:00.000Z',
  tenancies: [],
  households: [],
}

describe('the place forms’ shared life', () => {
  let calls: Call[]
  let replies: Response[]
  /** What the forms sent: the pickers' searches (GET, answered empty) left out. */
  const sent = () => calls.filter((c) => c.method !== 'GET')
  beforeEach(() => {
    localStorage.clear()
    toasts.toastSuccess.mockClear()
    ;({ calls, replies } = recordFetch((call) =>
      call.method === 'GET' ? answer(200, { items: [], total: 0, page: 1, pageSize: 20 }) : undefined,
    ))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('adds a house to the building it was opened from: no placing asked, the building’s grid kept', async () => {
    const wrapper = mount(HouseFormDialog, {
      props: {
        modelValue: true,
        record: null,
        building: { value: 3, label: '湖滨花园1号楼' },
        defaultGrid: grid,
      },
      global: { plugins: plugins(), stubs: { AreaMap: true } },
      attachTo: document.body,
    })
    await settle()
    expect(byTestId('grid-select')).toBeNull()
    type('house-unit', '2')
    type('house-room', '502')
    replies.push(
      answer(201, { ...house, id: 13, unit: '2', roomNo: '502', address: '湖滨路18号1号楼2单元502室' }),
    )
    await click('house-form-submit')
    expect(sent()).toHaveLength(1)
    expect(sent()[0]).toMatchObject({ method: 'POST', url: '/api/registry/houses' })
    expect(sent()[0]?.body).toEqual({ buildingId: 3, unit: '2', roomNo: '502', use: 'owner_occupied' })
    expect(toasts.toastSuccess).toHaveBeenCalledWith('已登记 湖滨路18号1号楼2单元502室')
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 13 })
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
    wrapper.unmount()
  })

  it('closes an edit that changes nothing without sending it, and refills the form at the next opening', async () => {
    const wrapper = mount(HouseFormDialog, {
      props: { modelValue: true, record: house },
      global: { plugins: plugins(), stubs: { AreaMap: true } },
      attachTo: document.body,
    })
    await settle()
    await click('house-form-submit')
    expect(sent()).toEqual([])
    expect(toasts.toastSuccess).toHaveBeenCalledWith('没有修改')
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])

    type('house-room', '')
    await click('house-form-submit')
    expect(itemOf('house-room')).toEqual({ failed: true, message: '请填写房号' })
    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await settle()
    expect(byTestId<HTMLInputElement>('house-room')?.value).toBe('301')
    expect(itemOf('house-room').failed).toBe(false)
    wrapper.unmount()
  })

  it('shows a refused tenancy above the form (nothing to reload), and hands the saved one over', async () => {
    const wrapper = mount(TenancyDialog, {
      props: { modelValue: true, houseId: 12 },
      global: { plugins: plugins() },
      attachTo: document.body,
    })
    await settle()
    await click('tenancy-form-submit')
    expect(sent()).toEqual([])
    expect(itemOf('tenancy-person')).toEqual({ failed: true, message: '请填写租住人' })

    // The person as the picker hands it over once found by name.
    wrapper.findComponent(RecordSelect).vm.$emit('update:modelValue', 31)
    replies.push(answer(409, { error: { code: 'conflict', message: '该请求已处理' } }))
    await click('tenancy-form-submit')
    expect(sent()[0]).toMatchObject({ method: 'POST', url: '/api/registry/houses/12/tenancies' })
    expect(sent()[0]?.body).toMatchObject({ personId: 31, registered: false })
    expect(byTestId('tenancy-form-conflict')).toBeNull()
    expect(byTestId('tenancy-form')?.textContent).toContain('该请求已处理')
    expect(wrapper.emitted('saved')).toBeUndefined()

    const tenancy = { id: 5, personId: 31, tenant: '张三', nonLocal: true, room: null, current: true }
    replies.push(answer(201, tenancy))
    await click('tenancy-form-submit')
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 5 })
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
    wrapper.unmount()
  })
})
