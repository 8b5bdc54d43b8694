import { reactive } from 'vue'
import { ApiError } from '../api/client.ts'

export interface FieldErrors<F extends string> {
  /** The server's message per form field, for el-form-item's `error`. */
  readonly messages: Partial<Record<F, string>>
  /**
   * Takes the per-field messages of a failed call; returns true when at least one landed on a field,
   * so the caller shows the general message only otherwise.
   */
  take(error: unknown): boolean
  clear(field?: F): void
}

/**
 * Server validation errors shown under the inputs they are about. `fieldOf` maps the server's
 * field path (e.g. `assignments.0.areaCode`) to a form field, or undefined to leave it out.
 */
export function useFieldErrors<F extends string>(fieldOf: (path: string) => F | undefined): FieldErrors<F> {
  const messages = reactive<Partial<Record<F, string>>>({}) as Partial<Record<F, string>>
  const clear = (field?: F) => {
    const keys = field === undefined ? (Object.keys(messages) as F[]) : [field]
    for (const key of keys) delete messages[key]
  }
  return {
    messages,
    clear,
    take(error) {
      clear()
      if (!(error instanceof ApiError)) return false
      let placed = false
      for (const [path, message] of Object.entries(error.fields)) {
        const field = fieldOf(path)
        if (field === undefined) continue
        messages[field] = messages[field] ? `${messages[field]}；${message}` : message
        placed = true
      }
      return placed
    },
  }
}

/** For forms whose fields carry the server's names. */
export function sameNames<F extends string>(fields: readonly F[]): (path: string) => F | undefined {
  return (path) => fields.find((f) => f === path)
}
