import type { ModuleFixtures } from '../../../test/access-matrix.ts'

/** The authorization matrix's requests for the working-day calendar. */
export const calendarAccessFixtures: ModuleFixtures = () => ({
  getCalendar: { targeted: false, call: async () => ({ method: 'GET', url: '/api/calendar/2026' }) },
  updateCalendar: {
    targeted: false,
    districtWide: true,
    call: async () => ({
      method: 'PUT',
      url: '/api/calendar/2031',
      payload: { days: [{ date: '2031-01-01', kind: 'holiday', name: '元旦' }], reason: '权限矩阵测试' },
    }),
  },
  updateWorkingHours: {
    targeted: false,
    districtWide: true,
    call: async () => ({
      method: 'PUT',
      url: '/api/calendar/hours',
      payload: {
        hours: [
          { start: '08:30', end: '12:00' },
          { start: '13:30', end: '17:30' },
        ],
        reason: '权限矩阵测试',
      },
    }),
  },
  computeDeadline: {
    targeted: false,
    call: async () => ({
      method: 'POST',
      url: '/api/calendar/deadline',
      payload: {
        start: '2026-09-30T15:00:00+08:00',
        limits: [{ key: 'handle', amount: 3, unit: 'working_days' }],
      },
    }),
  },
})
