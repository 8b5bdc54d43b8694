import type { TSpotCheck } from '@onegrid/core/api/spot-checks'
import { sql } from 'kysely'
import type { ModuleFixtures, Target } from '../../../test/access-matrix.ts'
import { bearer, createUser, systemActor, tokenFor } from '../../../test/identity-fixtures.ts'
import type { UserPrincipal } from '../../platform/auth/principal.ts'

/** The authorization matrix's requests for spot checks of the registry. */
export const spotCheckAccessFixtures: ModuleFixtures = ({ app, areaOf, next }) => {
  let admin: { principal: UserPrincipal; token: string } | undefined
  /** A district-wide administrator draws the spot checks the callers read and record. */
  const districtAdmin = async () => {
    if (admin) return admin
    const user = await createUser(app(), { username: 'm_spotcheck_admin', role: 'admin', areaCode: '110120' })
    admin = {
      principal: await app().services.sessions.principalFor(user.id, user.username, 'matrix', false),
      token: await tokenFor(app(), user.username),
    }
    return admin
  }
  const gridIn = async (t: Target): Promise<string> => {
    const { rows } = await sql<{ code: string }>`
      SELECT code FROM areas WHERE level = 'grid' AND code LIKE ${`${areaOf(t)}%`} ORDER BY code LIMIT 1`.execute(
      app().database.db,
    )
    const code = rows[0]?.code
    if (!code) throw new Error(`no grid under ${areaOf(t)}`)
    return code
  }
  /** A spot check of one grid of the target street, with a person of ours in it (the demo has none outside). */
  const spotCheckAt = async (t: Target): Promise<TSpotCheck> => {
    const { principal, token } = await districtAdmin()
    const gridCode = await gridIn(t)
    await app().services.registry.persons.create(principal, systemActor, {
      name: next('抽查对象'),
      documentKind: 'id_card',
      gridCode,
    })
    const res = await app().http.inject({
      method: 'POST',
      url: '/api/registry/spot-checks',
      headers: bearer(token),
      payload: { name: next('矩阵抽查'), areaCode: gridCode, samplePerGrid: 1, method: 'phone' },
    })
    if (res.statusCode !== 201) throw new Error(`spot check not drawn: ${res.statusCode} ${res.body}`)
    return res.json() as TSpotCheck
  }

  return {
    createSpotCheck: {
      targeted: true,
      call: async (c, t) => ({
        method: 'POST',
        url: '/api/registry/spot-checks',
        payload: { name: next('抽查'), areaCode: areaOf(t), samplePerGrid: 1 },
        // Grid workers hold registry.manage, but a spot check checks their records: leaders draw it.
        refused: c.role === 'grid_worker',
      }),
    },
    listSpotChecks: {
      targeted: false,
      call: async () => ({ method: 'GET', url: '/api/registry/spot-checks?pageSize=200' }),
    },
    getSpotCheck: {
      targeted: true,
      call: async (_c, t) => ({
        method: 'GET',
        url: `/api/registry/spot-checks/${(await spotCheckAt(t)).id}?pageSize=200`,
      }),
    },
    recordSpotCheckResult: {
      targeted: true,
      call: async (c, t) => {
        const check = await spotCheckAt(t)
        const item = check.items[0]
        if (!item) throw new Error('a spot check without items')
        // The matrix's grid worker is posted to the street: make them the assignee, as a grid's worker would be.
        if (c.role === 'grid_worker' && c.userId !== null)
          await app()
            .database.db.updateTable('registry_spot_check_items')
            .set({ assignee_id: c.userId })
            .where('id', '=', item.id)
            .execute()
        return {
          method: 'POST',
          url: `/api/registry/spot-checks/${check.id}/items/${item.id}/result`,
          payload: {
            result: 'wrong',
            methodUsed: 'phone',
            fieldsWrong: ['phone'],
            version: item.version,
          },
        }
      },
    },
    closeSpotCheck: {
      targeted: true,
      call: async (c, t) => ({
        method: 'POST',
        url: `/api/registry/spot-checks/${(await spotCheckAt(t)).id}/close`,
        // Closed by whoever may draw one: a grid worker records results but does not end the check.
        refused: c.role === 'grid_worker',
      }),
    },
  }
}
