import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toastError } from '../../feedback.ts'
import PlaceExportButton from './PlaceExportButton.vue'
import { answer, plugins } from './places-test-kit.ts'

vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

describe('PlaceExportButton', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    vi.mocked(toastError).mockClear()
    document.body.innerHTML = ''
  })

  /** Replaces fetch with one answer, recording what was asked and in which language. */
  function serve(reply: Response) {
    const asked: { url: string; language: string | null }[] = []
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      asked.push({ url, language: new Headers(init?.headers).get('accept-language') })
      return reply
    })
    return asked
  }

  /** The browser's part of a download (a link clicked): the file and its name, nothing saved. */
  function catchDownloads() {
    const saved: { blob: Blob; name: string }[] = []
    let last: Blob | undefined
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
      if (b instanceof Blob) last = b
      return 'blob:export'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      if (last) saved.push({ blob: last, name: this.download })
    })
    return saved
  }

  const mountButton = () =>
    mount(PlaceExportButton, {
      props: {
        kind: 'house',
        query: { q: '湖滨路', areaCode: '110120001', use: 'rental', rented: true, page: 3, pageSize: 20 },
      },
      global: { plugins: plugins() },
      attachTo: document.body,
    })

  it('downloads the kind’s export with the list’s filters, every page, under the server’s file name', async () => {
    const asked = serve(
      new Response(new Blob(['PK-sheet'], { type: xlsx }), {
        status: 200,
        headers: {
          'content-type': xlsx,
          'content-disposition': `attachment; filename="house.xlsx"; filename*=UTF-8''${encodeURIComponent('房屋-2026-11-20.xlsx')}`,
        },
      }),
    )
    const saved = catchDownloads()
    const wrapper = mountButton()
    expect(wrapper.text()).toBe('导出')
    await wrapper.find('[data-testid="place-export-house"]').trigger('click')
    await flushPromises()

    const url = new URL(asked[0]?.url ?? '', 'http://localhost')
    expect(url.pathname).toBe('/api/registry/houses/export')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: '湖滨路',
      areaCode: '110120001',
      use: 'rental',
      rented: 'true',
    })
    expect(asked[0]?.language).toBe('zh-CN')
    expect(saved).toHaveLength(1)
    expect(saved[0]?.name).toBe('房屋-2026-11-20.xlsx')
    expect(await saved[0]?.blob.text()).toBe('PK-sheet')
    expect(toastError).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('says what to narrow when the server refuses a list too long, and saves nothing', async () => {
    serve(
      answer(400, {
        error: {
          code: 'validation',
          message: '请求参数不正确',
          fields: { areaCode: '超过 200000 条，请缩小范围后分批导出' },
        },
      }),
    )
    const saved = catchDownloads()
    const wrapper = mountButton()
    await wrapper.find('button').trigger('click')
    await flushPromises()
    expect(toastError).toHaveBeenCalledWith('超过 200000 条，请缩小范围后分批导出')
    expect(saved).toEqual([])
    wrapper.unmount()
  })

  it('says the server’s message for any other refusal, and a network failure as such', async () => {
    serve(answer(403, { error: { code: 'forbidden', message: '没有导出权限' } }))
    const wrapper = mountButton()
    await wrapper.find('button').trigger('click')
    await flushPromises()
    expect(toastError).toHaveBeenLastCalledWith('没有导出权限')

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    await wrapper.find('button').trigger('click')
    await flushPromises()
    expect(vi.mocked(toastError).mock.lastCall?.[0]).toContain('网络')
    wrapper.unmount()
  })
})
