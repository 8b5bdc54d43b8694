import type { ModuleFixtures } from '../../../test/access-matrix.ts'

/** The authorization matrix's requests for the links to other systems. */
export const integrationAccessFixtures: ModuleFixtures = ({ app }) => ({
  hotlineInbound: {
    targeted: false,
    coveredElsewhere:
      'modules/integrations/hotline.test.ts (the signature is the access rule: bad, old, replayed and missing ones get 401)',
    call: async () => ({ method: 'POST', url: '/api/integrations/12345/orders', payload: {} }),
  },
  upstreamInbound: {
    targeted: false,
    coveredElsewhere:
      'modules/integrations/upstream.test.ts (the signature is the access rule: a bad one gets 401; the link off, 503)',
    call: async () => ({ method: 'POST', url: '/api/integrations/upstream/updates', payload: {} }),
  },
  machineReport: {
    targeted: false,
    coveredElsewhere:
      'modules/integrations/machine.test.ts (an API key with scope machine, within its area; other keys 403, none 401)',
    call: async () => ({ method: 'POST', url: '/api/intake/machine', payload: {} }),
  },
  listOutbox: {
    targeted: false,
    districtWide: true,
    call: async () => ({ method: 'GET', url: '/api/outbox' }),
  },
  retryOutbox: {
    targeted: false,
    districtWide: true,
    call: async () => {
      // A message that gave up, for each call to put back in line.
      const row = await app()
        .database.db.insertInto('outbox')
        .values({
          channel: 'http',
          destination: 'http://127.0.0.1:9/gone',
          payload: JSON.stringify({ matrix: true }),
          headers: JSON.stringify({}),
          status: 'dead',
          next_attempt_at: new Date(),
          created_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { method: 'POST', url: `/api/outbox/${row.id}/retry` }
    },
  },
})
