import { describe, expect, it } from 'vitest'
import { sliceStarts } from './rollup-store.ts'

describe('the rebuild’s slices of periods', () => {
  it('cover the facts’ days from the first one’s month, a given number of months apart', () => {
    expect(sliceStarts('2025-01-03', '2025-03-31', 1)).toEqual(['2025-01-01', '2025-02-01', '2025-03-01'])
    expect(sliceStarts('2025-11-15', '2026-02-01', 3)).toEqual(['2025-11-01', '2026-02-01'])
    expect(sliceStarts('2025-12-31', '2026-01-01', 1)).toEqual(['2025-12-01', '2026-01-01'])
    expect(sliceStarts('2025-06-30', '2025-06-30', 12)).toEqual(['2025-06-01'])
  })
})
