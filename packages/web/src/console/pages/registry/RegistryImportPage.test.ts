import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { TRegistryImport, TRegistryImportSummary } from '../../../shared/api/registry-import.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import RegistryImportPage from './RegistryImportPage.vue'

// A page full of Element Plus selects takes a few seconds to mount on a busy machine.
vi.setConfig({ testTimeout: 20_000 })

const uploaded: TRegistryImport = {
  id: 7,
  kind: 'persons',
  fileName: '人口.csv',
  format: 'csv',
  status: 'uploaded',
  headers: ['户号', '名字', '身份证号', '电话'],
  mapping: null,
  suggestedMapping: { householdNumber: 0, documentNumber: 2, phone: 3 },
  fields: [
    { key: 'name', zh: '姓名', en: 'Name', required: true },
    { key: 'documentNumber', zh: '公民身份号码', en: 'ID number', required: false },
    { key: 'phone', zh: '联系电话', en: 'Phone', required: false },
    { key: 'householdNumber', zh: '户号', en: 'Household number', required: false },
  ],
  samples: [
    ['H1', '赵大山', '110***********0011', '138****1111'],
    ['H1', '钱小红', '110***********0022', ''],
  ],
  defaultGridCode: null,
  totalRows: 2,
  validRows: null,
  invalidRows: null,
  committedRows: null,
  households: null,
  errors: [],
  errorReportUrl: null,
  failure: null,
  jobId: null,
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-20T02:00:00.000Z',
}

const validated = (validRows: number, invalidRows: number): TRegistryImport => ({
  ...uploaded,
  status: 'validated',
  mapping: { name: 1, documentNumber: 2 },
  validRows,
  invalidRows,
  totalRows: validRows + invalidRows,
  errors: invalidRows
    ? [
        {
          row: 3,
          field: 'documentNumber',
          column: '身份证号',
          value: '110***********0022',
          message: '身份证号校验位不正确，请核对',
        },
      ]
    : [],
  errorReportUrl: invalidRows ? '/api/registry/imports/7/errors.xlsx' : null,
  jobId: 40,
})

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

type Call = { method: string; url: string; body: unknown }

/** A row of 我的导入记录 as listRegistryImports answers it. */
const summary = (
  over: Partial<TRegistryImportSummary> & Pick<TRegistryImportSummary, 'id' | 'status'>,
): TRegistryImportSummary => ({
  kind: 'persons',
  fileName: '人口.csv',
  format: 'csv',
  totalRows: null,
  validRows: null,
  invalidRows: null,
  committedRows: null,
  households: null,
  errorReportUrl: null,
  failure: null,
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-20T02:00:00.000Z',
  ...over,
})

describe('RegistryImportPage', () => {
  let calls: Call[]
  let replies: Response[]
  /** 我的导入记录: asked for apart from the steps' calls, answered with `history` each time. */
  let historyCalls: URLSearchParams[]
  let history: TRegistryImportSummary[]
  beforeEach(() => {
    calls = []
    replies = []
    historyCalls = []
    history = []
    vi.stubGlobal('EventSource', undefined)
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (url.startsWith('/api/grids')) return answer(200, { items: [], total: 0 })
      if (url.startsWith('/api/areas/'))
        return answer(200, { code: '110120001001001', name: '湖滨社区第一网格' })
      if (url.startsWith('/api/registry/imports?')) {
        const query = new URLSearchParams(url.slice(url.indexOf('?') + 1))
        historyCalls.push(query)
        return answer(200, { items: history, total: history.length, page: 1, pageSize: 10 })
      }
      const body = init?.body
      calls.push({
        method: init?.method ?? 'GET',
        url,
        body: body instanceof FormData ? body : body ? JSON.parse(String(body)) : undefined,
      })
      return replies.shift() ?? answer(500, {})
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  let router: ReturnType<typeof createRouter>

  async function mountPage(path = '/registry/import') {
    router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:rest(.*)*', component: { template: '<div />' } }],
    })
    await router.push(path)
    const wrapper = mount(RegistryImportPage, {
      global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus, router] },
      attachTo: document.body,
    })
    await flushPromises()
    return wrapper
  }

  const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

  /** Picks a file in the upload box, as the browser does. */
  async function pick(name: string, text: string): Promise<void> {
    const input = document.querySelector<HTMLInputElement>('[data-testid="import-upload"] input[type="file"]')
    if (!input) throw new Error('no file input')
    Object.defineProperty(input, 'files', {
      value: [new File([text], name, { type: 'text/csv' })],
      configurable: true,
    })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
  }

  async function toMapping() {
    const wrapper = await mountPage()
    replies.push(answer(201, uploaded))
    await pick('人口.csv', '户号,名字,身份证号,电话\r\n')
    return wrapper
  }

  async function toResult(validRows: number, invalidRows: number) {
    const wrapper = await toMapping()
    replies.push(answer(202, validated(validRows, invalidRows)))
    byTestId('import-check')?.click()
    await flushPromises()
    return wrapper
  }

  it('uploads the file as multipart, then shows the suggested columns with their samples', async () => {
    const wrapper = await toMapping()
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.url).toBe('/api/registry/imports')
    const form = calls[0]?.body as FormData
    expect(form.get('kind')).toBe('persons')
    expect(form.get('fileName')).toBe('人口.csv')
    expect((form.get('file') as File).name).toBe('人口.csv')

    expect(byTestId('mapping-select-documentNumber')?.textContent).toContain('身份证号')
    expect(byTestId('mapping-row-documentNumber')?.textContent).toContain('110***********0011')
    // 姓名 was not suggested (the file says 名字): not imported, flagged as required.
    expect(byTestId('mapping-select-name')?.textContent).toContain('不导入')
    expect(byTestId('import-missing')?.textContent).toContain('姓名')
    wrapper.unmount()
  })

  it('sends the mapping to the dry run, and shows a 400’s field messages by the field', async () => {
    const wrapper = await toMapping()
    replies.push(
      answer(400, {
        error: {
          code: 'validation',
          message: '请求参数不正确',
          fields: { 'mapping.name': '请选择姓名所在的列', defaultGridCode: '网格不在您的辖区内' },
        },
      }),
    )
    byTestId('import-check')?.click()
    await flushPromises()
    expect(calls[1]).toEqual({
      method: 'POST',
      url: '/api/registry/imports/7/dry-run',
      body: { mapping: { householdNumber: 0, documentNumber: 2, phone: 3 } },
    })
    expect(byTestId('mapping-error-name')?.textContent?.trim()).toBe('请选择姓名所在的列')
    expect(byTestId('mapping-error-defaultGridCode')?.textContent?.trim()).toBe('网格不在您的辖区内')
    expect(byTestId('mapping-error-phone')).toBeNull()
    expect(byTestId('import-step-mapping')).not.toBeNull()
    wrapper.unmount()
  })

  it('with a bad row: 全部导入 disabled and explained, 仅导入有效行 asks first and sends valid_only', async () => {
    const wrapper = await toResult(1, 1)
    expect(byTestId('import-verdict')?.textContent).toContain('1 行有问题')
    expect(byTestId('import-problems')?.textContent).toContain('身份证号校验位不正确，请核对')
    expect(byTestId('import-download-errors')?.getAttribute('href')).toBe(
      '/api/registry/imports/7/errors.xlsx',
    )
    expect((byTestId('import-all') as HTMLButtonElement).disabled).toBe(true)
    expect(byTestId('import-all-blocked')?.textContent).toContain('还有 1 行有问题')
    expect((byTestId('import-valid') as HTMLButtonElement).disabled).toBe(false)

    byTestId('import-valid')?.click()
    await flushPromises()
    const dialog = document.querySelector('.el-dialog')
    expect(dialog?.textContent).toContain('将导入 1 行，另有 1 行有问题，不会导入')
    replies.push(answer(202, { ...validated(1, 1), status: 'committed', committedRows: 1, households: 1 }))
    byTestId('import-confirm-ok')?.click()
    await flushPromises()
    expect(calls.at(-1)).toEqual({
      method: 'POST',
      url: '/api/registry/imports/7/commit',
      body: { mode: 'valid_only' },
    })
    expect(byTestId('import-imported')?.textContent).toContain('已导入 1 人，1 户')
    wrapper.unmount()
  })

  it('with every row valid: 全部导入 enabled, no 仅导入有效行', async () => {
    const wrapper = await toResult(2, 0)
    expect(byTestId('import-verdict')?.textContent).toContain('全部 2 行校验通过')
    expect((byTestId('import-all') as HTMLButtonElement).disabled).toBe(false)
    expect(byTestId('import-valid')).toBeNull()
    expect(byTestId('import-all-blocked')).toBeNull()
    wrapper.unmount()
  })

  it('while the check runs: polls the import and the job every second and shows the progress', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const wrapper = await toMapping()
      replies.push(answer(202, { ...uploaded, status: 'validating', jobId: 40 }))
      byTestId('import-check')?.click()
      await flushPromises()
      expect(byTestId('import-progress')).not.toBeNull()
      replies.push(
        answer(200, { ...uploaded, status: 'validating', jobId: 40 }),
        answer(200, {
          id: 40,
          status: 'running',
          progress: { percent: 50, done: 1000, total: 2000, message: null },
        }),
      )
      vi.advanceTimersByTime(1000)
      await flushPromises()
      expect(calls.slice(-2).map((c) => c.url)).toEqual(['/api/registry/imports/7', '/api/jobs/40'])
      expect(byTestId('import-progress')?.textContent).toContain('50%')
      replies.push(
        answer(200, validated(2, 0)),
        answer(200, {
          id: 40,
          status: 'succeeded',
          progress: { percent: 100, done: 2, total: 2, message: null },
        }),
      )
      vi.advanceTimersByTime(1000)
      await flushPromises()
      expect(byTestId('import-progress')).toBeNull()
      expect(byTestId('import-verdict')?.textContent).toContain('全部 2 行校验通过')
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps the kind chosen in the address bar and gives that kind’s template', async () => {
    const wrapper = await mountPage()
    expect(byTestId('import-kind')?.querySelector('.is-active')?.textContent?.trim()).toBe('人员')
    const blobs: Blob[] = []
    const objectUrl = vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
      if (b instanceof Blob) blobs.push(b)
      return 'blob:template'
    })
    // The download itself is the browser's: the link is clicked, nothing more.
    const anchor = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)

    byTestId('import-kind-houses')?.querySelector('input')?.click()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ kind: 'houses' })
    expect(byTestId('import-kind-hint')?.textContent).toContain('楼栋编码')
    expect(byTestId('import-template')?.textContent?.trim()).toBe('下载房屋导入模板（CSV）')
    byTestId('import-template')?.click()
    expect(await blobs[0]?.text()).toMatch(/^\uFEFF楼栋编码,单元,楼层,房号,/)

    byTestId('import-kind-persons')?.querySelector('input')?.click()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
    byTestId('import-template')?.click()
    expect(await blobs[1]?.text()).toMatch(/^\uFEFF户号,姓名,/)
    anchor.mockRestore()
    objectUrl.mockRestore()
    wrapper.unmount()
  })

  it('imports organizations: the kind sent, its fields marked, no households, then its tab of 地·物·组织', async () => {
    const organizations: TRegistryImport = {
      ...uploaded,
      id: 9,
      kind: 'organizations',
      fileName: '单位.csv',
      headers: ['统一社会信用代码', '单位名称', '地址'],
      suggestedMapping: { creditCode: 0, name: 1 },
      fields: [
        { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', required: true },
        { key: 'name', zh: '单位名称', en: 'Name', required: true },
        { key: 'address', zh: '单位地址', en: 'Address', required: true },
        { key: 'gridCode', zh: '网格编码', en: 'Grid code', required: false },
        { key: 'lng', zh: '经度', en: 'Longitude', required: false },
      ],
      samples: [['9111************0X', '湖滨便利店', '湖滨路8号']],
      totalRows: 1,
    }
    const wrapper = await mountPage('/registry/import?kind=organizations')
    expect(byTestId('import-kind')?.querySelector('.is-active')?.textContent?.trim()).toBe('单位')
    replies.push(answer(201, organizations))
    await pick('单位.csv', '统一社会信用代码,单位名称,地址\r\n')
    const form = calls[0]?.body as FormData
    expect(form.get('kind')).toBe('organizations')

    expect(byTestId('import-mapping-kind')?.textContent?.trim()).toBe('单位')
    for (const key of ['creditCode', 'name', 'address'])
      expect(byTestId(`mapping-row-${key}`)?.textContent).toContain('必填')
    expect(byTestId('mapping-row-gridCode')?.textContent).not.toContain('必填')
    // 单位地址 was not suggested (the file says 地址): the one required field left.
    expect(byTestId('import-missing')?.textContent).toContain('单位地址')
    expect(byTestId('import-missing')?.textContent).not.toContain('单位名称')
    expect(byTestId('import-default-grid-hint')?.textContent).toContain('经纬度')

    const checked: TRegistryImport = {
      ...organizations,
      status: 'validated',
      mapping: { creditCode: 0, name: 1, address: 2 },
      defaultGridCode: '110120001001001',
      validRows: 1,
      invalidRows: 0,
      jobId: 41,
    }
    replies.push(answer(202, checked))
    byTestId('import-check')?.click()
    await flushPromises()
    replies.push(answer(202, { ...checked, status: 'committed', committedRows: 1 }))
    byTestId('import-all')?.click()
    await flushPromises()
    expect(byTestId('import-imported')?.textContent).toContain('已导入 1 个单位')
    expect(byTestId('import-imported')?.textContent).not.toContain('户')
    expect(byTestId('import-open-places')?.textContent?.trim()).toBe('查看单位')
    byTestId('import-open-places')?.click()
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/registry/places')
    expect(router.currentRoute.value.query).toEqual({ tab: 'organization', area: '110120001001001' })
    wrapper.unmount()
  })

  describe('我的导入记录', () => {
    const rowOf = (id: number) =>
      byTestId(`import-history-${id}`) ??
      document.querySelector<HTMLElement>(
        `[data-testid="import-history-list"] tbody tr:nth-child(${history.findIndex((h) => h.id === id) + 1})`,
      )

    it('lists the importer’s imports of the chosen kind: status, counts, the error sheet, 继续 while waiting', async () => {
      history = [
        summary({
          id: 12,
          status: 'validated',
          totalRows: 4,
          validRows: 3,
          invalidRows: 1,
          errorReportUrl: '/api/registry/imports/12/errors.xlsx',
        }),
        summary({
          id: 11,
          status: 'committed',
          fileName: '人口-已修改.csv',
          totalRows: 4,
          validRows: 4,
          invalidRows: 0,
          committedRows: 4,
          households: 1,
        }),
        summary({ id: 10, status: 'uploaded', fileName: '新表.xlsx', format: 'xlsx' }),
        summary({ id: 9, status: 'failed', failure: '证件号码已被他人登记' }),
      ]
      const wrapper = await mountPage()
      expect(historyCalls.at(-1)?.get('kind')).toBe('persons')
      expect(historyCalls.at(-1)?.get('page')).toBe('1')
      const list = byTestId('import-history')
      expect(list?.textContent).toContain('我的导入记录')
      expect(list?.textContent).toContain('共 4 次')

      const validatedRow = rowOf(12)
      expect(validatedRow?.textContent).toContain('已校验')
      expect(validatedRow?.querySelector('.el-tag--warning')).not.toBeNull()
      expect(validatedRow?.textContent).toContain('2026/11/20 10:00:00')
      expect(validatedRow?.querySelector('.count--bad')?.textContent).toBe('1')
      expect(validatedRow?.querySelector('[data-testid="import-history-errors"]')?.getAttribute('href')).toBe(
        '/api/registry/imports/12/errors.xlsx',
      )
      expect(validatedRow?.querySelector('[data-testid="import-history-resume"]')).not.toBeNull()

      const committedRow = rowOf(11)
      expect(committedRow?.textContent).toContain('已导入')
      expect(committedRow?.querySelector('.el-tag--success')).not.toBeNull()
      expect(committedRow?.querySelector('.count--done')?.textContent).toBe('4')
      expect(committedRow?.querySelector('[data-testid="import-history-resume"]')).toBeNull()
      expect(committedRow?.querySelector('[data-testid="import-history-errors"]')).toBeNull()

      expect(rowOf(10)?.textContent).toContain('已上传')
      expect(rowOf(10)?.textContent).toContain('—')
      expect(rowOf(10)?.querySelector('[data-testid="import-history-resume"]')).not.toBeNull()
      expect(rowOf(9)?.querySelector('.el-tag--danger')?.textContent?.trim()).toBe('失败')
      expect(rowOf(9)?.querySelector('[data-testid="import-history-resume"]')).toBeNull()

      // Another kind chosen: its own imports.
      byTestId('import-kind-houses')?.querySelector('input')?.click()
      await flushPromises()
      expect(historyCalls.at(-1)?.get('kind')).toBe('houses')
      wrapper.unmount()
    })

    it('is a card per import on a phone, 继续 and the error sheet a thumb’s width', async () => {
      const screen = window as Window & {
        happyDOM?: { setViewport(v: { width: number; height: number }): void }
      }
      screen.happyDOM?.setViewport({ width: 390, height: 844 })
      try {
        history = [
          summary({
            id: 12,
            status: 'validated',
            totalRows: 4,
            validRows: 3,
            invalidRows: 1,
            errorReportUrl: '/api/registry/imports/12/errors.xlsx',
          }),
          summary({ id: 10, status: 'uploaded', fileName: '新表.xlsx', format: 'xlsx' }),
        ]
        const wrapper = await mountPage()
        expect(document.querySelector('[data-testid="import-history-list"] table')).toBeNull()
        const card = byTestId('import-history-12')
        expect(card?.textContent).toContain('人口.csv')
        expect(card?.textContent).toContain('已校验')
        expect(card?.textContent).toContain('有问题 1')
        expect(card?.querySelector('[data-testid="import-history-errors"]')?.getAttribute('href')).toBe(
          '/api/registry/imports/12/errors.xlsx',
        )
        // Before the check there are no counts to show.
        expect(byTestId('import-history-10')?.textContent).not.toContain('总行数')
        replies.push(answer(200, { ...uploaded, id: 10, samples: [] }))
        byTestId('import-history-10')
          ?.querySelector<HTMLElement>('[data-testid="import-history-resume"]')
          ?.click()
        await flushPromises()
        expect(router.currentRoute.value.query).toEqual({ import: '10' })
        expect(byTestId('import-step-mapping')).not.toBeNull()
        wrapper.unmount()
      } finally {
        screen.happyDOM?.setViewport({ width: 1024, height: 768 })
      }
    })

    it('says so when there is none', async () => {
      const wrapper = await mountPage()
      expect(byTestId('import-history')?.textContent).toContain('还没有导入过这类表格')
      wrapper.unmount()
    })

    it('continues an uploaded import at its columns, the id in the address bar', async () => {
      history = [summary({ id: 7, status: 'uploaded' })]
      const wrapper = await mountPage()
      // Resumed, an import has its columns and mapping but no samples (those come with the upload).
      replies.push(answer(200, { ...uploaded, samples: [], defaultGridCode: '110120001001001' }))
      rowOf(7)?.querySelector<HTMLElement>('[data-testid="import-history-resume"]')?.click()
      await flushPromises()
      expect(router.currentRoute.value.query).toEqual({ import: '7' })
      expect(calls.at(-1)).toMatchObject({ method: 'GET', url: '/api/registry/imports/7' })
      expect(byTestId('import-step-mapping')).not.toBeNull()
      expect(byTestId('mapping-select-documentNumber')?.textContent).toContain('身份证号')
      expect(byTestId('mapping-row-documentNumber')?.textContent).not.toContain('无示例值')
      expect(byTestId('import-default-grid')?.textContent).toContain('湖滨社区第一网格')
      // The open one is marked, not offered again.
      expect(rowOf(7)?.querySelector('[data-testid="import-history-resume"]')).toBeNull()
      expect(rowOf(7)?.textContent).toContain('当前')

      // Its dry run goes on from there; 重新选择文件 leaves the address bar without it.
      replies.push(answer(202, validated(2, 0)))
      byTestId('import-check')?.click()
      await flushPromises()
      expect(calls.at(-1)?.url).toBe('/api/registry/imports/7/dry-run')
      expect(byTestId('import-verdict')?.textContent).toContain('全部 2 行校验通过')
      byTestId('import-reupload')?.click()
      await flushPromises()
      expect(router.currentRoute.value.query).toEqual({})
      expect(byTestId('import-step-upload')).not.toBeNull()
      wrapper.unmount()
    })

    it('reopens a checked import from a link at its result, with its kind', async () => {
      replies.push(answer(200, { ...validated(1, 1), kind: 'houses', samples: [] }))
      const wrapper = await mountPage('/registry/import?import=7')
      expect(calls[0]).toMatchObject({ method: 'GET', url: '/api/registry/imports/7' })
      expect(byTestId('import-step-check')).not.toBeNull()
      expect(byTestId('import-verdict')?.textContent).toContain('1 行有问题')
      expect(router.currentRoute.value.query).toEqual({ kind: 'houses', import: '7' })
      await flushPromises()
      expect(historyCalls.at(-1)?.get('kind')).toBe('houses')
      wrapper.unmount()
    })

    it('stays at the upload, saying why, when the import is not the caller’s', async () => {
      replies.push(answer(404, { error: { code: 'not_found', message: '导入记录不存在' } }))
      const wrapper = await mountPage('/registry/import?import=99')
      expect(byTestId('import-step-upload')).not.toBeNull()
      expect(byTestId('import-error')?.textContent).toContain('导入记录不存在')
      wrapper.unmount()
    })

    it('puts a new upload in the address bar and asks for the list again as it moves on', async () => {
      const wrapper = await toMapping()
      expect(router.currentRoute.value.query).toEqual({ import: '7' })
      const before = historyCalls.length
      expect(before).toBeGreaterThanOrEqual(2)
      replies.push(answer(202, validated(2, 0)))
      byTestId('import-check')?.click()
      await flushPromises()
      expect(historyCalls.length).toBe(before + 1)
      replies.push(answer(202, { ...validated(2, 0), status: 'committed', committedRows: 2, households: 1 }))
      byTestId('import-all')?.click()
      await flushPromises()
      expect(historyCalls.length).toBe(before + 2)
      expect(byTestId('import-imported')?.textContent).toContain('已导入 2 人')
      wrapper.unmount()
    })
  })
})
