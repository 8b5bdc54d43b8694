import type { ModuleFixtures } from '../../../test/access-matrix.ts'

/**
 * syncBatch is open to anybody signed in; each item is authorized by the operation it names
 * (sync.test.ts shows another grid's worker refused inside a batch). Here the item is one
 * every caller is refused on its own terms, so the batch answers 200 and writes nothing.
 */
export const syncAccessFixtures: ModuleFixtures = () => {
  let n = 0
  return {
    syncBatch: {
      targeted: false,
      call: async () => ({
        method: 'POST',
        url: '/api/field/sync',
        payload: {
          items: [
            {
              id: `matrix-sync-${String(++n).padStart(4, '0')}`,
              operation: 'createPerson',
              body: { name: '' },
            },
          ],
        },
      }),
    },
  }
}
