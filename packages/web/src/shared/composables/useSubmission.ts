import { type Ref, ref } from 'vue'
import type { FieldErrors } from './useFieldErrors.ts'

export interface Submission {
  submitting: Ref<boolean>
  /** An error that belongs to no field, shown above the form. */
  failure: Ref<unknown>
  /** Forgets the last attempt's errors, form-level and per field. */
  clearErrors(): void
  /** Runs one submit: field errors from the server land on their fields, anything else in `failure`. */
  run(action: () => Promise<void>): Promise<void>
}

/** The submit state every form shares: a busy flag, server field errors and a form-level failure. */
export function useSubmission<F extends string>(fieldErrors: FieldErrors<F>): Submission {
  const submitting = ref(false)
  const failure = ref<unknown>(null)
  const clearErrors = () => {
    failure.value = null
    fieldErrors.clear()
  }
  return {
    submitting,
    failure,
    clearErrors,
    async run(action) {
      clearErrors()
      submitting.value = true
      try {
        await action()
      } catch (error) {
        if (!fieldErrors.take(error)) failure.value = error
      } finally {
        submitting.value = false
      }
    },
  }
}
