import { describe, expect, it } from 'vitest'
import { buildCalendar, type WorkCalendar } from './calendar.ts'
import { computeDeadline, type DeadlineOptions, type Pause, type TimeLimit } from './deadline.ts'
import { at, days2025, days2026, local } from './fixtures.ts'

const cal = buildCalendar({ days: [...days2025, ...days2026], years: [2025, 2026] })

const wd = (amount: number): TimeLimit => ({ amount, unit: 'working_days' })
const wh = (amount: number): TimeLimit => ({ amount, unit: 'working_hours' })
const nd = (amount: number): TimeLimit => ({ amount, unit: 'natural_days' })
const nh = (amount: number): TimeLimit => ({ amount, unit: 'natural_hours' })
const pause = (from: string, to: string | null): Pause => ({
  from: at(from),
  to: to === null ? null : at(to),
})

function due(
  start: string,
  limit: TimeLimit,
  options?: DeadlineOptions,
  calendar: WorkCalendar = cal,
): string {
  return local(computeDeadline(calendar, at(start), limit, options))
}

describe('pauses (挂起) add back their time in the limit’s own measure', () => {
  it('a pause over a weekend adds nothing to a working-days limit', () => {
    expect(due('2026-03-06 10:00', wd(3))).toBe('Wed 2026-03-11 17:30')
    const pauses = [pause('2026-03-06 18:00', '2026-03-09 08:30')]
    expect(due('2026-03-06 10:00', wd(3), { pauses })).toBe('Wed 2026-03-11 17:30')
  })

  it('the same weekend pause adds its 48 h to a natural-days limit: 24:00 Wed 03-11 → 24:00 Fri 03-13', () => {
    expect(due('2026-03-06 10:00', nd(5))).toBe('Thu 2026-03-12 00:00')
    const pauses = [pause('2026-03-07 00:00', '2026-03-09 00:00')]
    expect(due('2026-03-06 10:00', nd(5), { pauses })).toBe('Sat 2026-03-14 00:00')
  })

  it('a pause spanning 劳动节 2026 (Thu 04-30 15:30 → Wed 05-06 10:30) adds only its 4 working hours', () => {
    // Deadline Wed 05-20 17:30 + 4 h: 3.5 h Thu morning, 30 min after lunch.
    const pauses = [pause('2026-04-30 15:30', '2026-05-06 10:30')]
    expect(due('2026-04-27 09:00', wd(15), { pauses })).toBe('Thu 2026-05-21 14:00')
  })

  it('a pause within working hours moves a working-hours deadline by its length', () => {
    expect(due('2026-03-10 09:00', wh(4))).toBe('Tue 2026-03-10 14:30')
    expect(due('2026-03-10 09:00', wh(4), { pauses: [pause('2026-03-10 10:00', '2026-03-10 11:00')] })).toBe(
      'Tue 2026-03-10 15:30',
    )
  })

  it('an open pause adds nothing yet to computeDeadline', () => {
    expect(due('2026-03-10 09:00', wh(4), { pauses: [pause('2026-03-10 10:00', null)] })).toBe(
      'Tue 2026-03-10 14:30',
    )
  })

  it('two pauses, given in any order: 30 min, then one straddling the moved deadline counts whole', () => {
    // After 09:30–10:00 the deadline is 15:00; 14:00–16:00 starts before it with 1 h left → 17:00.
    const pauses = [
      pause('2026-03-10 14:00', '2026-03-10 16:00'),
      pause('2026-03-10 09:30', '2026-03-10 10:00'),
    ]
    expect(due('2026-03-10 09:00', wh(4), { pauses })).toBe('Tue 2026-03-10 17:00')
  })

  it('overlapping pauses count their union once: 09:30–10:00 and 09:45–10:15 add 45 min', () => {
    const pauses = [
      pause('2026-03-10 09:30', '2026-03-10 10:00'),
      pause('2026-03-10 09:45', '2026-03-10 10:15'),
    ]
    expect(due('2026-03-10 09:00', wh(4), { pauses })).toBe('Tue 2026-03-10 15:15')
  })

  it('a pause starting at or after the deadline adds nothing', () => {
    expect(due('2026-03-10 09:00', wh(4), { pauses: [pause('2026-03-10 14:30', '2026-03-10 16:00')] })).toBe(
      'Tue 2026-03-10 14:30',
    )
    expect(due('2026-06-18 10:00', wd(3), { pauses: [pause('2026-06-25 09:00', '2026-06-25 10:00')] })).toBe(
      'Wed 2026-06-24 17:30',
    )
  })

  it('the deadline moves: once a pause pushes it to Thu 06-25, a Thu pause counts (1 h → Fri 09:30)', () => {
    const pauses = [
      pause('2026-06-22 09:00', '2026-06-23 09:00'),
      pause('2026-06-25 09:00', '2026-06-25 10:00'),
    ]
    expect(due('2026-06-18 10:00', wd(3), { pauses })).toBe('Fri 2026-06-26 09:30')
  })

  it('a pause straddling the deadline resumes with the time that was left: 14:00–16:00 with 30 min left → 16:30', () => {
    expect(due('2026-03-10 09:00', wh(4), { pauses: [pause('2026-03-10 14:00', '2026-03-10 16:00')] })).toBe(
      'Tue 2026-03-10 16:30',
    )
  })

  it('only the part of a pause after the start counts', () => {
    expect(due('2026-03-10 09:00', wh(4), { pauses: [pause('2026-03-09 09:00', '2026-03-10 10:00')] })).toBe(
      'Tue 2026-03-10 15:30',
    )
  })

  it('natural hours add back elapsed time, holidays or not', () => {
    expect(due('2026-10-01 10:00', nh(24), { pauses: [pause('2026-10-01 12:00', '2026-10-01 18:00')] })).toBe(
      'Fri 2026-10-02 16:00',
    )
  })
})

describe('extensions (延期) count on from the current deadline', () => {
  it('Sat 2026-10-10 17:30 + 2 working days: Sun off, Mon 10-12, Tue 10-13 at 17:30', () => {
    expect(due('2026-09-30 15:00', wd(3), { extensions: [wd(2)] })).toBe('Tue 2026-10-13 17:30')
  })

  it('make-up Sat 2026-05-09 10:00 + 3 working hours: 2 h before lunch, 1 h after → 14:30', () => {
    expect(due('2026-05-08 17:00', wh(2), { extensions: [wh(3)] })).toBe('Sat 2026-05-09 14:30')
  })

  it('working hours from a 17:30 deadline start the next working morning', () => {
    expect(due('2026-06-18 10:00', wd(3), { extensions: [wh(2)] })).toBe('Thu 2026-06-25 10:30')
  })

  it('are applied after pauses, and one after another', () => {
    const pauses = [pause('2026-06-22 09:00', '2026-06-23 09:00')]
    expect(due('2026-06-18 10:00', wd(3), { pauses, extensions: [wd(1)] })).toBe('Fri 2026-06-26 17:30')
    expect(due('2026-09-30 15:00', wd(3), { extensions: [wd(1), wh(1)] })).toBe('Tue 2026-10-13 09:30')
  })

  it('a deadline at 24:00 Thu counts on from Thu: +1 day → 24:00 Fri, +2 days → Sat, so 24:00 Mon', () => {
    expect(due('2026-03-09 15:00', nd(3), { extensions: [nd(1)] })).toBe('Sat 2026-03-14 00:00')
    expect(due('2026-03-09 15:00', nd(3), { extensions: [nd(2)] })).toBe('Tue 2026-03-17 00:00')
    expect(due('2026-03-09 15:00', nd(3), { extensions: [wd(1)] })).toBe('Fri 2026-03-13 17:30')
  })
})

describe('custom working hours', () => {
  const nineToFive = buildCalendar({
    days: [...days2025, ...days2026],
    years: [2025, 2026],
    hours: [{ start: '09:00', end: '17:00' }],
  })

  it('close of business is the end of the last period: 17:00', () => {
    expect(due('2026-03-11 10:00', wd(1), undefined, nineToFive)).toBe('Thu 2026-03-12 17:00')
  })

  it('Tue 16:00 + 2 h is Wed 10:00 with 09:00–17:00 but Wed 09:00 with the default hours', () => {
    expect(due('2026-03-10 16:00', wh(2), undefined, nineToFive)).toBe('Wed 2026-03-11 10:00')
    expect(due('2026-03-10 16:00', wh(2))).toBe('Wed 2026-03-11 09:00')
  })

  it('without a lunch break Tue 11:00 + 2 h is 13:00, not 14:30', () => {
    expect(due('2026-03-10 11:00', wh(2), undefined, nineToFive)).toBe('Tue 2026-03-10 13:00')
    expect(due('2026-03-10 11:00', wh(2))).toBe('Tue 2026-03-10 14:30')
  })

  it('a round-the-clock service closes at 24:00, and an extension counts on from that day', () => {
    const allDay = buildCalendar({ days: days2026, years: [2026], hours: [{ start: '00:00', end: '24:00' }] })
    expect(due('2026-03-11 10:00', wd(1), undefined, allDay)).toBe('Fri 2026-03-13 00:00')
    expect(due('2026-03-11 10:00', wd(1), { extensions: [wd(1)] }, allDay)).toBe('Sat 2026-03-14 00:00')
  })
})

describe('a year without an entered schedule (2027)', () => {
  const with2027 = buildCalendar({
    days: [...days2026, { date: '2027-01-01', kind: 'holiday', name: '元旦' }],
    years: [2026, 2027],
  })

  it('falls back to weekdays: Thu 2026-12-31 + 1 working day → Fri 2027-01-01', () => {
    expect(due('2026-12-31 10:00', wd(1))).toBe('Fri 2027-01-01 17:30')
  })

  it('entering 元旦 2027-01-01 moves it past the weekend to Mon 01-04', () => {
    expect(due('2026-12-31 10:00', wd(1), undefined, with2027)).toBe('Mon 2027-01-04 17:30')
  })

  it('natural days too: Wed 2026-12-30 + 2 → 24:00 Fri 01-01, or with 元旦 entered 24:00 Mon 01-04', () => {
    expect(due('2026-12-30 10:00', nd(2))).toBe('Sat 2027-01-02 00:00')
    expect(due('2026-12-30 10:00', nd(2), undefined, with2027)).toBe('Tue 2027-01-05 00:00')
  })
})
