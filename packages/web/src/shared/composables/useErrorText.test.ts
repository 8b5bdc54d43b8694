import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { ApiError } from '../api/client.ts'
import { createTestI18n } from '../i18n/test-i18n.ts'
import { useErrorText } from './useErrorText.ts'

function textFor(error: unknown): string {
  const Probe = defineComponent({
    setup() {
      const errorText = useErrorText()
      return () => h('p', errorText(error))
    },
  })
  return mount(Probe, { global: { plugins: [createTestI18n('zh-CN')] } }).text()
}

describe('useErrorText', () => {
  it("shows the server's own localised message", () => {
    const error = new ApiError({ status: 404, code: 'not_found', message: '没有这个区域' })
    expect(textFor(error)).toBe('没有这个区域')
  })

  it('explains an unreadable response with its status', () => {
    expect(textFor(new ApiError({ status: 502, code: 'bad_response', message: 'HTTP 502' }))).toBe(
      '服务器返回了无法识别的响应（HTTP 502）',
    )
  })

  it('treats anything else as a connection problem', () => {
    expect(textFor(new ApiError({ status: 0, code: 'network', message: 'Network request failed' }))).toBe(
      '无法连接服务器，请检查网络后重试',
    )
    expect(textFor(new TypeError('boom'))).toBe('无法连接服务器，请检查网络后重试')
  })
})
