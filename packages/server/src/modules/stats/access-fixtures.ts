import type { ModuleFixtures } from '../../../test/access-matrix.ts'

/** The authorization matrix's requests for the statistics: every read names an area inside or outside. */
export const statsAccessFixtures: ModuleFixtures = ({ areaOf }) => ({
  getKpis: {
    targeted: true,
    call: async (_c, t) => ({
      method: 'GET',
      url: `/api/stats/kpis?areaCode=${areaOf(t)}&groupBy=community`,
    }),
  },
  getKpiTrend: {
    targeted: true,
    call: async (_c, t) => ({ method: 'GET', url: `/api/stats/trend?areaCode=${areaOf(t)}&count=7` }),
  },
  getRanking: {
    targeted: true,
    call: async (_c, t) => ({
      method: 'GET',
      url: `/api/stats/ranking?areaCode=${areaOf(t)}&level=community`,
    }),
  },
  getDashboard: {
    targeted: true,
    call: async (_c, t) => ({ method: 'GET', url: `/api/stats/dashboard?areaCode=${areaOf(t)}` }),
  },
  listKpiDefinitions: {
    targeted: false,
    call: async () => ({ method: 'GET', url: '/api/stats/definitions' }),
  },
  getStatSettings: {
    targeted: false,
    call: async () => ({ method: 'GET', url: '/api/stats/settings' }),
  },
  updateStatSettings: {
    targeted: false,
    districtWide: true,
    call: async () => ({
      method: 'PUT',
      url: '/api/stats/settings',
      payload: { minSample: 30, closureRateKey: 'onTimeClosureRate' },
    }),
  },
})
