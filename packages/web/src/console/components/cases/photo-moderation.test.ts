import { describe, expect, it } from 'vitest'
import {
  decisionsFor,
  moderationStatuses,
  moderationStatusFromQuery,
  moderationStatusToQuery,
} from './photo-moderation.ts'

describe('photo moderation tabs', () => {
  it('reads the tab from the address bar and writes it back the same', () => {
    for (const status of moderationStatuses)
      expect(moderationStatusFromQuery(moderationStatusToQuery(status) as Record<string, string>)).toBe(
        status,
      )
    expect(moderationStatusToQuery('pending')).toEqual({})
  })

  it('opens the queue for a missing, unknown or repeated status', () => {
    expect(moderationStatusFromQuery({})).toBe('pending')
    expect(moderationStatusFromQuery({ status: 'deleted' })).toBe('pending')
    expect(moderationStatusFromQuery({ status: ['approved', 'rejected'] })).toBe('pending')
  })

  it('offers both decisions on a new photo and the other one on a decided photo', () => {
    expect(decisionsFor('pending')).toEqual(['approved', 'rejected'])
    expect(decisionsFor('approved')).toEqual(['rejected'])
    expect(decisionsFor('rejected')).toEqual(['approved'])
  })
})
