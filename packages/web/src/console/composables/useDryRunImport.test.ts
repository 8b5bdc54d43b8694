import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, reactive } from 'vue'
import { useDryRunImport } from './useDryRunImport.ts'

type Report = { dryRun: boolean; problems: number }

/** A dialog's worth of the flow: a file input bound to `picker`, and one other form field. */
function mountFlow() {
  const form = reactive({ reason: '导入' })
  let flow!: ReturnType<typeof useDryRunImport<Report>>
  const wrapper = mount(
    defineComponent({
      setup() {
        flow = useDryRunImport<Report>({ ok: (r) => r.problems === 0, fields: () => form.reason })
        return () => h('input', { ref: 'picker', type: 'file' })
      },
    }),
  )
  const file = new File(['x'], 'catalog.xlsx', { lastModified: 1 })
  return { form, flow: () => flow, wrapper, file }
}

describe('the dry-run-then-confirm flow of an import dialog', () => {
  it('offers confirming only after a clean dry run of exactly what would be sent', async () => {
    const { form, flow, file } = mountFlow()
    flow().file.value = file
    expect(flow().confirmable.value).toBe(false)

    flow().show({ dryRun: true, problems: 2 }, flow().request.value)
    expect(flow().confirmable.value).toBe(false)

    flow().show({ dryRun: true, problems: 0 }, flow().request.value)
    expect(flow().confirmable.value).toBe(true)
    expect(flow().stale.value).toBe(false)

    form.reason = '改了原因'
    await nextTick()
    expect(flow().stale.value).toBe(true)
    expect(flow().confirmable.value).toBe(false)
  })

  it('forgets the file and the report on reset', () => {
    const { flow, file } = mountFlow()
    flow().file.value = file
    flow().show({ dryRun: true, problems: 0 }, flow().request.value)
    flow().reset()
    expect(flow().file.value).toBeNull()
    expect(flow().report.value).toBeNull()
    expect(flow().confirmable.value).toBe(false)
    expect(flow().picker.value).not.toBeNull()
  })
})
