import { computed, ref, shallowRef, useTemplateRef } from 'vue'
import { canConfirm, fileKey } from '../components/grid/import-report.ts'

/**
 * The dry-run-then-confirm flow every import dialog shares: the picked file
 * (and its `<input ref="picker">`), the last dry run's report, and whether
 * confirming is offered — only for a clean dry run of exactly what would be
 * sent now (`fields` are the form's other values; a change makes the report stale).
 */
export function useDryRunImport<R extends { dryRun: boolean }>(options: {
  ok: (report: R) => boolean
  fields?: () => unknown
  onPick?: () => void
}) {
  const file = shallowRef<File | null>(null)
  const picker = useTemplateRef<HTMLInputElement>('picker')
  const report = shallowRef<R | null>(null)
  const previewedWith = ref<string | null>(null)
  const request = computed(() => JSON.stringify([fileKey(file.value), options.fields?.() ?? null]))
  const confirmable = computed(() =>
    canConfirm(
      report.value && { dryRun: report.value.dryRun, ok: options.ok(report.value) },
      previewedWith.value,
      request.value,
    ),
  )
  const stale = computed(() => report.value !== null && previewedWith.value !== request.value)

  function pick(event: Event): void {
    file.value = (event.target as HTMLInputElement).files?.[0] ?? null
    options.onPick?.()
  }

  /** Keeps a dry run's report with the request (`request.value` when it was sent) it answers. */
  function show(answer: R, sentWith: string): void {
    report.value = answer
    previewedWith.value = sentWith
  }

  function reset(): void {
    file.value = null
    if (picker.value) picker.value.value = ''
    report.value = null
    previewedWith.value = null
  }

  return { file, picker, report, request, confirmable, stale, pick, show, reset }
}
