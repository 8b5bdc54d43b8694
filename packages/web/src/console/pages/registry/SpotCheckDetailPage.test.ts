import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import type { TSpotCheck, TSpotCheckAccuracy, TSpotCheckItem } from '../../../shared/api/spot-checks.ts'
import { useAuthStore } from '../../../shared/auth/auth-store.ts'
import { fakeMe } from '../../../shared/auth/test-fixtures.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import SpotCheckDetailPage from './SpotCheckDetailPage.vue'

const feedback = vi.hoisted(() => ({
  toastSuccess: vi.fn(),
  toastError: vi.fn(),
  confirmDanger: vi.fn(async (_message: string, _labels: object) => true),
}))
vi.mock('../../feedback.ts', () => feedback)
// The chart draws on a canvas, which the test DOM has not: the table beside it carries the same figures.
vi.mock('../../../shared/charts/echarts.ts', () => ({
  init: () => ({ setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }),
}))
vi.setConfig({ testTimeout: 30_000 })

const counts = (over: Partial<TSpotCheckAccuracy> = {}): TSpotCheckAccuracy => ({
  items: 2,
  checked: 0,
  correct: 0,
  corrected: 0,
  wrong: 0,
  unreachable: 0,
  verified: 0,
  accuracyPercent: null,
  ...over,
})

const pendingItem: TSpotCheckItem = {
  id: 11,
  person: {
    id: 31,
    name: '于生飞',
    documentKind: 'id_card',
    documentMasked: '110120********3156',
    sex: 'male',
    age: 41,
    phoneMasked: '138****0001',
    addressMasked: '湖滨路**号',
    nonLocal: false,
    status: 'active',
    tags: [],
    gridCode: '110120001001001',
    gridName: '湖滨社区第一网格',
    householdId: null,
    groups: [],
    version: 1,
    updatedAt: '2026-11-20T02:00:00.000Z',
  },
  personId: 31,
  gridCode: '110120001001001',
  gridName: '湖滨社区第一网格',
  assignee: { userId: 5, name: '吴网格员' },
  result: null,
  methodUsed: null,
  fieldsWrong: [],
  note: null,
  checkedBy: null,
  checkedAt: null,
  version: 1,
  mayRecord: true,
}
const checkedItem: TSpotCheckItem = {
  ...pendingItem,
  id: 12,
  personId: 32,
  person: pendingItem.person ? { ...pendingItem.person, id: 32, name: '钱小红' } : null,
  result: 'correct',
  methodUsed: 'phone',
  checkedBy: '吴网格员',
  checkedAt: '2026-11-21T02:00:00.000Z',
  version: 2,
}

const open: TSpotCheck = {
  id: 3,
  name: '十一月抽查',
  areaCode: '110120001001',
  areaName: '湖滨社区',
  samplePerGrid: 2,
  method: 'phone',
  dueOn: '2026-11-30',
  status: 'open',
  seed: 42,
  createdBy: '管理员',
  createdAt: '2026-11-20T02:00:00.000Z',
  closedBy: null,
  closedAt: null,
  itemCount: 2,
  checkedCount: 1,
  overall: counts({ checked: 1, correct: 1, verified: 1, accuracyPercent: 100 }),
  byGrid: [
    {
      gridCode: '110120001001001',
      gridName: '湖滨社区第一网格',
      accuracy: counts({ checked: 1, correct: 1, verified: 1, accuracyPercent: 100 }),
    },
  ],
  byWorker: [
    {
      assignee: { userId: 5, name: '吴网格员' },
      accuracy: counts({ checked: 1, correct: 1, verified: 1, accuracyPercent: 100 }),
    },
  ],
  items: [pendingItem, checkedItem],
  itemsTotal: 2,
  page: 1,
  pageSize: 20,
  mayClose: true,
}

type Call = { method: string; url: string; body: unknown }
const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const byTestId = <T extends HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`)
async function settle(): Promise<void> {
  await flushPromises()
  // Element Plus shows a form item's message 100 ms after it turns to error.
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}
async function click(testId: string): Promise<void> {
  const found = byTestId(testId)
  if (!found) throw new Error(`nothing marked ${testId}`)
  found.click()
  await settle()
}
/** A radio button or checkbox of Element Plus: its native input carries the change. */
async function choose(testId: string): Promise<void> {
  const input = byTestId(testId)?.querySelector('input')
  if (!input) throw new Error(`no input in ${testId}`)
  input.click()
  await settle()
}

async function mountPage(replies: Response[], calls: Call[]) {
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    calls.push({
      method: init?.method ?? 'GET',
      url,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    })
    return replies.shift() ?? answer(500, {})
  })
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().me = fakeMe('admin')
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      {
        path: '/registry/spot-checks/:id(\\d+)',
        name: 'registry-spot-check',
        component: SpotCheckDetailPage,
      },
      { path: '/:p(.*)*', component: { template: '<div />' } },
    ],
  })
  await router.push('/registry/spot-checks/3')
  await router.isReady()
  const host = defineComponent({ render: () => h(RouterView) })
  const wrapper = mount(host, {
    global: { plugins: [createTestI18n('zh-CN'), pinia, ElementPlus, router] },
    attachTo: document.body,
  })
  await settle()
  return { wrapper, router }
}

describe('a spot check’s page', () => {
  let calls: Call[]
  beforeEach(() => {
    calls = []
    localStorage.clear()
    feedback.confirmDanger.mockClear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the accuracy with its ratio, and records a wrong result with its fields at the version read', async () => {
    const replies = [answer(200, open)]
    const { wrapper } = await mountPage(replies, calls)
    expect(calls[0]).toMatchObject({ method: 'GET', url: '/api/registry/spot-checks/3?page=1&pageSize=20' })
    expect(byTestId('spot-check-accuracy')?.textContent?.trim()).toBe('100.00%')
    expect(byTestId('spot-check-overall')?.textContent).toContain('正确 1 ÷ 有效核查 1')
    expect(byTestId('spot-check-breakdown-table')?.textContent).toContain('湖滨社区第一网格')
    expect(byTestId('spot-check-item-table')?.textContent).toContain('110120********3156')

    await click('spot-check-record-11')
    expect(byTestId('spot-check-result-person')?.textContent).toContain('于生飞')
    // A wrong record names what was wrong before anything is sent.
    await choose('spot-check-result-wrong')
    await click('spot-check-result-submit')
    expect(calls).toHaveLength(1)
    expect(byTestId('spot-check-fields-item')?.textContent).toContain('请选择哪些信息有误')

    await choose('spot-check-field-phone')
    replies.push(
      answer(200, { ...pendingItem, result: 'wrong', fieldsWrong: ['phone'], version: 2 }),
      answer(200, {
        ...open,
        overall: counts({ checked: 2, correct: 1, wrong: 1, verified: 2, accuracyPercent: 50 }),
      }),
    )
    await click('spot-check-result-submit')
    expect(calls[1]).toEqual({
      method: 'POST',
      url: '/api/registry/spot-checks/3/items/11/result',
      body: { result: 'wrong', methodUsed: 'phone', fieldsWrong: ['phone'], version: 1 },
    })
    expect(calls[2]?.method).toBe('GET')
    expect(byTestId('spot-check-accuracy')?.textContent?.trim()).toBe('50.00%')
    wrapper.unmount()
  })

  it('tells of a result recorded meanwhile (409), reloads, and shows what is recorded now', async () => {
    const replies = [answer(200, open)]
    const { wrapper } = await mountPage(replies, calls)
    await click('spot-check-record-11')
    await choose('spot-check-result-correct')
    const theirs: TSpotCheckItem = {
      ...pendingItem,
      result: 'unreachable',
      methodUsed: 'visit',
      checkedBy: '另一位网格员',
      checkedAt: '2026-11-21T03:00:00.000Z',
      version: 2,
    }
    replies.push(
      answer(409, { error: { code: 'conflict', message: '该记录的核查结果已被他人登记，请刷新后重试' } }),
      answer(200, { ...open, items: [theirs, checkedItem] }),
    )
    await click('spot-check-result-submit')
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET'])
    const alert = byTestId('spot-check-result-conflict')?.textContent ?? ''
    expect(alert).toContain('他人已在此期间登记')
    expect(alert).toContain('无法联系')
    expect(alert).toContain('另一位网格员')
    // The form now holds what is recorded, and goes at the new version.
    replies.push(answer(200, { ...theirs, result: 'correct', version: 3 }), answer(200, open))
    await choose('spot-check-result-correct')
    await click('spot-check-result-submit')
    expect(calls[3]?.body).toMatchObject({ result: 'correct', methodUsed: 'visit', version: 2 })
    wrapper.unmount()
  })

  it('closes after a confirmation naming the residents still unchecked, and offers no recording after', async () => {
    const replies = [answer(200, open)]
    const { wrapper } = await mountPage(replies, calls)
    const closed: TSpotCheck = {
      ...open,
      status: 'closed',
      closedBy: '管理员',
      closedAt: '2026-11-22T02:00:00.000Z',
      mayClose: false,
      items: open.items.map((i) => ({ ...i, mayRecord: false })),
    }
    replies.push(answer(200, closed), answer(200, closed))
    await click('spot-check-close')
    expect(feedback.confirmDanger).toHaveBeenCalledOnce()
    expect(feedback.confirmDanger.mock.calls[0]?.[0]).toContain('还有 1 人未核查')
    expect(calls[1]).toMatchObject({ method: 'POST', url: '/api/registry/spot-checks/3/close' })
    expect(byTestId('spot-check-status-tag')?.textContent?.trim()).toBe('已结束')
    expect(byTestId('spot-check-closed-note')?.textContent).toContain('管理员')
    expect(byTestId('spot-check-close')).toBeNull()
    expect(byTestId('spot-check-record-11')).toBeNull()
    // What was never checked says so, no longer "pending".
    expect(byTestId('spot-check-item-table')?.textContent).toContain('未核查')
    expect(byTestId('spot-check-item-table')?.textContent).not.toContain('待核查')
    wrapper.unmount()
  })

  it('sends nothing when the closing is not confirmed', async () => {
    feedback.confirmDanger.mockResolvedValueOnce(false)
    const { wrapper } = await mountPage([answer(200, open)], calls)
    await click('spot-check-close')
    expect(calls).toHaveLength(1)
    wrapper.unmount()
  })
})
