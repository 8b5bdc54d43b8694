import { useI18n } from 'vue-i18n'
import { ApiError } from '../api/client.ts'

/** A sentence for the user about a failed call, in the current language. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n()
  return (error) => {
    if (error instanceof ApiError && error.fromServer) return error.message
    if (error instanceof ApiError && error.code === 'bad_response') {
      return t('common.errors.unexpected', { status: error.status })
    }
    return t('common.errors.network')
  }
}
