import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { setLocale } from '../i18n/index.ts'
import { createTestI18n } from '../i18n/test-i18n.ts'
import LiveStatus from './LiveStatus.vue'

describe('LiveStatus', () => {
  beforeEach(() => localStorage.clear())

  it('names the stream state in the current language and follows a switch', async () => {
    const i18n = createTestI18n()
    const wrapper = mount(LiveStatus, { props: { state: 'reconnecting' }, global: { plugins: [i18n] } })
    expect(wrapper.text()).toBe('实时通道重连中')
    expect(wrapper.classes()).toContain('og-live--reconnecting')

    await wrapper.setProps({ state: 'connected' })
    setLocale('en')
    await nextTick()
    expect(wrapper.text()).toBe('Live channel connected')
  })
})
