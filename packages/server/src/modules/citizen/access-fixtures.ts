import type { ModuleFixtures } from '../../../test/access-matrix.ts'

const residents =
  'modules/citizen/citizen.test.ts (a resident’s verified phone is the access rule: no session 401, another phone’s report 404, limits per phone and address)'

/** The authorization matrix's requests for the citizen page. */
export const citizenAccessFixtures: ModuleFixtures = () => ({
  listCitizenCategories: {
    targeted: false,
    call: async () => ({ method: 'GET', url: '/api/citizen/categories' }),
  },
  searchCitizenAddresses: {
    targeted: false,
    // Standard addresses are public, in every street.
    showsForeignAreas: true,
    call: async () => ({ method: 'GET', url: `/api/citizen/addresses?q=${encodeURIComponent('东湖')}` }),
  },
  listPublicCases: {
    targeted: false,
    // The public map covers the whole district by design (no person, points blurred).
    showsForeignAreas: true,
    call: async () => ({ method: 'GET', url: '/api/citizen/public-cases' }),
  },
  requestPhoneCode: {
    targeted: false,
    coveredElsewhere: residents,
    call: async () => ({ method: 'POST', url: '/api/citizen/phone-codes', payload: {} }),
  },
  verifyPhoneCode: {
    targeted: false,
    coveredElsewhere: residents,
    call: async () => ({ method: 'POST', url: '/api/citizen/sessions', payload: {} }),
  },
  uploadCitizenPhoto: {
    targeted: false,
    coveredElsewhere: residents,
    call: async () => ({ method: 'POST', url: '/api/citizen/photos' }),
  },
  citizenReport: {
    targeted: false,
    coveredElsewhere: residents,
    call: async () => ({ method: 'POST', url: '/api/citizen/reports', payload: {} }),
  },
  listMyReports: {
    targeted: false,
    coveredElsewhere: residents,
    call: async () => ({ method: 'GET', url: '/api/citizen/reports' }),
  },
  citizenTrack: {
    targeted: false,
    coveredElsewhere: residents,
    call: async () => ({ method: 'GET', url: '/api/citizen/track/ABCDEFGHJK' }),
  },
  citizenRate: {
    targeted: false,
    coveredElsewhere: residents,
    call: async () => ({ method: 'POST', url: '/api/citizen/track/ABCDEFGHJK/rating', payload: {} }),
  },
  getPublicPhoto: {
    targeted: false,
    coveredElsewhere: 'modules/citizen/citizen.test.ts (only a moderator’s approved thumbnail; others 404)',
    call: async () => ({ method: 'GET', url: '/api/citizen/photos/1' }),
  },
  listPhotoModeration: {
    targeted: false,
    call: async () => ({ method: 'GET', url: '/api/citizen/moderation' }),
  },
  moderatePhoto: {
    targeted: false,
    coveredElsewhere:
      'modules/citizen/citizen.test.ts (a photo of a case outside the caller’s areas is 404; without the permission 403)',
    call: async () => ({
      method: 'POST',
      url: '/api/citizen/moderation/1',
      payload: { decision: 'approved' },
    }),
  },
})
