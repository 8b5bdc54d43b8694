import { describe, expect, it } from 'vitest'
import type { TBulletin } from '../../../shared/api/stats.ts'
import {
  bulletinPeriodOf,
  bulletinsViewFromQuery,
  bulletinsViewToQuery,
  defaultBulletinDay,
  fileSizeText,
  periodUnfinished,
  withFresh,
} from './bulletin-format.ts'

const bulletin = (id: number, kind: 'half_month' | 'month', from: string, to: string): TBulletin => ({
  id,
  districtCode: '110120',
  areaCode: '110120',
  areaName: '云溪区',
  period: { kind, from, to, label: '' },
  title: `通报 ${id}`,
  generatedBy: { id: 1, name: '领导' },
  generatedAt: '2026-11-16T01:30:00.000Z',
  files: {
    xlsx: { size: 12_000, url: `/api/stats/bulletins/${id}/xlsx` },
    pdf: { size: 90_000, url: `/api/stats/bulletins/${id}/pdf` },
  },
})

describe('the bulletins page’s address', () => {
  it('reads the kind and page, ignoring what it does not know', () => {
    expect(bulletinsViewFromQuery({})).toEqual({ kind: null, page: 1 })
    expect(bulletinsViewFromQuery({ kind: 'month', page: '3' })).toEqual({ kind: 'month', page: 3 })
    expect(bulletinsViewFromQuery({ kind: 'week', page: '-1' })).toEqual({ kind: null, page: 1 })
  })

  it('writes only what differs from the default', () => {
    expect(bulletinsViewToQuery({ kind: null, page: 1 })).toEqual({})
    expect(bulletinsViewToQuery({ kind: 'half_month', page: 2 })).toEqual({ kind: 'half_month', page: '2' })
  })
})

describe('the period the form starts with', () => {
  it('is the last finished half month or month in Beijing time, as the server’s default', () => {
    // 16 November 09:30 in Beijing is still the 16th's early morning in UTC: the first half is over.
    expect(defaultBulletinDay('half_month', new Date('2026-11-16T01:30:00Z'))).toBe('2026-11-15')
    // 16 November 07:30 in Beijing is 15 November in UTC: Beijing's date counts.
    expect(defaultBulletinDay('half_month', new Date('2026-11-15T23:30:00Z'))).toBe('2026-11-15')
    expect(defaultBulletinDay('half_month', new Date('2026-11-15T04:00:00Z'))).toBe('2026-10-31')
    expect(defaultBulletinDay('month', new Date('2026-12-01T00:00:00+08:00'))).toBe('2026-11-30')
    expect(defaultBulletinDay('month', new Date('2026-01-10T12:00:00+08:00'))).toBe('2025-12-31')
  })

  it('names the whole period of a day, and knows one not yet over', () => {
    expect(bulletinPeriodOf('half_month', '2026-11-20')).toMatchObject({
      from: '2026-11-16',
      to: '2026-11-30',
    })
    expect(bulletinPeriodOf('month', '2026-02-03')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' })
    const now = new Date('2026-11-24T10:00:00+08:00')
    expect(periodUnfinished(bulletinPeriodOf('half_month', '2026-11-20'), now)).toBe(true)
    expect(periodUnfinished(bulletinPeriodOf('half_month', '2026-11-15'), now)).toBe(false)
  })
})

describe('the list with the bulletins just generated', () => {
  const listed = [
    bulletin(5, 'half_month', '2026-11-01', '2026-11-15'),
    bulletin(4, 'month', '2026-10-01', '2026-10-31'),
  ]

  it('puts them first on the first page, once, whatever their period', () => {
    const older = bulletin(6, 'half_month', '2026-09-16', '2026-09-30')
    // The server lists 6 by its period, further down; it shows at the top once, not twice.
    const rows = withFresh([...listed, older], [older], { kind: null, page: 1 })
    expect(rows.map((b) => b.id)).toEqual([6, 5, 4])
  })

  it('leaves them out where the filter or the page would not show them', () => {
    const fresh = [bulletin(7, 'month', '2026-11-01', '2026-11-30')]
    expect(withFresh(listed, fresh, { kind: 'half_month', page: 1 }).map((b) => b.id)).toEqual([5, 4])
    expect(withFresh(listed, fresh, { kind: 'month', page: 1 }).map((b) => b.id)).toEqual([7, 5, 4])
    expect(withFresh(listed, fresh, { kind: null, page: 2 }).map((b) => b.id)).toEqual([5, 4])
  })
})

describe('file sizes', () => {
  it('reads like people write them', () => {
    expect(fileSizeText(850)).toBe('850 B')
    expect(fileSizeText(12_600)).toBe('12.3 KB')
    expect(fileSizeText(183_000)).toBe('179 KB')
    expect(fileSizeText(1_468_006)).toBe('1.4 MB')
  })
})
