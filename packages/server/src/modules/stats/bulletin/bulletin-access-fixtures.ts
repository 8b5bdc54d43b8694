import type { TBulletin } from '@onegrid/core/api/bulletins'
import type { ModuleFixtures, Target } from '../../../../test/access-matrix.ts'
import { createUser, systemActor } from '../../../../test/identity-fixtures.ts'
import type { UserPrincipal } from '../../../platform/auth/principal.ts'

/** The authorization matrix's requests for bulletins (通报). */
export const bulletinAccessFixtures: ModuleFixtures = ({ app, areaOf }) => {
  let admin: UserPrincipal | undefined
  const issued = new Map<Target, Promise<TBulletin>>()
  /** A district-wide administrator issues one bulletin of each street, which the callers then download. */
  const bulletinOf = (t: Target): Promise<TBulletin> => {
    let b = issued.get(t)
    if (!b) {
      b = (async () => {
        if (!admin) {
          const user = await createUser(app(), {
            username: 'm_bulletin_admin',
            role: 'admin',
            areaCode: '110120',
          })
          admin = await app().services.sessions.principalFor(user.id, user.username, 'matrix', false)
        }
        return app().services.bulletins.generate(admin, systemActor, {
          period: 'half_month',
          areaCode: areaOf(t),
        })
      })()
      issued.set(t, b)
    }
    return b
  }
  return {
    generateBulletin: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'POST',
        url: '/api/stats/bulletins',
        payload: { period: 'half_month', areaCode: areaOf(t) },
      }),
    },
    listBulletins: {
      targeted: false,
      call: async () => {
        // The other street's bulletin exists, and must not be listed.
        await bulletinOf('out')
        return { method: 'GET', url: '/api/stats/bulletins' }
      },
    },
    getBulletinFile: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'GET',
        url: `/api/stats/bulletins/${(await bulletinOf(t)).id}/xlsx`,
      }),
    },
  }
}
