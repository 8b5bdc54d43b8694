import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TBuilding } from '../../../shared/api/places.ts'
import BuildingFormDialog from './BuildingFormDialog.vue'
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

// The toasts import Element Plus's CSS, which the test runner does not load.
vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))
// Element Plus dialogs take seconds to mount on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 60_000 })

const grid = { code: '110120001001001', name: '湖滨社区第一网格' }
const building: TBuilding = {
  id: 3,
  gridCode: grid.code,
  gridName: grid.name,
  areaPath: '110120.110120001.110120001001.110120001001001',
  location: null,
  tags: [],
  note: null,
  version: 2,
  updatedAt: '2026-11-20T02:00:00.000Z',
  number: '00001',
  code: '11012000100100001',
  name: '湖滨花园1号楼',
  address: '湖滨路18号1号楼',
  floorsAbove: 6,
  floorsBelow: 0,
  use: 'residential',
  builtYear: 1998,
  houses: 0,
  history: [],
  cases: [],
  createdAt: '2026-11-01T02:00:00.000Z',
  houseList: [],
}

function mountForm(record: TBuilding | null, defaultGrid: typeof grid | null = null) {
  return mount(BuildingFormDialog, {
    props: { modelValue: true, record, defaultGrid },
    global: { plugins: plugins(), stubs: { AreaMap: true } },
    attachTo: document.body,
  })
}

describe('the building form', () => {
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

  it('shows every problem under its field at once and sends nothing', async () => {
    const wrapper = mountForm(null)
    await settle()
    type('building-number', '12a')
    await click('building-form-submit')
    expect(calls).toEqual([])
    expect(itemOf('building-number')).toEqual({ failed: true, message: '楼栋编码为 5 位数字' })
    expect(itemOf('building-address')).toEqual({ failed: true, message: '请填写地址' })
    expect(itemOf('grid-select')).toEqual({ failed: true, message: '请选择所属网格或在地图上标点' })
    wrapper.unmount()
  })

  it('records a building in the grid the page shows, and puts the server’s refusal under the field', async () => {
    const wrapper = mountForm(null, grid)
    await settle()
    type('building-number', '00007')
    type('building-address', '湖滨路 7 号')
    type('building-floors-above', '6')
    replies.push(
      answer(400, {
        error: { code: 'validation', message: '请求有误', fields: { number: '本社区已有该楼栋编码' } },
      }),
    )
    await click('building-form-submit')
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: '/api/registry/buildings',
      body: {
        number: '00007',
        address: '湖滨路 7 号',
        floorsAbove: 6,
        use: 'residential',
        gridCode: grid.code,
      },
    })
    expect(itemOf('building-number')).toEqual({ failed: true, message: '本社区已有该楼栋编码' })
    expect(wrapper.emitted('saved')).toBeUndefined()

    replies.push(answer(201, { ...building, id: 9, number: '00008' }))
    type('building-number', '00008')
    await click('building-form-submit')
    expect(calls[1]?.body).toMatchObject({ number: '00008' })
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 9 })
    wrapper.unmount()
  })

  it('sends only what changed with the version read, and offers a reload when someone saved first', async () => {
    const wrapper = mountForm(building)
    await settle()
    type('building-floors-above', '7')
    type('place-reason', '现场核实')
    replies.push(answer(409, { error: { code: 'conflict', message: '该楼栋已被他人修改' } }))
    await click('building-form-submit')
    expect(calls[0]).toEqual({
      method: 'PATCH',
      url: '/api/registry/buildings/3',
      body: { floorsAbove: 7, version: 2, reason: '现场核实' },
    })
    expect(byTestId('building-form-conflict')?.textContent).toContain('已被他人修改')
    byTestId('building-form-conflict')?.querySelector('button')?.click()
    await settle()
    expect(wrapper.emitted('reload')).toHaveLength(1)
    wrapper.unmount()
  })
})
