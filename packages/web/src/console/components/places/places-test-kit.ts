import { flushPromises } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia } from 'pinia'
import { vi } from 'vitest'
import { createTestI18n } from '../../../shared/i18n/test-i18n.ts'

/** What the place components' tests share: plugins, a fetch that records calls, and DOM helpers. */

export type Call = { method: string; url: string; body: unknown }

export function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

export const plugins = () => [createTestI18n('zh-CN'), createPinia(), ElementPlus]

/**
 * Replaces fetch: the pickers' and maps' look-ups (grids, areas) answer empty; every other call is recorded
 * and answered by the next reply queued, or by `route` when given.
 */
export function recordFetch(route?: (call: Call) => Response | undefined) {
  const calls: Call[] = []
  const replies: Response[] = []
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    if (url.startsWith('/api/grids') || url.startsWith('/api/areas') || url.startsWith('/api/map-config'))
      return answer(200, { items: [], total: 0, type: 'FeatureCollection', features: [] })
    const call = {
      method: init?.method ?? 'GET',
      url,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    }
    calls.push(call)
    return route?.(call) ?? replies.shift() ?? answer(500, {})
  })
  return { calls, replies }
}

export const byTestId = <T extends HTMLElement>(id: string) =>
  document.querySelector<T>(`[data-testid="${id}"]`)

/** Element Plus puts an input's test id on the native input (a number input's on its wrapper). */
export function type(testId: string, value: string): void {
  const marked = document.querySelector(`[data-testid="${testId}"]`)
  const input = marked instanceof HTMLInputElement ? marked : marked?.querySelector('input')
  if (!input) throw new Error(`no input ${testId}`)
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  input.dispatchEvent(new FocusEvent('blur'))
}

/** The form item holding an element, and the message under it. */
export function itemOf(testId: string) {
  const item = document.querySelector(`[data-testid="${testId}"]`)?.closest('.el-form-item')
  return {
    failed: item?.classList.contains('is-error') ?? false,
    message: item?.querySelector('.el-form-item__error')?.textContent?.trim() ?? '',
  }
}

export async function settle(): Promise<void> {
  await flushPromises()
  // Element Plus shows a form item's message 100 ms after it turns to error.
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}

export async function click(testId: string): Promise<void> {
  byTestId<HTMLButtonElement>(testId)?.click()
  await settle()
}
