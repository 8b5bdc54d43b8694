import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TBulletin } from '../../../shared/api/stats.ts'
import {
  answer,
  byTestId,
  type Call,
  click,
  itemOf,
  plugins,
  recordFetch,
  settle,
} from '../places/places-test-kit.ts'
import BulletinGenerateForm from './BulletinGenerateForm.vue'

// The toasts import Element Plus's CSS, which the test runner does not load.
vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))
// Element Plus takes seconds to mount on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 60_000 })

const made: TBulletin = {
  id: 3,
  districtCode: '110120',
  areaCode: '110120',
  areaName: '云溪区',
  period: { kind: 'month', from: '2026-10-01', to: '2026-10-31', label: '2026年10月' },
  title: '云溪区网格化服务管理中心2026年10月工作通报',
  generatedBy: { id: 2, name: '领导' },
  generatedAt: '2026-11-24T02:00:00.000Z',
  files: {
    xlsx: { size: 12_000, url: '/api/stats/bulletins/3/xlsx' },
    pdf: { size: 90_000, url: '/api/stats/bulletins/3/pdf' },
  },
}

const mountForm = (roots: readonly string[] | null = ['110120']) =>
  mount(BulletinGenerateForm, { props: { roots }, global: { plugins: plugins() }, attachTo: document.body })

describe('the bulletin form', () => {
  let calls: Call[]
  let replies: Response[]
  beforeEach(() => {
    localStorage.clear()
    // Only Date: the DOM helpers wait on real timers.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-24T10:00:00+08:00'))
    ;({ calls, replies } = recordFetch())
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('starts with the last finished half month, starts a month again from the last month, and sends it', async () => {
    const wrapper = mountForm()
    await settle()
    expect(byTestId('bulletin-period')?.textContent).toContain('2026年11月上半月（2026-11-01 至 2026-11-15）')
    byTestId('bulletin-kind-month')?.querySelector('input')?.click()
    await settle()
    expect(byTestId('bulletin-period')?.textContent).toContain('2026年10月（2026-10-01 至 2026-10-31）')
    expect(byTestId('bulletin-period')?.textContent).not.toContain('尚未结束')

    replies.push(answer(201, made))
    await click('bulletin-generate-submit')
    // No area picked: the server takes the caller's jurisdiction.
    expect(calls).toEqual([
      { method: 'POST', url: '/api/stats/bulletins', body: { period: 'month', day: '2026-10-31' } },
    ])
    expect(wrapper.emitted('generated')?.[0]?.[0]).toEqual(made)
    wrapper.unmount()
  })

  it('says it is working while the server generates, and shows a refusal in the server’s words', async () => {
    let release: (r: Response) => void = () => {}
    vi.stubGlobal(
      'fetch',
      () =>
        new Promise<Response>((resolve) => {
          release = resolve
        }),
    )
    const wrapper = mountForm(null)
    await settle()
    await click('bulletin-generate-submit')
    expect(byTestId('bulletin-working')?.textContent).toContain('正在生成通报')
    expect(byTestId<HTMLButtonElement>('bulletin-generate-submit')?.disabled).toBe(true)

    release(answer(404, { error: { code: 'not_found', message: '区域 110120999 不存在' } }))
    await settle()
    expect(byTestId('bulletin-working')).toBeNull()
    expect(byTestId('bulletin-generate-error')?.textContent).toContain('生成失败')
    expect(byTestId('bulletin-generate-error')?.textContent).toContain('区域 110120999 不存在')
    expect(wrapper.emitted('generated')).toBeUndefined()
    wrapper.unmount()
  })

  it('puts a refusal about the area under the area', async () => {
    const wrapper = mountForm(['110120001', '110120002'])
    await settle()
    replies.push(
      answer(400, {
        error: {
          code: 'validation',
          message: '请求有误，请检查标出的字段',
          fields: { areaCode: '请选择通报的区域（您的辖区不止一个区域）' },
        },
      }),
    )
    await click('bulletin-generate-submit')
    expect(itemOf('bulletin-area')).toEqual({
      failed: true,
      message: '请选择通报的区域（您的辖区不止一个区域）',
    })
    expect(byTestId('bulletin-generate-error')).toBeNull()
    wrapper.unmount()
  })
})
