import type { ModuleFixtures } from '../../../test/access-matrix.ts'

/** The authorization matrix's requests for data exchange. */
export const exchangeAccessFixtures: ModuleFixtures = () => ({
  listDailyExports: {
    targeted: false,
    districtWide: true,
    call: async () => ({ method: 'GET', url: '/api/exports/daily' }),
  },
})
