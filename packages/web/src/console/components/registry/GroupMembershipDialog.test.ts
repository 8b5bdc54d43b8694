import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TGroupMembership, TPerson } from '../../../shared/api/registry.ts'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'
import GroupMembershipDialog from './GroupMembershipDialog.vue'

vi.mock('../../feedback.ts', () => ({ toastSuccess: vi.fn(), toastError: vi.fn() }))
// Element Plus dialogs take seconds to mount on a busy 2-core CI machine.
vi.setConfig({ testTimeout: 60_000 })

const membership: TGroupMembership = {
  id: 3,
  group: 'community_correction',
  fields: {
    correctionNo: 'SQJZ2026001',
    correctionStart: '2026-01-05',
    correctionEnd: '2027-01-04',
    absconded: false,
  },
  riskLevel: 'yellow',
  riskReason: '报到不及时',
  riskSetBy: '吴网格员',
  riskSetAt: '2026-11-20T02:00:00.000Z',
  helpers: [],
  visitEveryDays: 15,
  since: '2026-01-05',
  endedOn: null,
  version: 6,
}

const person = { id: 31, name: '张三', memberships: [membership] } as unknown as TPerson

type Call = { method: string; url: string; body: unknown }
const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

function mountDialog() {
  return mount(GroupMembershipDialog, {
    props: { modelValue: true, person, membership },
    global: { plugins: [createTestI18n('zh-CN'), createPinia(), ElementPlus] },
    attachTo: document.body,
  })
}

function field(key: string) {
  const item = document.querySelector(`[data-testid="group-item-${key}"]`)
  const el = item?.querySelector<HTMLInputElement>('input, textarea') ?? null
  return {
    input: el,
    failed: item?.classList.contains('is-error') ?? false,
    message: item?.querySelector('.el-form-item__error')?.textContent?.trim() ?? '',
  }
}

async function save(): Promise<void> {
  document.querySelector<HTMLButtonElement>('[data-testid="group-submit"]')?.click()
  await flushPromises()
  // Element Plus shows a form item's message 100 ms after it turns to error.
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

describe('a special-group record', () => {
  let calls: Call[]
  let replies: Response[]
  beforeEach(() => {
    localStorage.clear()
    calls = []
    replies = []
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

  it('is a form built from the group’s schema, filled with what is recorded', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    const labels = [...document.querySelectorAll('[data-testid="group-fields"] .el-form-item__label')].map(
      (l) => l.textContent?.trim(),
    )
    expect(labels.slice(0, 3)).toEqual(['社区矫正人员编号', '原羁押场所', '矫正类别'])
    expect(labels).toContain('是否脱管')
    expect(field('correctionNo').input?.value).toBe('SQJZ2026001')
    wrapper.unmount()
  })

  it('asks for a required field before sending', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    const input = field('correctionNo').input
    if (!input) throw new Error('no correctionNo input')
    input.value = ''
    input.dispatchEvent(new Event('input'))
    await save()
    expect(calls).toEqual([])
    expect(field('correctionNo')).toMatchObject({ failed: true, message: '请填写社区矫正人员编号' })
    wrapper.unmount()
  })

  it('sends the record with its version, and puts the server’s `fields.<key>` messages under that input', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    replies.push(
      answer(400, {
        error: {
          code: 'validation',
          message: '请求有误',
          fields: { 'fields.correctionEnd': '填写有误：结束日期早于开始日期 / ends before it starts' },
        },
      }),
    )
    await save()
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/registry/persons/31/groups/community_correction',
    })
    expect(calls[0]?.body).toEqual({
      version: 6,
      fields: {
        correctionNo: 'SQJZ2026001',
        correctionStart: '2026-01-05',
        correctionEnd: '2027-01-04',
        absconded: false,
      },
    })
    expect(field('correctionEnd')).toMatchObject({
      failed: true,
      message: '填写有误：结束日期早于开始日期 / ends before it starts',
    })
    expect(field('correctionNo').failed).toBe(false)
    expect(wrapper.emitted('saved')).toBeUndefined()
    wrapper.unmount()
  })
})
