import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { TGridDay, TPatrolCoverage } from '../../../shared/api/patrols.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import PatrolCoverage from './PatrolCoverage.vue'

const api = vi.hoisted(() => ({ getPatrolCoverage: vi.fn() }))
vi.mock('../../../shared/api/patrols.ts', () => api)
// The calendar draws on a canvas, which the test DOM has not: the options it is given are checked instead.
const chart = vi.hoisted(() => ({ setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }))
vi.mock('../../../shared/charts/echarts-calendar.ts', () => ({ init: () => chart }))
vi.setConfig({ testTimeout: 30_000 })

const day = (d: string, coverage: number, patrolled = coverage > 0): TGridDay => ({
  day: d,
  patrolled,
  distanceM: patrolled ? 1_500 : 0,
  durationS: patrolled ? 3_000 : 0,
  coverage,
  workers: patrolled ? 1 : 0,
})
const answer: TPatrolCoverage = {
  from: '2026-11-01',
  to: '2026-11-03',
  grids: [
    {
      code: '110120001001001',
      name: '湖滨社区第一网格',
      days: [day('2026-11-01', 0.62), day('2026-11-02', 0), day('2026-11-03', 0.004, false)],
      patrolledDays: 1,
      meanCoverage: 0.208,
    },
    {
      code: '110120001001002',
      name: '湖滨社区第二网格',
      days: [day('2026-11-01', 0.3), day('2026-11-02', 0.45), day('2026-11-03', 0)],
      patrolledDays: 2,
      meanCoverage: 0.25,
    },
  ],
}

function mountIt(props: { area: string | null; month: string | null; grid: string | null }) {
  return mount(PatrolCoverage, {
    props,
    global: { plugins: [ElementPlus, createTestI18n('zh-CN')], stubs: { AreaPicker: true } },
  })
}

describe('巡查覆盖率', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    api.getPatrolCoverage.mockReset().mockResolvedValue(answer)
    chart.setOption.mockReset()
  })

  it('asks for the month of the area and lists its grids with their days and mean coverage', async () => {
    const wrapper = mountIt({ area: '110120001001', month: '2026-11', grid: null })
    await flushPromises()
    expect(api.getPatrolCoverage).toHaveBeenCalledWith(
      expect.objectContaining({ areaCode: '110120001001', from: '2026-11-01' }),
    )
    const rows = wrapper.findAll('[data-testid="patrol-coverage-table"] .el-table__row')
    expect(rows.map((r) => r.text())).toEqual([
      expect.stringContaining('湖滨社区第一网格'),
      expect.stringContaining('湖滨社区第二网格'),
    ])
    expect(rows[0]?.text()).toContain('20.8%')
    expect(rows[1]?.text()).toContain('2 / 3')
    // The first grid's calendar, each day with its share; a day nobody walked keeps only its date.
    expect(wrapper.get('[data-testid="patrol-coverage-title"]').text()).toContain('湖滨社区第一网格')
    const option = chart.setOption.mock.calls.at(-1)?.[0] as {
      series: { data: [string, number][]; label: { formatter: (p: unknown) => string } }[]
    }
    const series = option.series[0]
    expect(series?.data).toEqual([
      ['2026-11-01', 62],
      ['2026-11-02', 0],
      ['2026-11-03', 0.4],
    ])
    const label = (i: number) => series?.label.formatter({ data: series.data[i] }) ?? ''
    expect(label(0)).toContain('62%')
    expect(label(1)).not.toContain('%')
    expect(label(2)).toContain('<1%')
  })

  it('opens a grid’s calendar from its row, and says to choose an area without one', async () => {
    const wrapper = mountIt({ area: '110120001001', month: '2026-11', grid: null })
    await flushPromises()
    await wrapper.findAll('[data-testid="patrol-coverage-table"] .el-table__row')[1]?.trigger('click')
    expect(wrapper.emitted('change')?.at(-1)).toEqual([{ grid: '110120001001002' }])
    await wrapper.setProps({ grid: '110120001001002' })
    expect(wrapper.get('[data-testid="patrol-coverage-title"]').text()).toContain('湖滨社区第二网格')

    const empty = mountIt({ area: null, month: null, grid: null })
    await flushPromises()
    expect(empty.text()).toContain('请选择要查看的街道、社区或网格')
    expect(api.getPatrolCoverage).toHaveBeenCalledTimes(1)
  })
})
