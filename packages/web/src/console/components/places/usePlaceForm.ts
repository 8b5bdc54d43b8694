import type { PlaceKind } from '@onegrid/core/registry/places'
import { nextTick, reactive, ref } from 'vue'
import { ApiError } from '../../../shared/api/client.ts'
import { useFieldErrors } from '../../../shared/composables/useFieldErrors.ts'
import { useSubmission } from '../../../shared/composables/useSubmission.ts'
import { formFieldOf, type Problems } from './place-form-common.ts'
import { usePlaceLabels } from './usePlaceLabels.ts'

/**
 * The submit of a place form: its own checks first (every problem shown at once, under its field), then
 * the server's field messages in the same places, a stale version (409) as a notice to reload, and anything
 * else above the form.
 */
export function usePlaceForm<F extends string>(kind: PlaceKind, fields: readonly F[], dialogTestId: string) {
  const labels = usePlaceLabels()
  const serverErrors = useFieldErrors<F>(formFieldOf(fields))
  const { submitting, failure, clearErrors, run } = useSubmission(serverErrors)
  const clientErrors = reactive<Partial<Record<F, string>>>({}) as Partial<Record<F, string>>
  /** Someone else saved the record since it was read. */
  const conflict = ref(false)

  const errorOf = (field: F): string | undefined => clientErrors[field] ?? serverErrors.messages[field]

  function clearField(field: F): void {
    delete clientErrors[field]
    serverErrors.clear(field)
  }

  function reset(): void {
    clearErrors()
    for (const key of Object.keys(clientErrors) as F[]) delete clientErrors[key]
    conflict.value = false
  }

  async function submit(check: () => Problems<F>, action: () => Promise<void>): Promise<void> {
    reset()
    const problems = check()
    for (const [field, problem] of Object.entries(problems) as [F, NonNullable<Problems<F>[F]>][]) {
      clientErrors[field] = labels.problemText(kind, field, problem)
    }
    if (Object.keys(problems).length > 0) {
      // On a phone the first problem may be a screen away.
      await nextTick()
      document
        .querySelector(`[data-testid="${dialogTestId}"] .el-form-item.is-error`)
        ?.scrollIntoView({ block: 'center' })
      return
    }
    await run(async () => {
      try {
        await action()
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          conflict.value = true
          return
        }
        throw error
      }
    })
  }

  return { submitting, failure, conflict, errorOf, clearField, reset, submit, labels }
}
