import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client.ts'
import { sameNames, useFieldErrors } from './useFieldErrors.ts'
import { useSubmission } from './useSubmission.ts'

describe('useSubmission', () => {
  it('puts a server field error on its field and anything else in failure, and is idle afterwards', async () => {
    const fields = useFieldErrors(sameNames(['name'] as const))
    const submission = useSubmission(fields)
    const fieldError = new ApiError({
      status: 400,
      code: 'validation',
      message: 'bad',
      fields: { name: '太长' },
    })
    await submission.run(async () => {
      expect(submission.submitting.value).toBe(true)
      throw fieldError
    })
    expect(submission.submitting.value).toBe(false)
    expect(submission.failure.value).toBeNull()
    expect(fields.messages.name).toBe('太长')

    const other = new Error('network down')
    await submission.run(async () => {
      throw other
    })
    expect(submission.failure.value).toBe(other)
    expect(fields.messages.name).toBeUndefined()
  })
})
