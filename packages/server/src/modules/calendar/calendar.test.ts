import type { TCalendar, TDeadlineResult } from '@onegrid/core/api/calendar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { networkSince, smallNetwork } from '../../../test/grid-fixtures.ts'
import { bearer, createUser, tokenFor } from '../../../test/identity-fixtures.ts'
import { createTestApp } from '../../../test/test-app.ts'
import type { App } from '../../app.ts'
import { ManualClock } from '../../platform/clock.ts'

describe('the working-day calendar', () => {
  let app: App
  let admin: Record<string, string>
  let streetAdmin: Record<string, string>
  let worker: Record<string, string>
  const clock = new ManualClock('2026-11-20T09:00:00+08:00')

  beforeAll(async () => {
    app = await createTestApp({ clock })
    await app.services.areas.saveTree(smallNetwork(), { effectiveFrom: networkSince })
    await createUser(app, { username: 'cadmin', role: 'admin', areaCode: '110120' })
    await createUser(app, { username: 'cstreet', role: 'admin', areaCode: '110120001' })
    await createUser(app, { username: 'cworker', role: 'grid_worker', areaCode: '110120001' })
    admin = bearer(await tokenFor(app, 'cadmin'))
    streetAdmin = bearer(await tokenFor(app, 'cstreet'))
    worker = bearer(await tokenFor(app, 'cworker'))
  })
  afterAll(async () => {
    await app.close()
  })

  const year = async (y: number) =>
    (await app.http.inject({ method: 'GET', url: `/api/calendar/${y}`, headers: worker })).json() as TCalendar
  const deadline = async (start: string, amount: number, unit: string, extra: object = {}) => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/calendar/deadline',
      headers: worker,
      payload: { start, limits: [{ key: 'x', amount, unit }], ...extra },
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as TDeadlineResult
  }

  it('comes with the State Council schedules: 2026 National Day off, its make-up Saturday on', async () => {
    const y2026 = await year(2026)
    expect(y2026.known).toBe(true)
    expect(y2026.source).toBe('state_council')
    const kind = (date: string) => y2026.days.find((d) => d.date === date)?.kind
    expect(kind('2026-10-01')).toBe('holiday')
    expect(kind('2026-10-07')).toBe('holiday')
    expect(kind('2026-10-10')).toBe('workday')
    expect(kind('2026-02-14')).toBe('workday')
    expect(kind('2026-02-23')).toBe('holiday')
    expect(y2026.hours).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ])
    expect(y2026.knownYears).toContain(2025)
    const y2025 = await year(2025)
    expect(y2025.days.find((d) => d.date === '2025-01-26')?.kind).toBe('workday')
    expect(y2025.days.find((d) => d.date === '2025-02-04')?.kind).toBe('holiday')
  })

  it('computes deadlines through the holidays (standards.md §7)', async () => {
    expect((await deadline('2026-09-30T15:00:00+08:00', 3, 'working_days')).deadlines[0]?.deadline).toBe(
      '2026-10-10T09:30:00.000Z',
    )
    expect((await deadline('2026-05-08T17:00:00+08:00', 2, 'working_hours')).deadlines[0]?.deadline).toBe(
      '2026-05-09T02:00:00.000Z',
    )
    const paused = await deadline('2026-06-18T10:00:00+08:00', 3, 'working_days', {
      pauses: [{ from: '2026-06-22T09:00:00+08:00', to: '2026-06-23T09:00:00+08:00' }],
    })
    expect(paused.deadlines[0]?.deadline).toBe('2026-06-25T09:30:00.000Z')
  })

  it('says when a deadline crosses a year without a schedule, and a schedule entered for 2027 moves it', async () => {
    // Thu 2026-12-31 + 1 working day: with no 2027 schedule New Year's Day (a Friday) is assumed a working day.
    const before = await deadline('2026-12-31T10:00:00+08:00', 1, 'working_days')
    expect(before.assumedYears).toEqual([2027])
    expect(before.deadlines[0]?.deadline).toBe('2027-01-01T09:30:00.000Z')

    const put = await app.http.inject({
      method: 'PUT',
      url: '/api/calendar/2027',
      headers: admin,
      payload: {
        reason: '国务院办公厅 2027 年节假日安排',
        days: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-01-02', kind: 'holiday', name: '元旦' },
          { date: '2027-01-03', kind: 'holiday', name: '元旦' },
        ],
      },
    })
    expect(put.statusCode, put.body).toBe(200)
    expect((put.json() as TCalendar).source).toBe('admin')

    const after = await deadline('2026-12-31T10:00:00+08:00', 1, 'working_days')
    expect(after.assumedYears).toEqual([])
    expect(after.deadlines[0]?.deadline).toBe('2027-01-04T09:30:00.000Z')

    const audit = await app.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'calendar.update')
      .execute()
    expect(audit).toEqual([{ action: 'calendar.update', entity_id: '2027' }])
  })

  it('refuses a schedule with a date of another year or a make-up day on a weekday, naming the row', async () => {
    const res = await app.http.inject({
      method: 'PUT',
      url: '/api/calendar/2028',
      headers: { ...admin, 'accept-language': 'en' },
      payload: {
        reason: 'typo',
        days: [
          { date: '2029-01-01', kind: 'holiday', name: '元旦' },
          { date: '2028-01-05', kind: 'workday', name: '调休' },
        ],
      },
    })
    expect(res.statusCode).toBe(400)
    const fields = (res.json() as { error: { fields: Record<string, string> } }).error.fields
    expect(Object.keys(fields).sort()).toEqual(['days.0.date', 'days.1.kind'])
    expect((await year(2028)).known).toBe(false)
  })

  it('lets only a district-wide administrator change the calendar', async () => {
    const payload = { reason: '试试', days: [] }
    const street = await app.http.inject({
      method: 'PUT',
      url: '/api/calendar/2030',
      headers: streetAdmin,
      payload,
    })
    expect(street.statusCode).toBe(403)
    const byWorker = await app.http.inject({
      method: 'PUT',
      url: '/api/calendar/2030',
      headers: worker,
      payload,
    })
    expect(byWorker.statusCode).toBe(403)
  })

  it('changes working hours, and hour limits follow them', async () => {
    const bad = await app.http.inject({
      method: 'PUT',
      url: '/api/calendar/hours',
      headers: admin,
      payload: {
        reason: '冬季作息',
        hours: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
      },
    })
    expect(bad.statusCode).toBe(400)
    expect(Object.keys((bad.json() as { error: { fields: object } }).error.fields)).toEqual(['hours'])

    const ok = await app.http.inject({
      method: 'PUT',
      url: '/api/calendar/hours',
      headers: admin,
      payload: { reason: '冬季作息', hours: [{ start: '09:00', end: '17:00' }] },
    })
    expect(ok.statusCode, ok.body).toBe(200)
    // Mon 2026-11-23 16:00 + 2 working hours: one hour on Monday (until 17:00), one from 09:00 Tuesday.
    expect((await deadline('2026-11-23T16:00:00+08:00', 2, 'working_hours')).deadlines[0]?.deadline).toBe(
      '2026-11-24T02:00:00.000Z',
    )
    expect((await year(2026)).hours).toEqual([{ start: '09:00', end: '17:00' }])
  })

  it('refuses a day limit that is not whole, naming the field', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/calendar/deadline',
      headers: worker,
      payload: {
        start: '2026-11-23T09:00:00+08:00',
        limits: [{ key: 'x', amount: 1.5, unit: 'working_days' }],
      },
    })
    expect(res.statusCode).toBe(400)
    expect(Object.keys((res.json() as { error: { fields: object } }).error.fields)[0]).toMatch(/^limits\.0/)
  })
})
